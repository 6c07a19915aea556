import type { EnumDef, QualifiedName, SchemaModel, TableDef } from '../model/types.js';

/**
 * Conformance: does a database match its reference document? Both sides are models in PostgreSQL's
 * canonical forms — the document's because it was loaded through a shadow database (reference/load.ts)
 * — so types, defaults, CHECK expressions and index definitions compare as plain strings, whatever
 * spelling the document used (`TIMESTAMPTZ`, `DECIMAL(3,2)`, `'member'`).
 *
 * Constraints are matched by what they enforce (their pg_get_constraintdef text), not by name: a
 * hand-written document rarely names them. Indexes are matched by name, since the document names
 * every index, and then compared by definition. Comments, views, functions, triggers and policies
 * are outside the comparison: the document lists them for people but does not define them.
 */

/** MismatchKind is the closed list of ways a database can differ from its document. */
export type MismatchKind =
  | 'missing table'
  | 'extra table'
  | 'missing column'
  | 'extra column'
  | 'column type'
  | 'nullability'
  | 'default'
  | 'missing constraint'
  | 'extra constraint'
  | 'missing index'
  | 'extra index'
  | 'index definition'
  | 'missing enum'
  | 'extra enum'
  | 'enum values';

/** Mismatch is one difference: `expected` is what the document says, `actual` what the database has. */
export interface Mismatch {
  readonly kind: MismatchKind;
  /** The table, `table.column`, or enum concerned (without `public.`). */
  readonly object: string;
  readonly expected: string | null;
  readonly actual: string | null;
  /** One line for people. */
  readonly message: string;
}

const label = (o: QualifiedName) => (o.schema === 'public' ? o.name : `${o.schema}.${o.name}`);
const key = (o: QualifiedName) => `${o.schema}.${o.name}`;

/**
 * compareWithReference lists every difference between the document's model (`reference`) and the
 * database's (`actual`), tables and enums in name order.
 *
 * @example const mismatches = compareWithReference(await loadReference('docs/DATABASE.md'), await tm.inspect());
 */
export function compareWithReference(reference: SchemaModel, actual: SchemaModel): Mismatch[] {
  const out: Mismatch[] = [];
  const push = (kind: MismatchKind, object: string, expected: string | null, actualValue: string | null, message: string) =>
    out.push({ kind, object, expected, actual: actualValue, message });

  const liveTables = new Map(actual.tables.map((t) => [key(t), t]));
  const documented = new Set(reference.tables.map(key));
  for (const t of reference.tables) {
    const live = liveTables.get(key(t));
    if (!live) push('missing table', label(t), label(t), null, `table ${label(t)} is documented but does not exist`);
    else compareTable(t, live, push);
  }
  for (const t of actual.tables) {
    if (!documented.has(key(t))) push('extra table', label(t), null, label(t), `table ${label(t)} exists but is not documented`);
  }

  const liveEnums = new Map(actual.enums.map((e) => [key(e), e]));
  const documentedEnums = new Set(reference.enums.map(key));
  for (const e of reference.enums) {
    const live = liveEnums.get(key(e));
    if (!live) push('missing enum', label(e), e.values.join(', '), null, `enum ${label(e)} is documented but does not exist`);
    else compareEnum(e, live, push);
  }
  for (const e of actual.enums) {
    if (!documentedEnums.has(key(e))) push('extra enum', label(e), null, e.values.join(', '), `enum ${label(e)} exists but is not documented`);
  }
  return out;
}

type Push = (kind: MismatchKind, object: string, expected: string | null, actual: string | null, message: string) => void;

function compareTable(doc: TableDef, live: TableDef, push: Push): void {
  const table = label(doc);
  const liveColumns = new Map(live.columns.map((c) => [c.name, c]));
  for (const c of doc.columns) {
    const l = liveColumns.get(c.name);
    const object = `${table}.${c.name}`;
    if (!l) {
      push('missing column', object, c.type, null, `column ${object} is documented but does not exist`);
      continue;
    }
    if (c.type !== l.type) push('column type', object, c.type, l.type, `column ${object} is ${l.type}, the document says ${c.type}`);
    if (c.notNull !== l.notNull) {
      const say = (notNull: boolean) => (notNull ? 'NOT NULL' : 'nullable');
      push('nullability', object, say(c.notNull), say(l.notNull), `column ${object} is ${say(l.notNull)}, the document says ${say(c.notNull)}`);
    }
    const [dd, ld] = [defaultOf(c), defaultOf(l)];
    if (dd !== ld) push('default', object, dd, ld, `column ${object} defaults to ${ld ?? 'nothing'}, the document says ${dd ?? 'nothing'}`);
  }
  const documentedColumns = new Set(doc.columns.map((c) => c.name));
  for (const c of live.columns) {
    if (!documentedColumns.has(c.name)) push('extra column', `${table}.${c.name}`, null, c.type, `column ${table}.${c.name} exists but is not documented`);
  }

  // Constraints as multisets of what they enforce.
  const remaining = live.constraints.map((c) => c.definition);
  for (const c of doc.constraints) {
    const at = remaining.indexOf(c.definition);
    if (at === -1) push('missing constraint', table, c.definition, null, `table ${table} lacks the documented constraint ${c.definition}`);
    else remaining.splice(at, 1);
  }
  for (const definition of remaining) push('extra constraint', table, null, definition, `table ${table} has the undocumented constraint ${definition}`);

  const liveIndexes = new Map(live.indexes.map((i) => [i.name, i]));
  for (const i of doc.indexes) {
    const l = liveIndexes.get(i.name);
    if (!l) push('missing index', `${table}.${i.name}`, i.definition, null, `index ${i.name} on ${table} is documented but does not exist`);
    else if (l.definition !== i.definition) push('index definition', `${table}.${i.name}`, i.definition, l.definition, `index ${i.name} is "${l.definition}", the document says "${i.definition}"`);
  }
  const documentedIndexes = new Set(doc.indexes.map((i) => i.name));
  for (const i of live.indexes) {
    if (!documentedIndexes.has(i.name)) push('extra index', `${table}.${i.name}`, null, i.definition, `index ${i.name} on ${table} exists but is not documented`);
  }
}

/** An identity or generated column's "default" is its clause, so those compare too. */
function defaultOf(c: TableDef['columns'][number]): string | null {
  if (c.identity) return `GENERATED ${c.identity.kind.toUpperCase()} AS IDENTITY`;
  if (c.generated) return `GENERATED ALWAYS AS (${c.generated.expression}) ${c.generated.kind.toUpperCase()}`;
  return c.default;
}

function compareEnum(doc: EnumDef, live: EnumDef, push: Push): void {
  const [d, l] = [doc.values.join(', '), live.values.join(', ')];
  if (d === l) return;
  const missing = doc.values.filter((v) => !live.values.includes(v));
  const extra = live.values.filter((v) => !doc.values.includes(v));
  const parts = [missing.length ? `lacks ${missing.join(', ')}` : '', extra.length ? `has undocumented ${extra.join(', ')}` : '', !missing.length && !extra.length ? 'orders its values differently' : ''];
  push('enum values', label(doc), d, l, `enum ${label(doc)} ${parts.filter(Boolean).join(' and ')} (document: ${d}; database: ${l})`);
}
