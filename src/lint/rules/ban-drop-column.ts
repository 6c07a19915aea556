import { displayName } from '../ast.js';
import { alterCommands } from '../facts.js';
import type { Rule } from '../types.js';

/** ban-drop-column: running code that selects or inserts the column fails the moment it is gone. */
const rule: Rule = {
  id: 'ban-drop-column',
  doc: 'DROP COLUMN of a column that existed before this migration (destructive).',
  defaultSeverity: 'error',
  hint: 'Remove the column from all code and deploy first; then drop it in its own migration.',
  squawk: ['ban-drop-column'],
  strongMigrations: ['removing a column'],
  check: {
    nodeTypes: ['AlterTableStmt'],
    statement(statement, ctx) {
      for (const { table, cmd } of alterCommands(statement)) {
        if (cmd.subtype !== 'AT_DropColumn' || !cmd.name) continue;
        if (ctx.columnExisted(table, cmd.name)) ctx.report(`dropping column "${cmd.name}" of "${displayName(table)}" deletes its data and breaks code that still uses it`);
      }
    },
  },
};
export default rule;
