import type { Rule } from '../types.js';

/** invalid-directive: a disable comment names a rule that does not exist (a typo silences nothing). */
const rule: Rule = {
  id: 'invalid-directive',
  doc: 'A `tidemark-lint-disable-next-line` comment names a rule that does not exist.',
  defaultSeverity: 'warn',
  hint: 'Name rules by their id (see the rules table in the README), separated by commas.',
  // Reported by the engine, which reads the directives.
  check: {},
};
export default rule;
