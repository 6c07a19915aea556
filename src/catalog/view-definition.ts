import { loadParser } from '../parser/parser.js';
import { utf8ToIndex } from '../parser/text-position.js';

/**
 * Until PostgreSQL 16 a stored view query carried two placeholder range-table entries (OLD and
 * NEW), so `pg_get_viewdef` qualified every column even when the view reads one relation:
 * `SELECT m.id FROM m WHERE (m.created > …)`. From 16 on, a top-level query over a single relation
 * prints its columns bare: `SELECT id FROM m WHERE (created > …)`. The two texts mean the same,
 * but a model read from a PostgreSQL 15 database and one read from a shadow (PGlite is 17) would
 * differ on every such view, and every push would recreate it. So definitions read from servers
 * before 16 are brought to the newer form, by PostgreSQL's own parser and scanner.
 *
 * Only the top level changes, as in PostgreSQL: subqueries, CTE bodies and the branches of a
 * UNION are printed with their qualifiers by both versions.
 */

/** VIEWDEF_BARE_SINCE is the first server version that prints single-relation views unqualified. */
export const VIEWDEF_BARE_SINCE = 160000;

type Node = Record<string, unknown>;

/**
 * unqualifiedViewDefinition returns `definition` (as `pg_get_viewdef` printed it before 16) with
 * the qualifier dropped from each top-level column reference to the view's single relation.
 * A definition the parser cannot read, or of another shape, is returned unchanged.
 */
export async function unqualifiedViewDefinition(definition: string): Promise<string> {
  const parser = await loadParser();
  let parsed: { stmts?: { stmt?: Node }[] };
  try {
    parsed = parser.parseSync(definition) as typeof parsed;
  } catch {
    return definition;
  }
  const select = parsed.stmts?.length === 1 ? (parsed.stmts[0]?.stmt?.['SelectStmt'] as Node | undefined) : undefined;
  if (!select || (select['op'] !== undefined && select['op'] !== 'SETOP_NONE')) return definition;
  const from = select['fromClause'] as Node[] | undefined;
  const refname = from?.length === 1 ? referenceName(from[0]!) : undefined;
  if (refname === undefined) return definition;

  const locations: number[] = [];
  collectQualified(select, refname, locations);
  if (locations.length === 0) return definition;

  const toIndex = utf8ToIndex(definition);
  const tokens = parser.scanSync(definition).tokens;
  let result = definition;
  // From the end, so earlier positions stay valid.
  for (const location of [...new Set(locations)].sort((a, b) => b - a)) {
    const at = tokens.findIndex((t) => t.start === location);
    const dot = tokens[at + 1];
    if (at < 0 || dot?.text !== '.') continue;
    result = result.slice(0, toIndex(location)) + result.slice(toIndex(dot.end));
  }
  return result;
}

/** referenceName is the name a lone FROM item is referred to by, when it is one range-table entry. */
function referenceName(item: Node): string | undefined {
  const entry = (item['RangeVar'] ?? item['RangeFunction'] ?? item['RangeSubselect'] ?? item['RangeTableFunc']) as Node | undefined;
  if (!entry) return undefined; // a JOIN brings several entries: both versions qualify
  const alias = (entry['alias'] as Node | undefined)?.['aliasname'];
  if (typeof alias === 'string') return alias;
  return typeof entry['relname'] === 'string' ? entry['relname'] : undefined;
}

/** Keys whose subtrees are printed as queries of their own (with their qualifiers) by every version. */
const NESTED_QUERIES = new Set(['withClause', 'fromClause', 'subselect', 'subquery']);

function collectQualified(node: unknown, refname: string, into: number[]): void {
  if (Array.isArray(node)) {
    for (const child of node) collectQualified(child, refname, into);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const ref = (node as Node)['ColumnRef'] as { fields?: Node[]; location?: number } | undefined;
  if (ref) {
    const [qualifier, column] = ref.fields ?? [];
    const name = (qualifier?.['String'] as Node | undefined)?.['sval'];
    if (ref.fields?.length === 2 && name === refname && column?.['String'] && typeof ref.location === 'number') into.push(ref.location);
    return;
  }
  for (const [key, value] of Object.entries(node)) {
    if (NESTED_QUERIES.has(key) || key === 'SelectStmt') continue;
    collectQualified(value, refname, into);
  }
}
