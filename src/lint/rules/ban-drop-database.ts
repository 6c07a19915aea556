import { statementAs } from '../ast.js';
import type { Rule } from '../types.js';

/** ban-drop-database: no migration should be able to drop a database. */
const rule: Rule = {
  id: 'ban-drop-database',
  doc: 'DROP DATABASE in a migration.',
  defaultSeverity: 'error',
  hint: 'Drop databases by hand, never from a migration that runs on every environment.',
  squawk: ['ban-drop-database'],
  check: {
    nodeTypes: ['DropdbStmt'],
    statement(statement, ctx) {
      const stmt = statementAs(statement, 'DropdbStmt');
      if (stmt) ctx.report(`DROP DATABASE "${stmt.dbname}" in a migration`);
    },
  },
};
export default rule;
