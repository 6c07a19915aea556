import { sameExcept, sameValue } from '../../diff/same.js';
import type { Ddl } from '../../sql/ddl.js';
import type { ConstraintDef, IndexDef, PolicyDef, QualifiedName, SchemaModel, TriggerDef } from '../types.js';
import { ids, qualified, show, statement, tightening, type KindSpec, type Member, type PlanContext, type Sql } from './kind.js';
import { tableIn } from './lookup.js';
import { concurrentAllowed, existingTable } from './online.js';
import { readded } from './column-forms.js';
import { onlinePartitionedIndex } from './partitioned-index.js';

const recreateUnlessSame = <T extends { comment: string | null }>(a: Member<T>, b: Member<T>) => (sameExcept(a.def, b.def, ['comment']) ? 'same' : 'recreate') as 'same' | 'recreate';

/** The primary key or unique constraints a foreign key needs on the table it references. */
function referencedKeys(fk: ConstraintDef, model: SchemaModel): string[] {
  const target = fk.foreignKey!.table;
  const table = tableIn(model, target);
  if (!table) return [ids.relation(target)];
  const keys = table.constraints.filter((c) => (c.type === 'primary key' || c.type === 'unique') && sameValue([...c.columns].sort(), [...fk.foreignKey!.columns].sort()));
  const indexes = table.indexes.filter((i) => i.unique && i.predicate === null && sameValue(i.elements.map((e) => e.column).sort(), [...fk.foreignKey!.columns].sort()));
  return [ids.relation(target), ...keys.map((k) => `constraint:${qualified(target)}.${k.name}`), ...indexes.map((i) => `index:${target.schema}.${i.name}`)];
}

/**
 * addConstraint adds a constraint to a table. On a table that already holds rows, a foreign key or
 * CHECK is added NOT VALID (a brief lock, no scan) and validated in the following migration (a
 * scan under SHARE UPDATE EXCLUSIVE, which blocks no writes); a primary key or unique constraint
 * adopts a unique index built CONCURRENTLY beforehand.
 */
function addConstraint(c: Member<ConstraintDef>, ctx: PlanContext): Sql[] {
  const { ddl } = ctx;
  const existing = existingTable(c.table, ctx);
  const type = c.def.type;
  if (existing && c.def.validated && (type === 'foreign key' || type === 'check')) {
    return [
      statement(ddl.addConstraint(c.table, c.def, true), { lock: type === 'foreign key' ? 'SHARE ROW EXCLUSIVE' : 'ACCESS EXCLUSIVE' }),
      tightening(ddl.validateConstraint(c.table, c.def.name), { lock: 'SHARE UPDATE EXCLUSIVE' }, 'validate'),
    ];
  }
  if (existing && concurrentAllowed(ctx) && ddl.keyClause(c.def) !== null) {
    return [
      { ...statement(ddl.uniqueIndexFor(c.table, c.def), { lock: 'SHARE UPDATE EXCLUSIVE', indexBuild: true }, 'concurrent'), ifFailed: ddl.dropIndex(c.table.schema, c.def.name, true, true) },
      statement(ddl.addConstraintUsingIndex(c.table, c.def), { lock: 'ACCESS EXCLUSIVE' }, 'validate'),
    ];
  }
  const builds = type === 'primary key' || type === 'unique' || type === 'exclude';
  const lock = type === 'foreign key' ? 'SHARE ROW EXCLUSIVE' : 'ACCESS EXCLUSIVE';
  return [statement(ddl.addConstraint(c.table, c.def), builds ? { lock, indexBuild: true } : { lock })];
}

/**
 * staysWhole tells whether a key or index over `columns` (null for an expression) outlives the
 * plan's column drops: PostgreSQL drops an index or constraint with any column it covers, so one
 * that loses a column must be dropped before it, in the same migration. An expression may read any
 * column, so it stays only when the table keeps them all.
 */
function staysWhole(table: QualifiedName, columns: readonly (string | null)[], ctx: PlanContext): boolean {
  // A column dropped and added again (a generated expression before PostgreSQL 17) is not kept.
  const before = new Map(tableIn(ctx.from, table)?.columns.map((c) => [c.name, c]));
  const kept = new Set(tableIn(ctx.to, table)?.columns.flatMap((c) => (before.has(c.name) && readded(before.get(c.name)!, c, ctx) ? [] : [c.name])));
  if (columns.every((c) => c !== null && kept.has(c))) return true;
  return tableIn(ctx.from, table)?.columns.every((c) => kept.has(c.name)) ?? false;
}

/**
 * dropsConcurrently: an index or key of a table that stays is dropped in the concurrent phase (an
 * index CONCURRENTLY), so that its down section can build it again concurrently, when it outlives
 * the plan's column drops (see staysWhole).
 */
function dropsConcurrently(table: QualifiedName, columns: readonly (string | null)[], ctx: PlanContext): boolean {
  return concurrentAllowed(ctx) && existingTable(table, ctx) !== null && staysWhole(table, columns, ctx);
}

const indexColumns = (i: IndexDef) => [...i.elements.map((e) => e.column), ...i.include];

/** Table constraints: primary keys, unique, checks, exclusions and foreign keys, recreated when they change. */
export const constraintKind: KindSpec<Member<ConstraintDef>> = {
  label: 'constraint',
  rank: 40,
  subRank: (c) => (c.def.type === 'foreign key' ? 15 : 0),
  rebuildable: true,
  createdWithParent: false,
  list: (m) => m.tables.flatMap((table) => table.constraints.map((def) => ({ table, def }))),
  id: (c) => `constraint:${qualified(c.table)}.${c.def.name}`,
  parent: (c) => ids.relation(c.table),
  dependsOn: (c, model) => [ids.relation(c.table), ...(c.def.foreignKey ? referencedKeys(c.def, model) : [])],
  explicitDrop: (c, dropped) => {
    const target = c.def.foreignKey?.table;
    return target !== undefined && qualified(target) !== qualified(c.table) && dropped.has(ids.relation(target));
  },
  compare: recreateUnlessSame,
  create: addConstraint,
  // A key that an online plan would build again concurrently goes in the concurrent phase, where
  // its down section can do that.
  drop: (c, ctx) => [
    statement(ctx.ddl.dropConstraint(c.table, c.def.name), { lock: 'ACCESS EXCLUSIVE' }, ctx.ddl.keyClause(c.def) !== null && dropsConcurrently(c.table, c.def.columns, ctx) ? 'concurrent' : 'main'),
  ],
  alter: () => [],
  describeCreate: (c) => `Added ${c.def.type} constraint '${c.def.name}' to '${show(c.table)}'.`,
  describeDrop: (c) => `Dropped ${c.def.type} constraint '${c.def.name}' from '${show(c.table)}'.`,
  describeAlter: (_, c) => `Changed ${c.def.type} constraint '${c.def.name}' of '${show(c.table)}'.`,
  dropLosesData: false,
  comments: (c) => [{ on: { object: 'constraint', table: c.table, name: c.def.name }, text: c.def.comment }],
};

/** Indexes that back no constraint, on tables and materialized views. */
export const indexKind: KindSpec<Member<IndexDef>> = {
  label: 'index',
  rank: 50,
  rebuildable: true,
  createdWithParent: false,
  list: (m) => [...m.tables, ...m.views].flatMap((table) => table.indexes.map((def) => ({ table, def }))),
  id: (i) => `index:${i.table.schema}.${i.def.name}`,
  parent: (i) => ids.relation(i.table),
  dependsOn: (i) => [ids.relation(i.table)],
  compare: recreateUnlessSame,
  create: (i, ctx) =>
    onlinePartitionedIndex(i.def, i.table, ctx) ??
    (existingTable(i.table, ctx) && concurrentAllowed(ctx)
      ? [{ ...statement(ctx.ddl.createIndex(i.def, i.table, true), { lock: 'SHARE UPDATE EXCLUSIVE', indexBuild: true }, 'concurrent'), ifFailed: ctx.ddl.dropIndex(i.table.schema, i.def.name, true, true) }]
      : [statement(ctx.ddl.createIndex(i.def, i.table), { lock: 'SHARE', indexBuild: true })]),
  drop: (i, ctx) =>
    dropsConcurrently(i.table, indexColumns(i.def), ctx)
      ? [statement(ctx.ddl.dropIndex(i.table.schema, i.def.name, true), { lock: 'SHARE UPDATE EXCLUSIVE' }, 'concurrent')]
      : [statement(ctx.ddl.dropIndex(i.table.schema, i.def.name), { lock: 'ACCESS EXCLUSIVE' })],
  alter: () => [],
  describeCreate: (i) => `Created index '${i.def.name}' on '${show(i.table)}'.`,
  describeDrop: (i) => `Dropped index '${i.def.name}' from '${show(i.table)}'.`,
  describeAlter: (_, i) => `Changed index '${i.def.name}' on '${show(i.table)}'.`,
  dropLosesData: false,
  comments: (i) => [{ on: { object: 'index', schema: i.table.schema, name: i.def.name }, text: i.def.comment }],
};

const TRIGGER_STATE = { origin: 'ENABLE', disabled: 'DISABLE', replica: 'ENABLE REPLICA', always: 'ENABLE ALWAYS' } as const;
const triggerState = (t: Member<TriggerDef>, ddl: Ddl) => `ALTER TABLE ${ddl.qn(t.table)} ${TRIGGER_STATE[t.def.enabled]} TRIGGER ${ddl.id(t.def.name)};`;

/**
 * Triggers call their function by name, so they are rebuilt when it is. Whether a trigger fires
 * (always, only as origin or replica, or not at all) changes in place.
 */
export const triggerKind: KindSpec<Member<TriggerDef>> = {
  label: 'trigger',
  rank: 60,
  rebuildable: true,
  createdWithParent: false,
  list: (m) => m.tables.flatMap((table) => table.triggers.map((def) => ({ table, def }))),
  id: (t) => `trigger:${qualified(t.table)}.${t.def.name}`,
  parent: (t) => ids.relation(t.table),
  dependsOn: (t) => [ids.relation(t.table), ids.function(t.def.function, '')],
  compare: (a, b) => {
    const verdict = recreateUnlessSame({ ...a, def: { ...a.def, enabled: b.def.enabled } }, b);
    return verdict === 'same' && a.def.enabled !== b.def.enabled ? 'alter' : verdict;
  },
  create: (t, { ddl }) => [ddl.createTrigger(t.def), ...(t.def.enabled === 'origin' ? [] : [triggerState(t, ddl)])],
  drop: (t, { ddl }) => [ddl.dropTrigger(t.table, t.def.name)],
  alter: (_, t, { ddl }) => [triggerState(t, ddl)],
  locks: { create: 'SHARE ROW EXCLUSIVE', drop: 'ACCESS EXCLUSIVE', alter: 'SHARE ROW EXCLUSIVE' },
  describeCreate: (t) => `Created trigger '${t.def.name}' on '${show(t.table)}'.`,
  describeDrop: (t) => `Dropped trigger '${t.def.name}' from '${show(t.table)}'.`,
  describeAlter: (a, t) =>
    a.def.enabled !== t.def.enabled && sameValue({ ...a.def, enabled: t.def.enabled }, t.def)
      ? `Set trigger '${t.def.name}' on '${show(t.table)}' to fire ${{ origin: 'as origin', disabled: 'never', replica: 'as replica', always: 'always' }[t.def.enabled]}.`
      : `Changed trigger '${t.def.name}' on '${show(t.table)}'.`,
  dropLosesData: false,
  comments: (t) => [{ on: { object: 'trigger', table: t.table, name: t.def.name }, text: t.def.comment }],
};

/** Row-level security policies. */
export const policyKind: KindSpec<Member<PolicyDef>> = {
  label: 'policy',
  rank: 65,
  rebuildable: true,
  createdWithParent: false,
  list: (m) => m.tables.flatMap((table) => table.policies.map((def) => ({ table, def }))),
  id: (p) => `policy:${qualified(p.table)}.${p.def.name}`,
  parent: (p) => ids.relation(p.table),
  dependsOn: (p) => [ids.relation(p.table)],
  compare: recreateUnlessSame,
  create: (p, { ddl }) => [ddl.createPolicy(p.table, p.def)],
  drop: (p, { ddl }) => [ddl.dropPolicy(p.table, p.def.name)],
  locks: { create: 'ACCESS EXCLUSIVE', drop: 'ACCESS EXCLUSIVE' },
  alter: () => [],
  describeCreate: (p) => `Created policy '${p.def.name}' on '${show(p.table)}'.`,
  describeDrop: (p) => `Dropped policy '${p.def.name}' from '${show(p.table)}'.`,
  describeAlter: (_, p) => `Changed policy '${p.def.name}' on '${show(p.table)}'.`,
  dropLosesData: false,
  comments: (p) => [{ on: { object: 'policy', table: p.table, name: p.def.name }, text: p.def.comment }],
};
