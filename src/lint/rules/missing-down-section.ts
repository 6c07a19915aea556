import type { Rule } from '../types.js';

/** missing-down-section: without a down section the migration cannot be reverted by `tidemark down`. */
const rule: Rule = {
  id: 'missing-down-section',
  doc: 'A migration without a "-- migrate:down" section, or with an empty one.',
  defaultSeverity: 'warn',
  hint: 'Add "-- migrate:down" with the statements that undo the up section.',
  check: {
    file(file, ctx) {
      if (!file.hasDown) ctx.report('no "-- migrate:down" section: this migration cannot be reverted');
    },
    section(section, ctx) {
      if (section.direction === 'down' && section.statements.length === 0) {
        ctx.report('the down section is empty: reverting records a revert without undoing anything');
      }
    },
  },
};
export default rule;
