import type { Rule } from '../types.js';

/** multiple-statements-without-transaction: a failure halfway leaves the earlier statements applied. */
const rule: Rule = {
  id: 'multiple-statements-without-transaction',
  doc: 'A transaction:false section holding more than one statement (a failure leaves it half applied).',
  defaultSeverity: 'warn',
  hint: 'Give each non-transactional statement its own migration file, so each is recorded once it succeeds.',
  check: {
    section(section, ctx) {
      if (section.transactional || section.statements.length < 2) return;
      ctx.report(`this transaction:false section holds ${section.statements.length} statements; if one fails, those before it stay applied and the migration is not recorded`, section.statements[1]);
    },
  },
};
export default rule;
