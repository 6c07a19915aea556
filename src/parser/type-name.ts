import { loadParser } from './parser.js';

/**
 * TypeNameRef is a type as PostgreSQL's grammar reads it: `character varying(40)` is
 * `pg_catalog.varchar`, `timestamp(3) with time zone` is `pg_catalog.timestamptz`, `public.mood[]`
 * is `public.mood` with one array dimension. `schema` is null for an unqualified name.
 */
export interface TypeNameRef {
  readonly schema: string | null;
  readonly name: string;
  /** Number of `[]` after the type (PostgreSQL does not enforce them; any count means "array"). */
  readonly arrayDimensions: number;
}

interface TypeCastNode {
  readonly typeName?: { readonly names?: readonly { readonly String?: { readonly sval?: string } }[]; readonly arrayBounds?: readonly unknown[] };
}

const cache = new Map<string, TypeNameRef>();

/**
 * parseTypeName reads a type as format_type renders it (the model's column types) with
 * PostgreSQL's own grammar, so SQL-standard spellings, typmods, quoting and array suffixes are
 * understood exactly as the server understands them.
 *
 * @example await parseTypeName('timestamp(3) with time zone[]') // { schema: 'pg_catalog', name: 'timestamptz', arrayDimensions: 1 }
 */
export async function parseTypeName(type: string): Promise<TypeNameRef> {
  const known = cache.get(type);
  if (known) return known;
  const parser = await loadParser();
  let node: TypeCastNode | undefined;
  try {
    const stmts = parser.parseSync(`SELECT NULL::${type}`).stmts ?? [];
    const stmt = (stmts.length === 1 ? stmts[0]?.stmt : undefined) as
      | { SelectStmt?: { targetList?: { ResTarget?: { val?: { TypeCast?: TypeCastNode } } }[] } }
      | undefined;
    node = stmt?.SelectStmt?.targetList?.[0]?.ResTarget?.val?.TypeCast;
  } catch (error) {
    throw new Error(`not a type name: ${type}`, { cause: error });
  }
  const names = (node?.typeName?.names ?? []).map((n) => n.String?.sval ?? '');
  if (names.length === 0 || names.length > 2) throw new Error(`not a type name: ${type}`);
  const ref: TypeNameRef = {
    schema: names.length === 2 ? names[0]! : null,
    name: names.at(-1)!,
    arrayDimensions: node?.typeName?.arrayBounds?.length ?? 0,
  };
  cache.set(type, ref);
  return ref;
}
