import { loadParser } from './parser.js';

/**
 * PostgreSQL's keyword categories, read from libpg-query's scanner (the server's own keyword
 * table), never from a hand-kept list. The category decides where a word may stand bare:
 * unreserved keywords anywhere, column-name keywords as column and table names but not as type
 * or function names, type/function-name keywords the other way round, reserved keywords nowhere.
 */

/** KeywordCategory of a word; `none` for a word that is no keyword at all. */
export type KeywordCategory = 'none' | 'unreserved' | 'col_name' | 'type_func_name' | 'reserved';

/** KeywordLookup classifies words (case-sensitively: a quoted "Limit" is no keyword). */
export interface KeywordLookup {
  (word: string): KeywordCategory;
  /** many classifies several words, scanning the ones not seen before in one scanner call. */
  many(words: readonly string[]): KeywordCategory[];
}

const CATEGORY: Readonly<Record<string, KeywordCategory>> = {
  NO_KEYWORD: 'none',
  UNRESERVED_KEYWORD: 'unreserved',
  COL_NAME_KEYWORD: 'col_name',
  TYPE_FUNC_NAME_KEYWORD: 'type_func_name',
  RESERVED_KEYWORD: 'reserved',
};

// A name of lower-case letters, digits, underscores and dollars not starting with a digit reads
// as one scanner token; only such a name can read as a keyword when written bare.
const SIMPLE = /^[a-z_][a-z0-9_$]*$/;

let lookup: Promise<KeywordLookup> | undefined;

/**
 * loadKeywordLookup returns a cached classifier backed by the scanner; it loads the parser once.
 *
 * @example (await loadKeywordLookup())('limit') // 'reserved'
 */
export function loadKeywordLookup(): Promise<KeywordLookup> {
  lookup ??= loadParser().then((parser) => {
    const cache = new Map<string, KeywordCategory>();
    const scanOne = (word: string): KeywordCategory => {
      if (!SIMPLE.test(word)) return 'none';
      try {
        const tokens = parser.scanSync(word).tokens;
        return tokens.length === 1 ? (CATEGORY[tokens[0]!.keywordName] ?? 'none') : 'none';
      } catch {
        return 'none';
      }
    };
    const one = (word: string): KeywordCategory => {
      let category = cache.get(word);
      if (category === undefined) {
        category = scanOne(word);
        cache.set(word, category);
      }
      return category;
    };
    const many = (words: readonly string[]): KeywordCategory[] => {
      const unseen = [...new Set(words.filter((w) => !cache.has(w) && SIMPLE.test(w)))];
      if (unseen.length > 1) {
        // Space-separated simple names scan to exactly one token each, in order.
        const tokens = parser.scanSync(unseen.join(' ')).tokens;
        if (tokens.length === unseen.length) unseen.forEach((w, i) => cache.set(w, CATEGORY[tokens[i]!.keywordName] ?? 'none'));
      }
      return words.map(one);
    };
    return Object.assign(one, { many });
  });
  return lookup;
}
