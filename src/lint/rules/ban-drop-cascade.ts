import { statementAs } from '../ast.js';
import { alterCommands } from '../facts.js';
import type { Rule } from '../types.js';

/** ban-drop-cascade: CASCADE drops whatever depends on the object, which nobody reviewed. */
const rule: Rule = {
  id: 'ban-drop-cascade',
  doc: 'A DROP or TRUNCATE with CASCADE, which silently removes dependent objects or rows too.',
  defaultSeverity: 'error',
  hint: 'Drop the dependent objects explicitly first, then drop without CASCADE (RESTRICT fails loudly instead).',
  squawk: ['ban-truncate-cascade'],
  check: {
    nodeTypes: ['DropStmt', 'TruncateStmt', 'AlterTableStmt'],
    statement(statement, ctx) {
      const drop = statementAs(statement, 'DropStmt');
      if (drop?.behavior === 'DROP_CASCADE') {
        ctx.report(`DROP ... CASCADE also drops every object that depends on it`);
        return;
      }
      if (statementAs(statement, 'TruncateStmt')?.behavior === 'DROP_CASCADE') {
        ctx.report('TRUNCATE ... CASCADE also empties every table that references these ones');
        return;
      }
      for (const { cmd } of alterCommands(statement)) {
        if ((cmd.subtype === 'AT_DropColumn' || cmd.subtype === 'AT_DropConstraint') && cmd.behavior === 'DROP_CASCADE') {
          ctx.report(`dropping "${cmd.name}" with CASCADE also drops every object that depends on it`);
        }
      }
    },
  },
};
export default rule;
