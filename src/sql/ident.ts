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
export type IdentQuoter = (name: string) => string;

const SIMPLE = /^[a-z_][a-z0-9_]*$/;
let quoter: Promise<IdentQuoter> | undefined;

/** loadIdentQuoter returns the minimal quoter; it loads the parser once. */
export function loadIdentQuoter(): Promise<IdentQuoter> {
  quoter ??= loadParser().then((parser) => {
    const cache = new Map<string, string>();
    return (name: string) => {
      let rendered = cache.get(name);
      if (rendered === undefined) {
        let bare = SIMPLE.test(name);
        if (bare) {
          const tokens = parser.scanSync(name).tokens;
          const kind = tokens.length === 1 ? tokens[0]!.keywordName : 'RESERVED_KEYWORD';
          bare = kind === 'NO_KEYWORD' || kind === 'UNRESERVED_KEYWORD';
        }
        rendered = bare ? name : quoteIdent(name);
        cache.set(name, rendered);
      }
      return rendered;
    };
  });
  return quoter;
}

/**
 * identQuoterFor is the same minimal quoting decided by a keyword classifier already at hand
 * (the linter's, whose parser is loaded): for code that prints SQL synchronously.
 *
 * @example identQuoterFor(ctx.keywords)('user') // '"user"'
 */
export function identQuoterFor(classify: (word: string) => 'none' | 'unreserved' | 'col_name' | 'type_func_name' | 'reserved'): IdentQuoter {
  return (name) => {
    const category = SIMPLE.test(name) ? classify(name) : 'reserved';
    return category === 'none' || category === 'unreserved' ? name : quoteIdent(name);
  };
}
