import { sameValue } from '../../diff/same.js';
import { DIRECTIVE } from '../../lint/directives.js';
import type { QualifiedName, SchemaModel, TableDef } from '../types.js';
import { ids, qualified, statement, type PlanContext, type Sql } from './kind.js';
import { tableIn } from './lookup.js';

/**
 * Table rebuilds: what PostgreSQL cannot change in place on a table that holds rows (how it is
 * partitioned) is done by building the table again. The old table (and its partitions that the
 * new one reuses the names of) is renamed aside, the new one created as the target declares it
 * with its partitions, the rows copied, the old one dropped — all in the plan's one transaction.
 * Everything that stood on the old table (indexes, keys, foreign keys of other tables, triggers,
 * policies, rules, views, grants, comments) is dropped before and created after by the differ's
 * rebuild cascade: the table kind declares the rebuild (`replaces`) and what it builds along
 * (`partOf`), and the differ and the scheduler do the rest.
 */

/** rebuilds says whether going from `a` to `b` takes building the table again. */
export const rebuilds = (a: TableDef, b: TableDef): boolean => !sameValue(a.partitioning, b.partitioning);

/** ancestorTables lists the tables `table` is a partition of, nearest first. */
function ancestorTables(table: TableDef, model: SchemaModel): TableDef[] {
  const out: TableDef[] = [];
  const seen = new Set([qualified(table)]);
  for (let at = table.partitionOf && tableIn(model, table.partitionOf.table); at && !seen.has(qualified(at)); at = at.partitionOf && tableIn(model, at.partitionOf.table)) {
    seen.add(qualified(at));
    out.push(at);
  }
  return out;
}

/** ancestorsOf lists the identities of the relations a table is a partition of, nearest first. */
export const ancestorsOf = (table: TableDef, model: SchemaModel): string[] => ancestorTables(table, model).map((t) => ids.relation(t));

/** partitionsOf lists the partitions of `root` at every depth, each after its parent. */
function partitionsOf(root: QualifiedName, model: SchemaModel): TableDef[] {
  const out: TableDef[] = [];
  const parents = new Set([qualified(root)]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const t of model.tables) {
      if (!t.partitionOf || parents.has(qualified(t)) || !parents.has(qualified(t.partitionOf.table))) continue;
      out.push(t);
      parents.add(qualified(t));
      grew = true;
    }
  }
  return out;
}

/**
 * inRebuiltTable says whether the plan builds table `name` again: the table itself or one it is a
 * partition of changes how it is partitioned. Such a table gains nothing from an online form.
 */
export function inRebuiltTable(name: QualifiedName, ctx: Pick<PlanContext, 'from' | 'to'>): boolean {
  const [from, to] = [tableIn(ctx.from, name), tableIn(ctx.to, name)];
  const chain = [...(from ? [from, ...ancestorTables(from, ctx.from)] : []), ...(to ? [to, ...ancestorTables(to, ctx.to)] : [])];
  return chain.some((t) => {
    const [a, b] = [tableIn(ctx.from, t), tableIn(ctx.to, t)];
    return a !== undefined && b !== undefined && rebuilds(a, b);
  });
}

/**
 * transient marks a statement of the rebuild that `tidemark lint` would flag but that is safe here:
 * the old table is renamed aside and dropped inside the transaction that puts the new one, rows
 * copied, under its name, while the ACCESS EXCLUSIVE lock keeps everyone else out.
 */
const transient = (sql: string, rule: string): string => `-- ${DIRECTIVE} ${rule} -- table rebuild: the old table is swapped out in this transaction\n${sql}`;

const aside = (t: QualifiedName): QualifiedName => ({ schema: t.schema, name: `${t.name}__tidemark_old` });

/**
 * rebuildTable builds `to` again from `from`. Every statement locks the table, rewrites it and is
 * marked as losing data: the rows are copied, but only into the columns the target still has.
 *
 * Identity columns of the old table lose their identity first (dropping the sequence whose name
 * the new table's identity takes), the copied rows keep their values, and each new identity's
 * sequence is moved past them. Sequences owned by a column of the old tables (serials) are
 * released before the old table is dropped and owned again by the new one. `create` is the table
 * kind's CREATE (passed in: the table kind imports this module).
 */
export function rebuildTable(from: TableDef, to: TableDef, ctx: PlanContext, create: (t: TableDef, ctx: PlanContext) => Sql[]): Sql[] {
  const { ddl } = ctx;
  const old = aside(from);
  const oldParts = partitionsOf(from, ctx.from);
  const newParts = partitionsOf(to, ctx.to);
  const reused = new Set(newParts.map(qualified));
  const out: string[] = [transient(ddl.renameTable(from, old), 'renaming-table')];
  for (const p of oldParts) if (reused.has(qualified(p))) out.push(transient(ddl.renameTable(p, aside(p)), 'renaming-table'));
  for (const c of from.columns) if (c.identity) out.push(ddl.alterColumn(old, c.name, 'DROP IDENTITY'));
  // From PostgreSQL 18 a NOT NULL is a named constraint, and a new table's would be named
  // `…_not_null1` while the old table keeps `…_not_null`: dropping the old ones frees the names
  // (the old table keeps its rows; no scan). Unknown, the server may be 18.
  if (ctx.serverVersion === undefined || ctx.serverVersion >= 180000) {
    for (const c of from.columns) if (c.notNull) out.push(transient(ddl.alterColumn(old, c.name, 'DROP NOT NULL'), 'ban-drop-not-null'));
  }
  const oldTables = new Set([from, ...oldParts].map(qualified));
  const owned = (model: SchemaModel, tables: ReadonlySet<string>) =>
    model.sequences.filter((s) => s.ownedBy && tables.has(`${s.ownedBy.schema}.${s.ownedBy.table}`));
  for (const s of owned(ctx.from, oldTables)) out.push(ddl.releaseSequence(s));

  for (const t of [to, ...newParts]) out.push(...create(t, ctx).map((s) => (typeof s === 'string' ? s : s.sql)));
  const kept = new Set(from.columns.map((c) => c.name));
  const copied = to.columns.filter((c) => c.generated === null && kept.has(c.name));
  const overriding = copied.some((c) => c.identity !== null);
  out.push(ddl.copyRows(to, old, copied.map((c) => c.name), overriding));
  for (const c of copied) if (c.identity) out.push(ddl.advanceSequencePast(c.identity.sequence, to, c.name, c.identity));
  out.push(transient(ddl.dropTable(old), 'ban-drop-table'));
  for (const s of owned(ctx.to, new Set([to, ...newParts].map(qualified)))) {
    if (ctx.from.sequences.some((f) => qualified(f) === qualified(s))) out.push(ddl.sequenceOwnedBy(s));
  }
  return out.map((sql) => statement(sql, { lock: 'ACCESS EXCLUSIVE', rewrite: true, dataLoss: true }));
}

/** describeRebuild names the change of partitioning a rebuild makes. */
export function describeRebuild(from: TableDef, to: TableDef): string {
  const how = (t: TableDef) => (t.partitioning ? `partitioned by ${t.partitioning.key}` : 'not partitioned');
  return `${how(from)} → ${how(to)}`;
}
