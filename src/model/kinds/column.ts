import { sameExcept, sameValue } from '../../diff/same.js';
import type { Ddl } from '../../sql/ddl.js';
import type { ColumnDef, QualifiedName, SchemaModel, TableDef } from '../types.js';
import { generatedActions, identityAdded, identityChanges, readded, readdLosesData } from './column-forms.js';
import { ids, show, statement, tightening, type KindSpec, type Member, type PlanContext, type Sql } from './kind.js';
import { tableIn } from './lookup.js';
import { existingTable, notNullCheckName } from './online.js';
import { ancestorsOf } from './table-rebuild.js';

/**
 * Widening a type keeps every value; anything else may fail or lose precision on existing rows,
 * so it counts as destructive.
 */
function widens(from: string, to: string): boolean {
  if (from === to || to === 'text') return true;
  const varchar = /^character varying(?:\((\d+)\))?$/;
  const numeric = /^numeric(?:\((\d+),(\d+)\))?$/;
  const v1 = varchar.exec(from);
  const v2 = varchar.exec(to);
  if (v1 && v2) return v2[1] === undefined || (v1[1] !== undefined && Number(v2[1]) >= Number(v1[1]));
  const n1 = numeric.exec(from);
  const n2 = numeric.exec(to);
  if (n1 && n2) return n2[1] === undefined || (n1[1] !== undefined && n1[2] === n2[2] && Number(n2[1]) >= Number(n1[1]));
  const ladder = ['smallint', 'integer', 'bigint'];
  if (ladder.includes(from) && ladder.includes(to)) return ladder.indexOf(to) >= ladder.indexOf(from);
  return from === 'real' && to === 'double precision';
}

// Whether a column is declared locally as well as inherited cannot be changed in place.
const UNCOMPARED = ['comment', 'inheritance', 'notNullInheritedOnly'];

/**
 * inheritedFrom is the column of a parent this one comes from: a partition's parent, or the first
 * INHERITS parent that has a column of the name.
 */
export function inheritedFrom(table: QualifiedName, column: string, model: SchemaModel): { table: TableDef; def: ColumnDef } | null {
  const child = tableIn(model, table);
  if (!child) return null;
  for (const parentName of child.partitionOf ? [child.partitionOf.table] : child.inherits) {
    const parent = tableIn(model, parentName);
    const def = parent?.columns.find((p) => p.name === column);
    if (parent && def) return { table: parent, def };
  }
  return null;
}


/**
 * columnSettings prints what a new column needs beyond its definition: storage, compression and
 * statistics target (never part of a column definition before PostgreSQL 16), and, for a column a
 * parent gave it, where it departs from what CREATE TABLE copied from the parent.
 */
export function columnSettings(table: TableDef, def: ColumnDef, model: SchemaModel, ddl: Ddl): string[] {
  const origin = def.inheritance === 'local' ? null : inheritedFrom(table, def.name, model);
  // What CREATE TABLE gives the column: a parent's copy keeps its storage and compression, never its
  // statistics target; a declared column starts from its definition. Whether a partition shares its
  // parent's identity depends on the server (PostgreSQL 17+), so it is left as found.
  const created: ColumnDef =
    origin && def.inheritance === 'inherited'
      ? { ...origin.def, name: def.name, identity: def.identity, statistics: null, inheritance: def.inheritance, comment: def.comment }
      : { ...def, storage: origin?.def.storage ?? null, compression: origin?.def.compression ?? null, statistics: null };
  return alterColumn(table, created, def, { ddl });
}

/** Columns: created with their table, then added, dropped, altered and renamed one by one. */
export const columnKind: KindSpec<Member<ColumnDef>> = {
  label: 'column',
  rank: 30,
  rebuildable: false,
  createdWithParent: true,
  list: (m) => m.tables.flatMap((table) => table.columns.map((def) => ({ table, def }))),
  id: (c) => ids.column(c.table, c.def.name),
  parent: (c) => ids.relation(c.table),
  propagatedFrom: (c, model, op) => {
    // A column a parent gives (to a partition, or through INHERITS) is added and dropped with the
    // parent's; one the child declares itself as well outlives it. Alters print what the parent's
    // recursing ALTER TABLE leaves to do (see afterParent).
    if (c.def.inheritance !== 'inherited' || op === 'alter') return null;
    const origin = inheritedFrom(c.table, c.def.name, model);
    return origin ? ids.column(origin.table, c.def.name) : null;
  },
  partOf: (c, model) => {
    const table = tableIn(model, c.table);
    return [ids.relation(c.table), ...(table ? ancestorsOf(table, model) : [])];
  },
  dependsOn: (c, model) => {
    const origin = c.def.inheritance === 'local' ? null : inheritedFrom(c.table, c.def.name, model);
    return [ids.relation(c.table), ...(c.def.userType ? [ids.type(c.def.userType)] : []), ...(origin ? [ids.column(origin.table, c.def.name)] : [])];
  },
  compare: (a, b) => (sameExcept(a.def, b.def, UNCOMPARED) ? 'same' : 'alter'),
  // Views read whole relations: any change of a column's shape rebuilds the views over its table.
  // A column that may be dropped and added again takes its indexes, constraints, statistics,
  // grants and comment along, so they are rebuilt around it. The diff does not know the server, so
  // this holds for a new generated expression even where SET EXPRESSION keeps them (17+), which
  // rebuilds the column's indexes anyway; and for either direction, since the down plan inverts
  // these changes (DROP EXPRESSION one way is a re-add the other).
  invalidates: (a, b) => [ids.shape(a.table), ...(b && (readded(a.def, b.def) || readded(b.def, a.def)) ? [ids.column(a.table, a.def.name)] : [])],
  create: (c, ctx) => [ctx.ddl.addColumn(c.table, c.def), ...alterColumn(c.table, { ...c.def, storage: null, compression: null, statistics: null }, c.def, ctx)],
  drop: (c, { ddl }) => [ddl.dropColumn(c.table, c.def.name)],
  alter: (a, b, ctx) => {
    const from = afterParent(a, b, ctx.from, ctx.to);
    // The new column is added as `b` is, so nothing else of the old one needs changing.
    // Adding a stored generated column computes it for every row: a rewrite under the lock.
    if (readded(from, b.def, ctx)) {
      const rewrite = b.def.generated?.kind === 'stored' ? { rewrite: true } : {};
      const added = columnKind.create(b, ctx).map((sql) => (typeof sql === 'string' ? statement(sql, { lock: 'ACCESS EXCLUSIVE', ...rewrite }) : sql));
      return [ctx.ddl.dropColumn(b.table, a.def.name), ...added];
    }
    return onlineNotNull(a, b, alterColumn(b.table, from, b.def, ctx), ctx);
  },
  rename: (a, b, { ddl }) => [ddl.renameColumn(b.table, a.def.name, b.def.name)],
  describeCreate: (c) => `Added column '${c.def.name}' to '${show(c.table)}'.`,
  describeDrop: (c) => `Dropped column '${c.def.name}' from '${show(c.table)}'.`,
  describeAlter: ({ def: from }, { def: to, table }) => {
    const parts: string[] = [];
    if (from.type !== to.type) parts.push(`type ${from.type} → ${to.type}`);
    if (from.collation !== to.collation) parts.push(`collation ${to.collation ?? 'default'}`);
    if (from.default !== to.default) parts.push(to.default === null ? 'no default' : `default ${to.default}`);
    if (from.notNull !== to.notNull) parts.push(to.notNull ? 'NOT NULL' : 'nullable');
    if (!sameValue(from.identity, to.identity)) parts.push(to.identity ? `identity ${to.identity.kind}` : 'no identity');
    if (!sameValue(from.generated, to.generated)) parts.push(to.generated ? 'generated expression' : 'no generated expression');
    if (!sameValue(from.storage, to.storage)) parts.push(`storage ${to.storage?.mode ?? 'default'}`);
    if (from.compression !== to.compression) parts.push(`compression ${to.compression ?? 'default'}`);
    if (from.statistics !== to.statistics) parts.push(`statistics ${to.statistics ?? 'default'}`);
    return `Changed column '${to.name}' of '${show(table)}': ${parts.join(', ')}.`;
  },
  describeRename: (a, b) => `Renamed column '${a.def.name}' of '${show(b.table)}' to '${b.def.name}'.`,
  dropLosesData: true,
  alterLosesData: (a, b) => !widens(a.def.type, b.def.type) || readdLosesData(a.def, b.def),
  locks: { create: 'ACCESS EXCLUSIVE', drop: 'ACCESS EXCLUSIVE', alter: 'ACCESS EXCLUSIVE', rename: 'ACCESS EXCLUSIVE' },
  comments: (c) => [{ on: { object: 'column', target: c.table, column: c.def.name }, text: c.def.comment }],
};

/**
 * onlineNotNull makes an existing column NOT NULL without scanning the table under an ACCESS
 * EXCLUSIVE lock: a `CHECK (col IS NOT NULL) NOT VALID` first, then, in the following migration,
 * VALIDATE (a scan that blocks no writes), SET NOT NULL (which the validated check proves without
 * a scan, PostgreSQL 12+) and the check dropped. Every other statement of the change keeps its
 * place; a type change is marked as the rewrite it is. A column becoming an identity needs NOT
 * NULL first, in the same migration, so it keeps the plain form.
 */
function onlineNotNull(a: Member<ColumnDef>, b: Member<ColumnDef>, statements: readonly string[], ctx: PlanContext): Sql[] {
  const { ddl } = ctx;
  const rewrite = a.def.type !== b.def.type || a.def.collation !== b.def.collation;
  const plain = statements.map((sql) => statement(sql, { lock: 'ACCESS EXCLUSIVE', ...(rewrite ? { rewrite } : {}) }));
  const setNotNull = ddl.alterColumn(b.table, b.def.name, 'SET NOT NULL');
  const at = statements.indexOf(setNotNull);
  const existed = existingTable(b.table, ctx)?.columns.some((c) => c.name === b.def.name) ?? false;
  if (at === -1 || !existed || (b.def.identity !== null && a.def.identity === null)) {
    return plain.map((s, i) => (i === at ? { ...s, hazards: { ...s.hazards, rewrite: true } } : s));
  }
  const check = notNullCheckName(b.table, b.def.name);
  return [
    ...plain.slice(0, at),
    statement(ddl.addNotNullCheck(b.table, check, b.def.name), { lock: 'ACCESS EXCLUSIVE' }),
    ...plain.slice(at + 1),
    tightening(ddl.validateConstraint(b.table, check), { lock: 'SHARE UPDATE EXCLUSIVE' }, 'validate'),
    tightening(setNotNull, { lock: 'ACCESS EXCLUSIVE' }, 'validate'),
    tightening(ddl.dropConstraint(b.table, check), { lock: 'ACCESS EXCLUSIVE' }, 'validate'),
  ];
}

/**
 * afterParent is a child's column once its parent's column change has run: ALTER TABLE recurses to
 * inheriting tables and partitions for everything but the statistics target (set ONLY), and a new
 * type drops the default first and resets storage and compression.
 */
function afterParent(a: Member<ColumnDef>, b: Member<ColumnDef>, from: SchemaModel, to: SchemaModel): ColumnDef {
  if (a.def.inheritance === 'local') return a.def;
  const before = inheritedFrom(a.table, a.def.name, from)?.def;
  const after = inheritedFrom(b.table, b.def.name, to)?.def;
  if (!before || !after) return a.def;
  const out: { -readonly [K in keyof ColumnDef]: ColumnDef[K] } = { ...a.def };
  if (before.type !== after.type || before.collation !== after.collation) {
    Object.assign(out, { type: after.type, collation: after.collation, storage: after.storage, compression: after.compression, userType: after.userType });
    if (before.default !== null) out.default = after.default;
  }
  if (before.default !== after.default) out.default = after.default;
  if (before.notNull !== after.notNull) out.notNull = after.notNull;
  if (!sameValue(before.generated, after.generated)) out.generated = after.generated;
  if (!sameValue(before.storage, after.storage)) out.storage = after.storage;
  if (before.compression !== after.compression) out.compression = after.compression;
  return out;
}

function alterColumn(table: QualifiedName, from: ColumnDef, to: ColumnDef, { ddl }: Pick<PlanContext, 'ddl'>): string[] {
  const out: string[] = [];
  const alter = (action: string) => out.push(ddl.alterColumn(table, to.name, action));
  const retype = from.type !== to.type || from.collation !== to.collation;
  let defaultDropped = false;
  if (retype) {
    // A default that cannot be cast automatically would make ALTER TYPE fail: drop it first.
    if (from.default !== null) {
      alter('DROP DEFAULT');
      defaultDropped = true;
    }
    const collate = to.collation ? ` COLLATE ${to.collation}` : '';
    // Between two user types (enums) there is no cast: the values go through their text.
    const viaText = from.userType !== null && to.userType !== null && from.type !== to.type ? (to.type.endsWith('[]') ? '::text[]' : '::text') : '';
    alter(`TYPE ${to.type}${collate} USING ${ddl.id(to.name)}${viaText}::${to.type}`);
  }
  if (from.default !== to.default || (defaultDropped && to.default !== null)) {
    if (to.default === null) {
      if (!defaultDropped) alter('DROP DEFAULT');
    } else alter(`SET DEFAULT ${to.default}`);
  }
  if (from.notNull !== to.notNull) alter(to.notNull ? 'SET NOT NULL' : 'DROP NOT NULL');
  if (!sameValue(from.identity, to.identity)) {
    if (!to.identity) alter('DROP IDENTITY');
    else if (!from.identity) out.push(...identityAdded(table, to.name, to.identity, ddl));
    else out.push(...identityChanges(table, to.name, from.identity, to.identity, ddl));
  }
  for (const action of generatedActions(from, to)) alter(action);
  // A new type brings its own default storage and compression; the statistics target stays.
  const storage = retype ? null : from.storage;
  const compression = retype ? null : from.compression;
  if ((storage?.mode ?? null) !== (to.storage?.mode ?? null)) {
    const mode = to.storage?.mode ?? storage?.typeDefault;
    if (mode) alter(`SET STORAGE ${mode.toUpperCase()}`);
  }
  if (compression !== to.compression) alter(`SET COMPRESSION ${to.compression === null ? 'default' : ddl.id(to.compression)}`);
  // Children get their own statistics target, not their parent's: set only this table's.
  if (from.statistics !== to.statistics) out.push(ddl.alterColumn(table, to.name, `SET STATISTICS ${to.statistics ?? -1}`, true));
  return out;
}
