import type { Rule } from '../types.js';

/** syntax-error: SQL PostgreSQL's grammar rejects; the engine reports it where the parser stopped. */
const rule: Rule = {
  id: 'syntax-error',
  doc: 'A section does not parse with PostgreSQL\'s grammar; reported at the exact line and column.',
  defaultSeverity: 'error',
  hint: 'Fix the SQL: PostgreSQL cannot parse this section, so nothing in it runs.',
  squawk: ['syntax-error'],
  // Reported by the engine, which is where parsing happens.
  check: {},
};
export default rule;
