import { loadParser } from '../parser/parser.js';
import { unwrapParens } from '../parser/tokens.js';
import { loadIdentQuoter, type IdentQuoter } from '../sql/ident.js';
import type { ColumnDef, QualifiedName } from '../model/types.js';

/**
 * How the reference document shows names and SQL. The model qualifies every name (it must mean the
 * same under any search_path); a document for people drops the `public.` that almost every name
 * carries, and shows a literal default without the cast PostgreSQL adds to the column's own type
 * (`'member'`, not `'member'::public.membership_role`). Both are lossless: the reference parser
 * loads the document into a database whose search_path is `public`, where PostgreSQL puts the
 * qualification and the cast back.
 */

/** DEFAULT_SCHEMA is the schema whose name the document leaves out. */
export const DEFAULT_SCHEMA = 'public';

/** Display renders names and SQL fragments for the document. */
export interface Display {
  /** The identifier, quoted only where PostgreSQL requires it. */
  readonly ident: IdentQuoter;
  /** `name` for the default schema, `schema.name` otherwise, each part quoted only if needed. */
  name(object: QualifiedName): string;
  /** The type without the default schema's qualification. */
  type(type: string): string;
  /** The column's default as people write it (see {@link Display}); null when there is none. */
  columnDefault(column: ColumnDef): string | null;
  /** An expression or definition without `public.` qualifications outside string literals. */
  sql(text: string): string;
  /** The text without one pair of parentheses around all of it (pg_get_expr wraps CHECKs in one). */
  unwrap(text: string): string;
}

/**
 * loadDisplay returns a {@link Display}; it loads PostgreSQL's parser (libpg-query), which decides
 * quoting and recognizes literals.
 */
export async function loadDisplay(): Promise<Display> {
  const [ident, parser] = await Promise.all([loadIdentQuoter(), loadParser()]);
  const prefix = `${ident(DEFAULT_SCHEMA)}.`;
  const tokens = (text: string) => {
    try {
      return text.trim() === '' ? [] : parser.scanSync(text).tokens;
    } catch {
      return [];
    }
  };
  const sql = (text: string) => (text.includes(prefix) ? unqualify(text, prefix, tokens(text)) : text);
  return {
    ident,
    name: (o) => (o.schema === DEFAULT_SCHEMA ? ident(o.name) : `${ident(o.schema)}.${ident(o.name)}`),
    type: (type) => sql(type),
    sql,
    unwrap: (text) => unwrapParens(parser, text),
    columnDefault(column) {
      if (column.identity) return `GENERATED ${column.identity.kind.toUpperCase()} AS IDENTITY`;
      if (column.generated) return `GENERATED ALWAYS AS (${sql(column.generated.expression)}) ${column.generated.kind.toUpperCase()}`;
      if (column.default === null) return null;
      const cast = `::${column.type}`;
      if (column.default.endsWith(cast)) {
        // Only a lone string literal loses its cast; `(a || b)::text` keeps it.
        const literal = column.default.slice(0, -cast.length);
        const scanned = tokens(literal);
        if (scanned.length === 1 && scanned[0]!.tokenName === 'SCONST' && scanned[0]!.end === Buffer.byteLength(literal)) return literal;
      }
      return sql(column.default);
    },
  };
}

// The scanner reports single-character tokens by their character code.
const DOT = 46;

/**
 * unqualify removes `public.` before identifiers, using the scanner's tokens so that text inside
 * string literals (`'public.x'`) and quoted identifiers is never touched. A `public.` inside
 * a `'…'::regclass` literal (nextval) stays: the literal is data, not a name.
 */
function unqualify(text: string, prefix: string, tokens: readonly { start: number; end: number; tokenType: number; text: string }[]): string {
  const bytes = Buffer.from(text, 'utf8');
  const cut: [number, number][] = [];
  for (let i = 0; i + 1 < tokens.length; i++) {
    const [a, dot] = [tokens[i]!, tokens[i + 1]!];
    if (a.text === prefix.slice(0, -1) && dot.tokenType === DOT && dot.start === a.end) {
      const before = tokens[i - 1];
      // `x.public.y` is a three-part name, and `a.public` (a column named public) is no qualifier.
      if (before && before.tokenType === DOT && before.end === a.start) continue;
      cut.push([a.start, dot.end]);
    }
  }
  if (cut.length === 0) return text;
  let out = '';
  let at = 0;
  for (const [start, end] of cut) {
    out += bytes.subarray(at, start).toString('utf8');
    at = end;
  }
  return out + bytes.subarray(at).toString('utf8');
}
