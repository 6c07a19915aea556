import type { AggregateDef } from '../types.js';
import { aggregateSignature } from './comment-target.js';
import { ids, show, type KindSpec } from './kind.js';

const label = (a: AggregateDef) => `aggregate '${show(a)}(${a.identityArguments || '*'})'`;

/**
 * Aggregates are pg_proc rows like functions, so they share the `function:` identities: pg_depend
 * then orders them after their support functions and state types, and views that call one after
 * it. There is no ALTER for their definition (CREATE OR REPLACE AGGREGATE is PostgreSQL 14+ and
 * cannot change the state type), so a changed aggregate is recreated, and what uses it rebuilt.
 */
export const aggregateKind: KindSpec<AggregateDef> = {
  label: 'aggregate',
  rank: 11,
  rebuildable: true,
  createdWithParent: false,
  list: (m) => m.aggregates ?? [],
  id: (a) => ids.function(a, a.identityArguments),
  parent: () => null,
  dependsOn: (a) => [ids.schema(a.schema)],
  compare: (a, b) => (a.arguments === b.arguments && a.options === b.options ? 'same' : 'recreate'),
  create: (a, { ddl }) => [`CREATE AGGREGATE ${ddl.qn(a)}(${a.arguments || '*'}) (${a.options});`],
  drop: (a, { ddl }) => [`DROP AGGREGATE ${aggregateSignature(a, ddl)};`],
  alter: () => [],
  describeCreate: (a) => `Created ${label(a)}.`,
  describeDrop: (a) => `Dropped ${label(a)}.`,
  describeAlter: (_, a) => `Changed ${label(a)}.`,
  dropLosesData: false,
  comments: (a) => [{ on: { object: 'aggregate', aggregate: a }, text: a.comment }],
};
