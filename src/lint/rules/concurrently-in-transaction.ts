import { nodeAs, statementAs } from '../ast.js';
import { alterCommands } from '../facts.js';
import type { Rule } from '../types.js';

/** concurrently-in-transaction: PostgreSQL refuses CONCURRENTLY inside a transaction block. */
const rule: Rule = {
  id: 'concurrently-in-transaction',
  doc: 'A CONCURRENTLY operation in a transactional section, where PostgreSQL refuses to run it.',
  defaultSeverity: 'error',
  hint: 'Move it to its own section marked "-- migrate:up transaction:false" (one statement, re-runnable).',
  squawk: ['ban-concurrent-index-creation-in-transaction'],
  check: {
    nodeTypes: ['IndexStmt', 'DropStmt', 'ReindexStmt', 'AlterTableStmt'],
    statement(statement, ctx) {
      if (!ctx.section?.transactional) return;
      const what =
        statementAs(statement, 'IndexStmt')?.concurrent ? 'CREATE INDEX CONCURRENTLY'
        : statementAs(statement, 'DropStmt')?.concurrent ? 'DROP INDEX CONCURRENTLY'
        : (statementAs(statement, 'ReindexStmt')?.params ?? []).some((p) => nodeAs(p, 'DefElem')?.defname === 'concurrently') ? 'REINDEX CONCURRENTLY'
        : alterCommands(statement).some((c) => c.cmd.subtype === 'AT_DetachPartition' && nodeAs(c.cmd.def, 'PartitionCmd')?.concurrent) ? 'DETACH PARTITION CONCURRENTLY'
        : undefined;
      if (what) ctx.report(`${what} cannot run inside a transaction block, and Tidemark runs this section in one`);
    },
  },
};
export default rule;
