import { nodeAs, statementAs } from '../ast.js';
import type { Rule } from '../types.js';
import { concurrentReindexFix } from '../fixes/online-forms.js';

/** require-concurrent-reindex: a plain REINDEX blocks writes (and reads using the index) throughout. */
const rule: Rule = {
  id: 'require-concurrent-reindex',
  doc: 'REINDEX without CONCURRENTLY (blocks writes while it rebuilds).',
  defaultSeverity: 'error',
  hint: 'Use REINDEX ... CONCURRENTLY in a "-- migrate:up transaction:false" section.',
  squawk: ['require-concurrent-reindex'],
  check: {
    nodeTypes: ['ReindexStmt'],
    statement(statement, ctx) {
      const stmt = statementAs(statement, 'ReindexStmt');
      if (!stmt) return;
      const concurrent = (stmt.params ?? []).some((p) => nodeAs(p, 'DefElem')?.defname === 'concurrently');
      if (!concurrent) ctx.report('REINDEX without CONCURRENTLY blocks writes to the table until the rebuild ends', undefined, { fix: concurrentReindexFix(statement, ctx) });
    },
  },
};
export default rule;
