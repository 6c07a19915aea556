import { keywordNames, keywordWords } from '../keyword-names.js';
import type { Rule } from '../types.js';

/**
 * reserved-keyword-quoted: a keyword used as a name, quoted. The migration runs (ORMs such as
 * Prisma quote every name), but any query written by hand later must quote it too, or fails.
 */
const rule: Rule = {
  id: 'reserved-keyword-quoted',
  doc: 'An identifier is a PostgreSQL keyword, quoted here: it works, but every hand-written query must quote it too.',
  defaultSeverity: 'warn',
  hint: 'Rename it (e.g. "limit" → "max_items") while nothing depends on it, or quote it in every query.',
  check: {
    words: keywordWords,
    statement(statement, ctx) {
      for (const { defined, label, quoted } of keywordNames(statement, ctx)) {
        if (quoted) ctx.report(`${defined.kind} name "${defined.name}" is ${label}: quoted here it works, but every hand-written query must quote it too`, defined.location);
      }
    },
  },
};
export default rule;
