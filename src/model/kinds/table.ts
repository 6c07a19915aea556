import { sameValue } from '../../diff/same.js';
import { UsageError } from '../../errors.js';
import type { TableDef } from '../types.js';
import { ids, show, type KindSpec } from './kind.js';

const tableShape = (t: TableDef) => ({ r: t.rowSecurity, f: t.forceRowSecurity, u: t.unlogged, p: t.partitioning, o: t.partitionOf });

/**
 * Tables, with their columns in the CREATE statement (columns are their own kind for every later
 * change). Row-level security switches belong to the table; partitions attach to their parent.
 */
export const tableKind: KindSpec<TableDef> = {
  label: 'table',
  rank: 25,
  rebuildable: false,
  createdWithParent: false,
  list: (m) => m.tables,
  id: (t) => ids.relation(t),
  parent: () => null,
  dependsOn: (t) => {
    const deps = [ids.schema(t.schema)];
    if (t.partitionOf) deps.push(ids.relation(t.partitionOf.table));
    for (const c of t.columns) if (c.userType) deps.push(ids.type(c.userType));
    return deps;
  },
  compare: (a, b) => (sameValue(tableShape(a), tableShape(b)) ? 'same' : 'alter'),
  create: (t, { ddl }) => {
    const out = [ddl.createTable(t)];
    if (t.rowSecurity) out.push(ddl.rowSecurity(t, true));
    if (t.forceRowSecurity) out.push(ddl.forceRowSecurity(t, true));
    return out;
  },
  drop: (t, { ddl }) => [ddl.dropTable(t)],
  alter: (from, to, { ddl }) => {
    if (!sameValue(from.partitioning, to.partitioning)) {
      throw new UsageError(`changing how ${to.schema}.${to.name} is partitioned needs the table rebuilt; write that migration by hand`);
    }
    const out: string[] = [];
    if (!sameValue(from.partitionOf, to.partitionOf)) {
      if (from.partitionOf) out.push(`ALTER TABLE ${ddl.qn(from.partitionOf.table)} DETACH PARTITION ${ddl.qn(to)};`);
      if (to.partitionOf) out.push(`ALTER TABLE ${ddl.qn(to.partitionOf.table)} ATTACH PARTITION ${ddl.qn(to)} ${to.partitionOf.bound};`);
    }
    if (from.unlogged !== to.unlogged) out.push(`ALTER TABLE ${ddl.qn(to)} SET ${to.unlogged ? 'UNLOGGED' : 'LOGGED'};`);
    if (from.rowSecurity !== to.rowSecurity) out.push(ddl.rowSecurity(to, to.rowSecurity));
    if (from.forceRowSecurity !== to.forceRowSecurity) out.push(ddl.forceRowSecurity(to, to.forceRowSecurity));
    return out;
  },
  rename: (from, to, { ddl }) => [ddl.renameTable(from, to)],
  describeCreate: (t) => `Created table '${show(t)}'.`,
  describeDrop: (t) => `Dropped table '${show(t)}'.`,
  describeAlter: (a, b) => {
    const parts: string[] = [];
    if (a.rowSecurity !== b.rowSecurity) parts.push(`${b.rowSecurity ? 'enabled' : 'disabled'} row-level security`);
    if (a.forceRowSecurity !== b.forceRowSecurity) parts.push(`${b.forceRowSecurity ? 'forced' : 'unforced'} row-level security`);
    if (a.unlogged !== b.unlogged) parts.push(b.unlogged ? 'made it unlogged' : 'made it logged');
    if (!sameValue(a.partitionOf, b.partitionOf)) parts.push(b.partitionOf ? 'attached it as a partition' : 'detached it');
    return `Altered table '${show(b)}': ${parts.join(', ') || 'storage'}.`;
  },
  describeRename: (a, b) => `Renamed table '${show(a)}' to '${b.name}'.`,
  dropLosesData: true,
  comments: (t) => [{ on: { object: 'table', target: t }, text: t.comment }],
};
