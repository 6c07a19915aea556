import { displayName, nodeAs } from '../ast.js';
import { alterCommands } from '../facts.js';
import type { Rule } from '../types.js';

/**
 * constraint-missing-not-valid: adding a FOREIGN KEY or CHECK validates every row while holding
 * a lock that blocks writes (and, for a foreign key, writes to the referenced table too).
 */
const rule: Rule = {
  id: 'constraint-missing-not-valid',
  doc: 'ADD FOREIGN KEY or CHECK without NOT VALID on an existing table (validates every row under lock).',
  defaultSeverity: 'error',
  hint: 'Add it with NOT VALID, then VALIDATE CONSTRAINT in a later migration (validation takes a weaker lock).',
  squawk: ['constraint-missing-not-valid', 'adding-foreign-key-constraint'],
  strongMigrations: ['adding a foreign key', 'adding a check constraint'],
  check: {
    nodeTypes: ['AlterTableStmt'],
    statement(statement, ctx) {
      for (const { table, cmd, location } of alterCommands(statement)) {
        const constraint = nodeAs(cmd.def, 'Constraint');
        if (cmd.subtype !== 'AT_AddConstraint' || !constraint || constraint.skip_validation) continue;
        if (constraint.contype !== 'CONSTR_FOREIGN' && constraint.contype !== 'CONSTR_CHECK') continue;
        if (!ctx.tableExisted(table)) continue;
        const kind = constraint.contype === 'CONSTR_FOREIGN' ? 'foreign key' : 'check constraint';
        ctx.report(`adding ${kind}${constraint.conname ? ` "${constraint.conname}"` : ''} to "${displayName(table)}" without NOT VALID checks every row while writes wait`, location);
      }
    },
  },
};
export default rule;
