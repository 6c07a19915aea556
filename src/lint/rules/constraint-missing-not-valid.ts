import { constraintsOf, displayName, nodeAs } from '../ast.js';
import { alterCommands, columnDefinitions } from '../facts.js';
import type { Rule } from '../types.js';
import { inlineConstraintFix, notValidFix } from '../fixes/online-forms.js';

/** The fix for a constraint written inline in ADD COLUMN. */
const INLINE_HINT = 'Add the column without the constraint, then ADD CONSTRAINT ... NOT VALID, and VALIDATE CONSTRAINT in a later migration.';

/**
 * constraint-missing-not-valid: adding a FOREIGN KEY or CHECK validates every row while holding
 * a lock that blocks writes (and, for a foreign key, writes to the referenced table too). That
 * holds for a constraint written inline in ADD COLUMN too (`ADD COLUMN x bigint REFERENCES y`),
 * which cannot say NOT VALID at all: the column has to come first, its constraint after.
 */
const rule: Rule = {
  id: 'constraint-missing-not-valid',
  doc: 'ADD FOREIGN KEY or CHECK without NOT VALID on an existing table, or inline in ADD COLUMN (validates every row under lock).',
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
        ctx.report(`adding ${kind}${constraint.conname ? ` "${constraint.conname}"` : ''} to "${displayName(table)}" without NOT VALID checks every row while writes wait`, location, { fix: notValidFix(statement, ctx, table, constraint) });
      }
      for (const column of columnDefinitions(statement)) {
        if (column.inCreate || !ctx.tableExisted(column.table)) continue;
        for (const c of constraintsOf(column.def.constraints)) {
          if (c.contype !== 'CONSTR_FOREIGN' && c.contype !== 'CONSTR_CHECK') continue;
          const kind = c.contype === 'CONSTR_FOREIGN' ? 'a foreign key' : 'a check constraint';
          ctx.report(`adding column "${column.def.colname}" with ${kind} to "${displayName(column.table)}" checks every row while writes wait (inline, it cannot be NOT VALID)`, c.location ?? column.location, { hint: INLINE_HINT, fix: inlineConstraintFix(statement, ctx, column.table, column.def, c) });
        }
      }
    },
  },
};
export default rule;
