import { keywordNames, keywordWords } from '../keyword-names.js';
import type { Rule } from '../types.js';

/**
 * reserved-keyword: a keyword written bare where it names something — seed 002's unquoted `limit`
 * column, a syntax error that failed the rollout. Where the grammar lets it through (a qualified
 * `public.limit`, a type called `int`), every later use of the name breaks or means something
 * else. Keyword categories come from libpg-query's scanner; quoted names are
 * reserved-keyword-quoted's.
 */
const rule: Rule = {
  id: 'reserved-keyword',
  doc: 'An identifier is a PostgreSQL keyword written unquoted where it names something (a syntax error, or a name every later use gets wrong).',
  defaultSeverity: 'error',
  hint: 'Rename it (e.g. "limit" → "max_items"); quoting it here would only move the failure to every query that uses it bare.',
  check: {
    words: keywordWords,
    statement(statement, ctx) {
      for (const { defined, label, quoted } of keywordNames(statement, ctx)) {
        if (!quoted) ctx.report(`${defined.kind} name "${defined.name}" is ${label}, written unquoted: it works only when quoted, everywhere it is used`, defined.location);
      }
    },
  },
};
export default rule;
