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
