import type { ColumnState, ConstraintState, IndexState, TableState } from './state.js';

/**
 * The schema picture as plain data, for the replay cache: what one migration file changed
 * (a {@link StateDelta}), with tables whose column map is an array, so it survives JSON. A cache
 * is read back only after {@link isStateDelta} has checked its shape: a damaged file must make
 * the linter replay again, never crash a rule.
 */

/**
 * PlainColumn is a column as a tuple — name, type name, type modifiers, array, flags (see
 * {@link FLAGS}), creating file — because columns are most of a cache file, and the file is read
 * on every run.
 */
export type PlainColumn = [name: string, type: string, mods: number[], array: boolean, flags: number, createdIn: string];

/** PlainTable is a {@link TableState} as JSON can hold it. */
export type PlainTable = Omit<TableState, 'columns'> & { columns: PlainColumn[] };

const FLAGS = ['notNull', 'hasDefault', 'identity', 'generated', 'keyed'] as const;

function columnToPlain(c: ColumnState): PlainColumn {
  const flags = FLAGS.reduce((bits, flag, i) => (c[flag] ? bits | (1 << i) : bits), 0);
  return [c.name, c.type.name, [...c.type.mods], c.type.array, flags, c.createdIn];
}

function columnFromPlain([name, type, mods, array, flags, createdIn]: PlainColumn): ColumnState {
  const [notNull, hasDefault, identity, generated, keyed] = FLAGS.map((_, i) => (flags & (1 << i)) !== 0) as [boolean, boolean, boolean, boolean, boolean];
  return { name, type: { name: type, mods, array }, notNull, hasDefault, identity, generated, keyed, createdIn };
}

/**
 * StateDelta is what replaying one file changed: each key set to its value after the file, or
 * null when the file removed it. Applying the deltas of files 1..k to an empty state gives the
 * state after file k.
 */
export interface StateDelta {
  readonly tables: readonly (readonly [string, PlainTable | null])[];
  readonly enums: readonly (readonly [string, string[] | null])[];
  readonly schemas: readonly (readonly [string, string | null])[];
  readonly indexOwners: readonly (readonly [string, string | null])[];
}

/** copyTable copies a table deeply enough that changing the copy never changes the original. */
export function copyTable(table: TableState): TableState {
  return {
    ...table,
    columns: new Map([...table.columns].map(([k, c]) => [k, { ...c }])),
    constraints: table.constraints.map(copyConstraint),
    indexes: table.indexes.map(copyIndex),
  };
}

const copyIndex = (i: IndexState): IndexState => ({ ...i, columns: [...i.columns] });

const copyConstraint = (c: ConstraintState): ConstraintState => ({ ...c, columns: [...c.columns], ...(c.setColumns ? { setColumns: [...c.setColumns] } : {}) });

/** tableToPlain copies a table as plain data (later changes to the table do not reach it). */
export function tableToPlain(table: TableState): PlainTable {
  return { ...table, columns: [...table.columns.values()].map(columnToPlain), constraints: table.constraints.map(copyConstraint), indexes: table.indexes.map(copyIndex) };
}

/** tableFromPlain turns plain data back into a table the replay may change. */
export function tableFromPlain(plain: PlainTable): TableState {
  const columns = new Map(plain.columns.map((c) => [c[0], columnFromPlain(c)]));
  return { ...plain, columns, constraints: plain.constraints.map(copyConstraint), indexes: plain.indexes.map(copyIndex) };
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const optional = (v: unknown, test: (v: unknown) => boolean) => v === undefined || test(v);
const arrayOf = (v: unknown, test: (v: unknown) => boolean) => Array.isArray(v) && v.every(test);
const CONSTRAINT_KINDS = new Set(['check', 'foreign', 'unique', 'primary', 'exclusion']);
const ACTIONS = new Set(['no action', 'restrict', 'cascade', 'set null', 'set default']);

function isColumn(v: unknown): boolean {
  return (
    Array.isArray(v) &&
    v.length === 6 &&
    isString(v[0]) &&
    isString(v[1]) &&
    arrayOf(v[2], (m) => typeof m === 'number') &&
    isBoolean(v[3]) &&
    Number.isInteger(v[4]) &&
    isString(v[5])
  );
}

function isConstraint(v: unknown): boolean {
  if (!isObject(v) || !CONSTRAINT_KINDS.has(v['kind'] as string) || !arrayOf(v['columns'], isString) || !isBoolean(v['validated'])) return false;
  const references = v['references'];
  return (
    optional(v['name'], isString) &&
    optional(v['notNullOf'], isString) &&
    optional(references, (r) => isObject(r) && isString(r['schema']) && isString(r['name'])) &&
    optional(v['onDelete'], (a) => ACTIONS.has(a as string)) &&
    optional(v['onUpdate'], (a) => ACTIONS.has(a as string)) &&
    optional(v['setColumns'], (c) => arrayOf(c, isString))
  );
}

function isIndex(v: unknown): boolean {
  return isObject(v) && optional(v['name'], isString) && isString(v['schema']) && isString(v['createdIn']) && isBoolean(v['unique']) && isBoolean(v['partial']) && arrayOf(v['columns'], (c) => c === null || isString(c));
}

function isTable(v: unknown): boolean {
  return (
    isObject(v) &&
    isString(v['schema']) &&
    isString(v['name']) &&
    isString(v['createdIn']) &&
    ['rowSecurity', 'opaque', 'partition', 'partitioned', 'materialized'].every((k) => isBoolean(v[k])) &&
    arrayOf(v['columns'], isColumn) &&
    arrayOf(v['constraints'], isConstraint) &&
    arrayOf(v['indexes'], isIndex)
  );
}

const entries = (v: unknown, value: (v: unknown) => boolean) => arrayOf(v, (e) => Array.isArray(e) && e.length === 2 && isString(e[0]) && (e[1] === null || value(e[1])));

/** isStateDelta tells whether data read from a cache file has a delta's shape, to the last field. */
export function isStateDelta(v: unknown): v is StateDelta {
  return isObject(v) && entries(v['tables'], isTable) && entries(v['enums'], (l) => arrayOf(l, isString)) && entries(v['schemas'], isString) && entries(v['indexOwners'], isString);
}
