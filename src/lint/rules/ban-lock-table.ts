import { displayName, nodeAs, relationName, statementAs } from '../ast.js';
import type { Rule } from '../types.js';

/** PostgreSQL's lock modes by number (lockdefs.h), from SHARE up: the ones that block writes. */
const WRITE_BLOCKING: Readonly<Record<number, string>> = {
  5: 'SHARE',
  6: 'SHARE ROW EXCLUSIVE',
  7: 'EXCLUSIVE',
  8: 'ACCESS EXCLUSIVE',
};

/**
 * ban-lock-table: an explicit LOCK TABLE holds its lock until the migration commits, so
 * everything after it in the transaction runs with the table's writers (or readers) waiting.
 * Weaker modes, which ordinary reads and writes pass, are left alone.
 */
const rule: Rule = {
  id: 'ban-lock-table',
  doc: 'LOCK TABLE in a mode that blocks writes (SHARE or stronger; the default is ACCESS EXCLUSIVE), held until the migration commits.',
  defaultSeverity: 'warn',
  hint: 'Drop the LOCK and let each statement take the lock it needs, or keep the transaction after it short (disable this rule on that line if it is).',
  check: {
    nodeTypes: ['LockStmt'],
    statement(statement, ctx) {
      const stmt = statementAs(statement, 'LockStmt');
      const mode = WRITE_BLOCKING[stmt?.mode ?? 0];
      if (!stmt || !mode) return;
      for (const relation of stmt.relations ?? []) {
        const rangeVar = nodeAs(relation, 'RangeVar');
        const table = relationName(rangeVar);
        if (!table || !ctx.tableExisted(table)) continue;
        const blocks = stmt.mode === 8 ? 'reads and writes' : 'writes';
        ctx.report(`LOCK TABLE "${displayName(table)}" IN ${mode} MODE blocks ${blocks} until the migration commits`, rangeVar?.location);
      }
    },
  },
};
export default rule;
