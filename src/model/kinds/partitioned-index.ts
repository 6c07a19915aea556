import { sameValue } from '../../diff/same.js';
import type { IndexDef, QualifiedName, SchemaModel, TableDef } from '../types.js';
import { statement, type PlanContext, type Statement } from './kind.js';
import { tableIn } from './lookup.js';
import { concurrentAllowed } from './online.js';
import { inRebuiltTable } from './table-rebuild.js';

/**
 * PostgreSQL builds no index CONCURRENTLY on a partitioned table, and a plain CREATE INDEX on one
 * holds SHARE on every partition while it scans them all. The online form is pg_dump's: the
 * parent's index `ON ONLY` the parent (catalog only, left invalid), each partition's index built
 * CONCURRENTLY, then attached, which makes the parent's index valid once every partition has one.
 *
 * The partitions' indexes get the names PostgreSQL would have chosen had the plain form created
 * them, so the result equals a database built from the schema (pg_dump prints those names).
 */

/**
 * onlinePartitionedIndex is that sequence for `index` on `table`, or null where the plain form must
 * stay: not an online plan; a table the plan creates, rebuilds or gives other partitions; a
 * partition that is itself partitioned; no partitions at all (ON ONLY would stay invalid); or a
 * partition that already holds an index of the same shape (PostgreSQL adopts it rather than
 * building one, which the plain form does).
 */
export function onlinePartitionedIndex(index: IndexDef, table: QualifiedName, ctx: PlanContext): Statement[] | null {
  if (!concurrentAllowed(ctx)) return null;
  const [before, after] = [tableIn(ctx.from, table), tableIn(ctx.to, table)];
  if (!before?.partitioning || !after?.partitioning || inRebuiltTable(table, ctx)) return null;
  const partitions = partitionsOf(ctx.to, table);
  const earlier = partitionsOf(ctx.from, table);
  if (partitions.length === 0 || !sameValue(partitions.map(key).sort(), earlier.map(key).sort())) return null;
  for (const partition of partitions) {
    const old = tableIn(ctx.from, partition)!;
    if (partition.partitioning || old.partitioning || inRebuiltTable(partition, ctx)) return null;
    if ([...old.indexes, ...partition.indexes].some((i) => sameShape(i, index))) return null;
  }
  const { ddl } = ctx;
  const taken = relationNames(ctx.to);
  const out: Statement[] = [statement(ddl.createIndexOnly(index, table), { lock: 'SHARE' })];
  const attach: Statement[] = [];
  for (const partition of partitions) {
    const names = taken.get(partition.schema) ?? taken.set(partition.schema, new Set()).get(partition.schema)!;
    const name = chooseRelationName(partition.name, indexNameAddition(index), 'idx', names);
    names.add(name);
    out.push({
      ...statement(ddl.createPartitionIndex(index, table, partition, name), { lock: 'SHARE UPDATE EXCLUSIVE', indexBuild: true }, 'concurrent'),
      ifFailed: ddl.dropIndex(partition.schema, name, true, true),
    });
    attach.push(statement(ddl.attachIndex({ schema: table.schema, name: index.name }, { schema: partition.schema, name }), { lock: 'SHARE UPDATE EXCLUSIVE' }, 'concurrent'));
  }
  return [...out, ...attach];
}

const key = (t: QualifiedName) => `${t.schema}.${t.name}`;

function partitionsOf(model: SchemaModel, parent: QualifiedName): TableDef[] {
  return model.tables.filter((t) => t.partitionOf !== null && t.partitionOf.table.schema === parent.schema && t.partitionOf.table.name === parent.name);
}

function sameShape(a: IndexDef, b: IndexDef): boolean {
  return a.unique === b.unique && a.method === b.method && sameValue(a.elements, b.elements) && sameValue(a.include, b.include) && a.predicate === b.predicate;
}

/** Every relation name (tables, views, sequences, indexes, composite types) of `model`, by schema. */
function relationNames(model: SchemaModel): Map<string, Set<string>> {
  const names = new Map<string, Set<string>>();
  const add = (s: string, n: string) => {
    let set = names.get(s);
    if (!set) names.set(s, (set = new Set()));
    set.add(n);
  };
  for (const t of model.tables) {
    add(t.schema, t.name);
    for (const i of t.indexes) add(t.schema, i.name);
    // Key and exclusion constraints own an index of their name.
    for (const c of t.constraints) if (c.type === 'primary key' || c.type === 'unique' || c.type === 'exclude') add(t.schema, c.name);
  }
  for (const v of model.views) {
    add(v.schema, v.name);
    for (const i of v.indexes) add(v.schema, i.name);
  }
  for (const s of model.sequences) add(s.schema, s.name);
  for (const c of model.composites) add(c.schema, c.name);
  return names;
}

const NAME_BYTES = 63;

/**
 * indexNameAddition is PostgreSQL's ChooseIndexNameAddition over the parent index's column names,
 * which a partition's copy inherits (an expression's is the name PostgreSQL gave it; a repeated
 * name gets a number), joined by `_`, stopping once past the name length.
 */
export function indexNameAddition(index: Pick<IndexDef, 'elements' | 'include'>): string {
  const seen = new Set<string>();
  const names: string[] = [];
  for (const original of [...index.elements.map((e) => e.column ?? e.expressionName ?? 'expr'), ...index.include]) {
    let name = original;
    for (let i = 1; seen.has(name); i++) name = `${original}${i}`;
    seen.add(name);
    names.push(name);
  }
  let out = '';
  for (const name of names) {
    out = out ? `${out}_${name}` : name;
    if (Buffer.byteLength(out) >= NAME_BYTES) break;
  }
  return out;
}

/**
 * chooseRelationName is PostgreSQL's ChooseRelationName: `name1_name2_label`, both names cut
 * (the longer first) to fit 63 bytes, and a number after the label until the name is free.
 */
export function chooseRelationName(name1: string, name2: string, label: string, taken: ReadonlySet<string>): string {
  for (let pass = 0; ; pass++) {
    const name = makeObjectName(name1, name2, pass === 0 ? label : `${label}${pass}`);
    if (!taken.has(name)) return name;
  }
}

function makeObjectName(name1: string, name2: string, label: string): string {
  const [a, b] = [Buffer.from(name1), Buffer.from(name2)];
  const available = NAME_BYTES - (label.length + 1) - (name2 ? 1 : 0);
  let [n1, n2] = [a.length, b.length];
  while (n1 + n2 > available) {
    if (n1 > n2) n1--;
    else n2--;
  }
  const parts = [clip(a, n1), ...(name2 ? [clip(b, n2)] : []), label];
  return parts.join('_');
}

/** clip cuts UTF-8 bytes to at most `n` without splitting a character (pg_mbcliplen). */
function clip(bytes: Buffer, n: number): string {
  let end = n;
  while (end > 0 && end < bytes.length && (bytes[end]! & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8');
}
