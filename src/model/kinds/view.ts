import { sameValue } from '../../diff/same.js';
import type { ViewDef } from '../types.js';
import { ids, show, type KindSpec, type ObjectComment } from './kind.js';
import { revokeDefaultGrants } from './privilege.js';

const viewShape = (v: ViewDef) => ({ m: v.materialized, d: v.definition, o: v.options, c: v.columns.map((c) => [c.name, c.type]) });
const label = (v: ViewDef) => (v.materialized ? 'materialized view' : 'view');

/** Views and materialized views: rebuilt when they change or when what they read changes under them. */
export const viewKind: KindSpec<ViewDef> = {
  label: 'view',
  rank: 90,
  rebuildable: true,
  createdWithParent: false,
  list: (m) => m.views,
  id: (v) => ids.relation(v),
  parent: () => null,
  dependsOn: (v) => [ids.schema(v.schema), ...v.dependsOn.flatMap((d) => [ids.relation(d), ids.shape(d)])],
  compare: (a, b) => (sameValue(viewShape(a), viewShape(b)) ? 'same' : 'recreate'),
  create: (v, ctx) => [ctx.ddl.createView(v), ...revokeDefaultGrants({ object: v.materialized ? 'materialized view' : 'view', schema: v.schema, name: v.name }, 'tables', ctx)],
  drop: (v, { ddl }) => [ddl.dropView(v)],
  alter: () => [],
  describeCreate: (v) => `Created ${label(v)} '${show(v)}'.`,
  describeDrop: (v) => `Dropped ${label(v)} '${show(v)}'.`,
  describeAlter: (_, v) => `Changed ${label(v)} '${show(v)}'.`,
  dropLosesData: false,
  locks: { drop: 'ACCESS EXCLUSIVE' },
  comments: (v): ObjectComment[] => [
    { on: { object: label(v), target: v }, text: v.comment },
    ...v.columns.map((c): ObjectComment => ({ on: { object: 'column', target: v, column: c.name }, text: c.comment })),
  ],
};
