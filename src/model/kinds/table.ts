import { sameValue } from '../../diff/same.js';
import type { Ddl } from '../../sql/ddl.js';
import type { TableDef } from '../types.js';
import { columnSettings } from './column.js';
import { ids, show, type KindSpec } from './kind.js';
import { revokeDefaultGrants } from './privilege.js';
import { ancestorsOf, describeRebuild, rebuilds, rebuildTable } from './table-rebuild.js';

const tableShape = (t: TableDef) => ({ r: t.rowSecurity, f: t.forceRowSecurity, u: t.unlogged, p: t.partitioning, o: t.partitionOf, w: t.options });

const optionName = (option: string) => option.slice(0, option.indexOf('='));

/**
 * ALTER TABLE … RESET the storage parameters `to` drops, then SET all of `to`'s: PostgreSQL keeps
 * the parameters a SET does not name first, so setting them all leaves them in `to`'s order.
 */
function alterOptions(from: TableDef, to: TableDef, ddl: Ddl): string[] {
  if (sameValue(from.options, to.options)) return [];
  const out: string[] = [];
  const kept = new Set(to.options.map(optionName));
  const reset = from.options.map(optionName).filter((name) => !kept.has(name));
  if (reset.length) out.push(`ALTER TABLE ${ddl.qn(to)} RESET (${reset.map((n) => ddl.storageParameterName(n)).join(', ')});`);
  if (to.options.length) out.push(`ALTER TABLE ${ddl.qn(to)} SET (${ddl.storageParameters(to.options)});`);
  return out;
}

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
    for (const parent of t.inherits) deps.push(ids.relation(parent));
    for (const c of t.columns) if (c.userType) deps.push(ids.type(c.userType));
    return deps;
  },
  compare: (a, b) => (sameValue(tableShape(a), tableShape(b)) ? 'same' : 'alter'),
  create: (t, ctx) => {
    const { ddl, to: model } = ctx;
    // A column declared here and inherited too may be NOT NULL by its parent only; repeating it would
    // make the constraint this table's own as well (PostgreSQL 18 records which).
    const declared = t.columns.map((c) => (c.inheritance === 'both' && c.notNullInheritedOnly ? { ...c, notNull: false } : c));
    const out = [ddl.createTable({ ...t, columns: declared }), ...t.columns.flatMap((c) => columnSettings(t, c, model, ddl))];
    if (t.rowSecurity) out.push(ddl.rowSecurity(t, true));
    if (t.forceRowSecurity) out.push(ddl.forceRowSecurity(t, true));
    out.push(...revokeDefaultGrants({ object: 'table', schema: t.schema, name: t.name }, 'tables', ctx));
    return out;
  },
  drop: (t, { ddl }) => [ddl.dropTable(t)],
  // A change of partitioning cannot be made in place: the table is built again (see table-rebuild.ts),
  // with its partitions and the columns of both, and what stands on them is rebuilt around it.
  replaces: rebuilds,
  partOf: (t, model) => ancestorsOf(t, model),
  invalidates: (a, b) => (b === null || rebuilds(a, b) ? [ids.relation(a), ids.shape(a)] : []),
  alter: (from, to, ctx) => {
    const { ddl } = ctx;
    if (rebuilds(from, to)) return rebuildTable(from, to, ctx, tableKind.create);
    const out: string[] = [];
    if (!sameValue(from.partitionOf, to.partitionOf)) {
      if (from.partitionOf) out.push(ddl.detachPartition(from.partitionOf.table, to));
      if (to.partitionOf) out.push(`ALTER TABLE ${ddl.qn(to.partitionOf.table)} ATTACH PARTITION ${ddl.qn(to)} ${to.partitionOf.bound};`);
    }
    if (from.unlogged !== to.unlogged) out.push(`ALTER TABLE ${ddl.qn(to)} SET ${to.unlogged ? 'UNLOGGED' : 'LOGGED'};`);
    out.push(...alterOptions(from, to, ddl));
    if (from.rowSecurity !== to.rowSecurity) out.push(ddl.rowSecurity(to, to.rowSecurity));
    if (from.forceRowSecurity !== to.forceRowSecurity) out.push(ddl.forceRowSecurity(to, to.forceRowSecurity));
    return out;
  },
  rename: (from, to, { ddl }) => [ddl.renameTable(from, to)],
  describeCreate: (t) => `Created table '${show(t)}'.`,
  describeDrop: (t) => `Dropped table '${show(t)}'.`,
  describeAlter: (a, b) => {
    if (rebuilds(a, b)) return `Rebuilt table '${show(b)}' with its rows copied: ${describeRebuild(a, b)}.`;
    const parts: string[] = [];
    if (a.rowSecurity !== b.rowSecurity) parts.push(`${b.rowSecurity ? 'enabled' : 'disabled'} row-level security`);
    if (a.forceRowSecurity !== b.forceRowSecurity) parts.push(`${b.forceRowSecurity ? 'forced' : 'unforced'} row-level security`);
    if (a.unlogged !== b.unlogged) parts.push(b.unlogged ? 'made it unlogged' : 'made it logged');
    if (!sameValue(a.partitionOf, b.partitionOf)) parts.push(b.partitionOf ? 'attached it as a partition' : 'detached it');
    if (!sameValue(a.options, b.options)) parts.push(b.options.length ? `storage parameters ${b.options.join(', ')}` : 'default storage parameters');
    return `Altered table '${show(b)}': ${parts.join(', ') || 'storage'}.`;
  },
  describeRename: (a, b) => `Renamed table '${show(a)}' to '${b.name}'.`,
  dropLosesData: true,
  alterLosesData: rebuilds,
  locks: { drop: 'ACCESS EXCLUSIVE', alter: 'ACCESS EXCLUSIVE', rename: 'ACCESS EXCLUSIVE' },
  comments: (t) => [{ on: { object: 'table', target: t }, text: t.comment }],
};
