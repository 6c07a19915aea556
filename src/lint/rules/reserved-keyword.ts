import type { KeywordCategory } from '../../parser/keywords.js';
import { definedNames, type NameRole } from '../facts.js';
import type { Rule } from '../types.js';

// Which categories cannot stand bare in each role, per PostgreSQL's grammar: table, column, index,
// constraint and schema names are ColId (no reserved or type/function-name keywords); type and
// function names are type_function_name (no reserved or column-name keywords).
const BLOCKED: Readonly<Record<NameRole, readonly KeywordCategory[]>> = {
  relation: ['reserved', 'type_func_name'],
  type: ['reserved', 'col_name'],
};

const LABEL: Readonly<Record<KeywordCategory, string>> = {
  none: '',
  unreserved: '',
  col_name: 'a keyword that cannot name a type or function',
  type_func_name: 'a keyword reserved except as a type or function name',
  reserved: 'a reserved keyword',
};

/**
 * reserved-keyword: a name that must be quoted wherever it is used — seed 002's `limit` column,
 * whose unquoted use in hand-written SQL failed the rollout. Keyword categories come from
 * libpg-query's scanner.
 */
const rule: Rule = {
  id: 'reserved-keyword',
  doc: 'An identifier is a PostgreSQL keyword that must be quoted wherever it is used (quoted here or not).',
  defaultSeverity: 'error',
  hint: 'Rename it (e.g. "limit" → "max_items"); every query, ORM and hand-written script would otherwise have to quote it.',
  check: {
    words: (statement) => definedNames(statement).map((defined) => defined.name),
    statement(statement, ctx) {
      for (const defined of definedNames(statement)) {
        const category = ctx.keywords(defined.name);
        if (!BLOCKED[defined.role].includes(category)) continue;
        ctx.report(`${defined.kind} name "${defined.name}" is ${LABEL[category]}: it works only when quoted, everywhere it is used`, defined.location);
      }
    },
  },
};
export default rule;
