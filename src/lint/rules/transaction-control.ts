import { statementAs } from '../ast.js';
import type { Rule } from '../types.js';

// SAVEPOINT and friends work inside Tidemark's transaction; these end or open one.
const BREAKERS = new Set(['TRANS_STMT_BEGIN', 'TRANS_STMT_START', 'TRANS_STMT_COMMIT', 'TRANS_STMT_ROLLBACK', 'TRANS_STMT_PREPARE', 'TRANS_STMT_COMMIT_PREPARED', 'TRANS_STMT_ROLLBACK_PREPARED']);

/** transaction-control: Tidemark manages the transaction; BEGIN or COMMIT in a section breaks atomicity. */
const rule: Rule = {
  id: 'transaction-control',
  doc: 'BEGIN, COMMIT, ROLLBACK or PREPARE TRANSACTION inside a migration, whose transaction Tidemark manages (migrate refuses it).',
  defaultSeverity: 'error',
  hint: 'Remove it: each section runs in its own transaction; use "transaction:false" on the marker to run without one.',
  squawk: ['transaction-nesting', 'ban-uncommitted-transaction'],
  check: {
    nodeTypes: ['TransactionStmt'],
    statement(statement, ctx) {
      const stmt = statementAs(statement, 'TransactionStmt');
      if (stmt && BREAKERS.has(stmt.kind ?? '')) ctx.report(`"${statement.text.split(/\s/)[0]}" inside a migration: Tidemark runs each section in its own transaction`);
    },
  },
};
export default rule;
