import type { Constraint, Node, RangeVar, TypeName } from 'libpg-query';
import type { ParsedStatement } from '../parser/parser.js';

/**
 * Small, typed accessors over libpg-query's JSON parse trees. A tree node is an object with one
 * key, its type (`{ "ColumnDef": { ... } }`); the shapes are PostgreSQL's own parse nodes as
 * typed by @pgsql/types. Lint rules read trees only through these helpers.
 */

type UnionToMap<U> = { [K in U extends unknown ? keyof U : never]: U extends Record<K, infer V> ? V : never };

/** NodeMap maps every parse-node type name to its shape, e.g. `NodeMap['CreateStmt']`. */
export type NodeMap = UnionToMap<Node>;
/** NodeKind is the name of a parse-node type. */
export type NodeKind = keyof NodeMap;

/**
 * nodeAs returns the payload of `node` when it is a `kind` node.
 *
 * @example nodeAs(element, 'ColumnDef')?.colname
 */
export function nodeAs<K extends NodeKind>(node: unknown, kind: K): NodeMap[K] | undefined {
  if (node === null || typeof node !== 'object') return undefined;
  return (node as Record<string, unknown>)[kind] as NodeMap[K] | undefined;
}

/**
 * statementAs returns a statement's tree when its type is `kind`.
 *
 * @example statementAs(statement, 'IndexStmt')?.concurrent
 */
export function statementAs<K extends NodeKind>(statement: ParsedStatement, kind: K): NodeMap[K] | undefined {
  return statement.nodeType === kind ? (statement.node as NodeMap[K]) : undefined;
}

/** strings returns the `String` values of a name list such as `["public", "users"]`. */
export function strings(list: readonly Node[] | undefined): string[] {
  return (list ?? []).map((n) => nodeAs(n, 'String')?.sval ?? '').filter((s) => s !== '');
}

/** QualifiedName names a schema object; unqualified names live in `public` for the replay. */
export interface QualifiedName {
  readonly schema: string;
  readonly name: string;
}

/** DEFAULT_SCHEMA is where the replay puts unqualified names (the search_path is not known). */
export const DEFAULT_SCHEMA = 'public';

/** relationName reads a RangeVar as a qualified name. */
export function relationName(relation: RangeVar | undefined): QualifiedName | undefined {
  if (!relation?.relname) return undefined;
  return { schema: relation.schemaname ?? DEFAULT_SCHEMA, name: relation.relname };
}

/** listName reads a qualified-name list (`["s", "t"]`) as a qualified name. */
export function listName(list: readonly Node[] | undefined): QualifiedName | undefined {
  const parts = strings(list);
  if (parts.length === 0) return undefined;
  const name = parts[parts.length - 1]!;
  return { schema: parts.length > 1 ? parts[parts.length - 2]! : DEFAULT_SCHEMA, name };
}

/** keyOf renders a qualified name as the replay's map key, `schema.name`. */
export function keyOf(name: QualifiedName): string {
  return `${name.schema}.${name.name}`;
}

/** displayName renders a qualified name for messages: the schema only when it is not `public`. */
export function displayName(name: QualifiedName): string {
  return name.schema === DEFAULT_SCHEMA ? name.name : `${name.schema}.${name.name}`;
}

/**
 * ColumnType is a column type as the parser resolved it: built-in types by their internal name
 * (`int4`, `varchar`, `timestamptz`, `bpchar`), user types qualified (`public.mood`).
 */
export interface ColumnType {
  readonly name: string;
  readonly mods: readonly number[];
  readonly array: boolean;
}

function constInt(node: Node): number | undefined {
  const value = nodeAs(node, 'A_Const');
  if (!value) return undefined;
  // Protobuf JSON leaves zero out: `{ "ival": {} }` is 0.
  if (value.ival) return value.ival.ival ?? 0;
  return undefined;
}

/** columnType reads a TypeName. */
export function columnType(type: TypeName | undefined): ColumnType {
  const parts = strings(type?.names);
  const builtin = parts.length === 1 || parts[0] === 'pg_catalog';
  const name = builtin ? (parts[parts.length - 1] ?? 'unknown') : parts.join('.');
  const mods = (type?.typmods ?? []).map(constInt).filter((n): n is number => n !== undefined);
  return { name, mods, array: (type?.arrayBounds?.length ?? 0) > 0 };
}

/** renderType prints a column type for messages, e.g. `varchar(20)`, `int4[]`. */
export function renderType(type: ColumnType): string {
  return `${type.name}${type.mods.length ? `(${type.mods.join(',')})` : ''}${type.array ? '[]' : ''}`;
}

/** SERIAL_TYPES expand to an integer column with a sequence default. */
export const SERIAL_TYPES: Readonly<Record<string, string>> = {
  smallserial: 'int2',
  serial2: 'int2',
  serial: 'int4',
  serial4: 'int4',
  bigserial: 'int8',
  serial8: 'int8',
};

/** constraintsOf lists the Constraint nodes of a list (column or table constraints). */
export function constraintsOf(list: readonly Node[] | undefined): Constraint[] {
  return (list ?? []).map((n) => nodeAs(n, 'Constraint')).filter((c): c is Constraint => c !== undefined);
}

/** location returns a node's byte location in the parsed text, or undefined when it has none. */
export function location(node: { location?: number } | undefined): number | undefined {
  const at = node?.location;
  return at !== undefined && at >= 0 ? at : undefined;
}

/**
 * walk visits every node under `root` depth first, calling `visit(kind, payload)`; returning
 * false from `visit` skips that node's children.
 */
export function walk(root: unknown, visit: (kind: string, payload: Record<string, unknown>) => boolean | void): void {
  const stack: unknown[] = [root];
  while (stack.length) {
    const value = stack.pop();
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push(value[i]);
      continue;
    }
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    // A node is a one-key object whose key is a type name (capitalized); anything else is a
    // field bag whose values are searched in turn.
    const first = keys.length === 1 ? keys[0]!.charCodeAt(0) : 0;
    const child = keys.length === 1 ? record[keys[0]!] : undefined;
    if (first >= 65 && first <= 90 && child !== null && typeof child === 'object' && !Array.isArray(child)) {
      const payload = child as Record<string, unknown>;
      if (visit(keys[0]!, payload) === false) continue;
      for (const key in payload) stack.push(payload[key]);
    } else {
      for (const key of keys) stack.push(record[key]);
    }
  }
}

