import { displayName, relationName, statementAs } from '../ast.js';
import type { Rule } from '../types.js';

/** renaming-column: code deployed before the migration still uses the old name. */
const rule: Rule = {
  id: 'renaming-column',
  doc: 'RENAME COLUMN of a column that existed before this migration (breaks running code).',
  defaultSeverity: 'error',
  hint: 'Add the new column, write both, backfill, switch reads, then drop the old one — or use a view for the transition.',
  squawk: ['renaming-column'],
  strongMigrations: ['renaming a column'],
  check: {
    nodeTypes: ['RenameStmt'],
    statement(statement, ctx) {
      const stmt = statementAs(statement, 'RenameStmt');
      if (stmt?.renameType !== 'OBJECT_COLUMN' || !stmt.subname) return;
      const table = relationName(stmt.relation);
      if (ctx.columnExisted(table, stmt.subname)) {
        ctx.report(`renaming column "${stmt.subname}" of "${displayName(table!)}" to "${stmt.newname}" breaks code that uses the old name`);
      }
    },
  },
};
export default rule;
