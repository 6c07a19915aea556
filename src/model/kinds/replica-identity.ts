import type { Ddl } from '../../sql/ddl.js';
import type { TableDef } from '../types.js';
import { ids, qualified, show, type KindSpec } from './kind.js';

function clause(t: TableDef, ddl: Ddl): string {
  const identity = t.replicaIdentity;
  const what = typeof identity === 'string' ? identity.toUpperCase() : `USING INDEX ${ddl.id(identity.index)}`;
  return `ALTER TABLE ${ddl.qn(t)} REPLICA IDENTITY ${what};`;
}

function describe(t: TableDef): string {
  const identity = t.replicaIdentity;
  return typeof identity === 'string' ? identity : `index '${identity.index}'`;
}

/**
 * A table's REPLICA IDENTITY other than DEFAULT. Its own kind because USING INDEX needs the index
 * (or the constraint that owns it) first, and goes back to DEFAULT before that index is dropped or
 * rebuilt.
 */
export const replicaIdentityKind: KindSpec<TableDef> = {
  label: 'replica identity',
  rank: 55,
  rebuildable: true,
  createdWithParent: false,
  list: (m) => m.tables.filter((t) => t.replicaIdentity !== 'default'),
  id: (t) => `replica-identity:${qualified(t)}`,
  parent: (t) => ids.relation(t),
  dependsOn: (t) => {
    const identity = t.replicaIdentity;
    if (typeof identity === 'string') return [ids.relation(t)];
    const constraint = t.constraints.some((c) => c.name === identity.index);
    return [ids.relation(t), constraint ? `constraint:${qualified(t)}.${identity.index}` : `index:${t.schema}.${identity.index}`];
  },
  compare: (a, b) => (JSON.stringify(a.replicaIdentity) === JSON.stringify(b.replicaIdentity) ? 'same' : 'alter'),
  create: (t, { ddl }) => [clause(t, ddl)],
  drop: (t, { ddl }) => [clause({ ...t, replicaIdentity: 'default' }, ddl)],
  alter: (_, t, { ddl }) => [clause(t, ddl)],
  describeCreate: (t) => `Set the replica identity of '${show(t)}' to ${describe(t)}.`,
  describeDrop: (t) => `Set the replica identity of '${show(t)}' back to default.`,
  describeAlter: (_, t) => `Set the replica identity of '${show(t)}' to ${describe(t)}.`,
  dropLosesData: false,
};
