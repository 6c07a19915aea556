import { displayName } from '../ast.js';
import { alterCommands } from '../facts.js';
import type { Rule } from '../types.js';

/** ban-drop-not-null: code written against the column may not expect NULL. */
const rule: Rule = {
  id: 'ban-drop-not-null',
  doc: 'DROP NOT NULL on an existing column (readers may not expect NULL).',
  defaultSeverity: 'warn',
  hint: 'Make sure every reader handles NULL before deploying; disable this rule on this line when it does.',
  squawk: ['ban-drop-not-null'],
  check: {
    nodeTypes: ['AlterTableStmt'],
    statement(statement, ctx) {
      for (const { table, cmd } of alterCommands(statement)) {
        if (cmd.subtype === 'AT_DropNotNull' && cmd.name && ctx.columnExisted(table, cmd.name)) {
          ctx.report(`"${displayName(table)}.${cmd.name}" may be NULL from now on; code that assumes a value breaks`);
        }
      }
    },
  },
};
export default rule;
