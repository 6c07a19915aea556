import { loadParser } from '../parser/parser.js';
import { quoteIdent } from './quote.js';

/**
 * Quoting identifiers only where PostgreSQL requires it, decided the way its own quote_ident()
 * decides: a name stays bare when it is lower-case letters, digits and underscores, does not start
 * with a digit, and is not a keyword — except unreserved keywords, which are valid bare names.
 * Which words are keywords, and of which category, comes from libpg-query's scanner (PostgreSQL's
 * own keyword table), never from a hand-kept list.
 */

/** IdentQuoter renders one identifier, quoted only when necessary. */
export interface IdentQuoter {
  (name: string): string;
  /**
   * prime decides many names with one scan of them all, where a scan per name would cross into
   * the WebAssembly scanner thousands of times for a large schema; later calls hit the cache.
   */
  prime(names: Iterable<string>): void;
}

const SIMPLE = /^[a-z_][a-z0-9_]*$/;
let quoter: Promise<IdentQuoter> | undefined;

type Scanner = Awaited<ReturnType<typeof loadParser>>;

/** loadIdentQuoter returns the minimal quoter; it loads the parser once. */
export function loadIdentQuoter(): Promise<IdentQuoter> {
  quoter ??= loadParser().then((parser) => makeQuoter(parser));
  return quoter;
}

const bareKind = (kind: string | undefined) => kind === 'NO_KEYWORD' || kind === 'UNRESERVED_KEYWORD';

function makeQuoter(parser: Scanner): IdentQuoter {
  const cache = new Map<string, string>();
  const quote = ((name: string) => {
    let rendered = cache.get(name);
    if (rendered === undefined) {
      let bare = SIMPLE.test(name);
      if (bare) {
        const tokens = parser.scanSync(name).tokens;
        bare = tokens.length === 1 && bareKind(tokens[0]!.keywordName);
      }
      rendered = bare ? name : quoteIdent(name);
      cache.set(name, rendered);
    }
    return rendered;
  }) as IdentQuoter;
  quote.prime = (names) => {
    const simple = [...new Set([...names].filter((n) => !cache.has(n) && SIMPLE.test(n)))];
    if (simple.length === 0) return;
    // Simple names are single words, so the scanner makes one token of each, in order; anything
    // else (which would be a scanner surprise) leaves the names to be decided one by one.
    const tokens = parser.scanSync(simple.join(' ')).tokens;
    if (tokens.length !== simple.length) return;
    simple.forEach((name, i) => cache.set(name, bareKind(tokens[i]!.keywordName) ? name : quoteIdent(name)));
  };
  return quote;
}

/**
 * modelNames lists every string in a (plain, serializable) schema model that could be an
 * identifier: the names a plan or a script will quote.
 */
export function modelNames(...models: readonly unknown[]): Set<string> {
  const out = new Set<string>();
  const seen = new Set<object>();
  const walk = (value: unknown): void => {
    if (typeof value === 'string') {
      if (value.length <= 63 && !out.has(value) && SIMPLE.test(value)) out.add(value);
    } else if (Array.isArray(value)) {
      for (const v of value) walk(v);
    } else if (value !== null && typeof value === 'object' && !seen.has(value)) {
      seen.add(value);
      for (const v of Object.values(value)) walk(v);
    }
  };
  for (const m of models) walk(m);
  return out;
}
