import { loadKeywordLookup, type KeywordCategory } from '../parser/keywords.js';
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

/** loadIdentQuoter returns the minimal quoter; it loads the parser once. */
export function loadIdentQuoter(): Promise<IdentQuoter> {
  quoter ??= loadKeywordLookup().then((keywords) => {
    const cache = new Map<string, string>();
    const render = (name: string, category: KeywordCategory) => (category === 'none' || category === 'unreserved' ? name : quoteIdent(name));
    const quote = ((name: string) => {
      let rendered = cache.get(name);
      if (rendered === undefined) {
        rendered = SIMPLE.test(name) ? render(name, keywords(name)) : quoteIdent(name);
        cache.set(name, rendered);
      }
      return rendered;
    }) as IdentQuoter;
    quote.prime = (names) => {
      const simple = [...names].filter((n) => !cache.has(n) && SIMPLE.test(n));
      keywords.many(simple).forEach((category, i) => cache.set(simple[i]!, render(simple[i]!, category)));
    };
    return quote;
  });
  return quoter;
}

/**
 * identQuoterFor is the same minimal quoting decided by a keyword classifier already at hand
 * (the linter's, whose parser is loaded): for code that prints SQL synchronously.
 *
 * @example identQuoterFor(ctx.keywords)('user') // '"user"'
 */
export function identQuoterFor(classify: (word: string) => KeywordCategory): IdentQuoter {
  const quote = ((name: string) => {
    const category = SIMPLE.test(name) ? classify(name) : 'reserved';
    return category === 'none' || category === 'unreserved' ? name : quoteIdent(name);
  }) as IdentQuoter;
  quote.prime = () => {};
  return quote;
}
