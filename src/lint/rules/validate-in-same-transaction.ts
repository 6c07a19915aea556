import { displayName, keyOf, nodeAs } from '../ast.js';
import { alterCommands } from '../facts.js';
import type { Rule } from '../types.js';

/**
 * validate-in-same-transaction: NOT VALID exists so that the row check (VALIDATE, under a lock
 * that lets writes through) runs after the ADD's stronger lock is gone. In the same transaction
 * the ADD's lock is still held while VALIDATE scans, which is what NOT VALID was meant to avoid.
 * A `transaction:false` section runs each statement in its own transaction, so it is fine there.
 */
const rule: Rule = {
  id: 'validate-in-same-transaction',
  doc: 'VALIDATE CONSTRAINT in the same transaction as the ADD ... NOT VALID it validates (the scan runs under the ADD\'s lock).',
  defaultSeverity: 'error',
  hint: 'Move VALIDATE CONSTRAINT to the next migration (or to a later "transaction:false" section), after the ADD has committed.',
  strongMigrations: ['adding a foreign key', 'adding a check constraint'],
  check: {
    nodeTypes: ['AlterTableStmt'],
    statement(statement, ctx) {
      const section = ctx.section;
      if (!section?.transactional) return;
      const validations = alterCommands(statement).filter((c) => c.cmd.subtype === 'AT_ValidateConstraint' && c.cmd.name);
      if (validations.length === 0) return;
      const added = new Set<string>();
      for (const earlier of section.statements.slice(0, section.statements.indexOf(statement) + 1)) {
        for (const { table, cmd } of alterCommands(earlier)) {
          const c = nodeAs(cmd.def, 'Constraint');
          if (cmd.subtype === 'AT_AddConstraint' && c?.skip_validation && c.conname) added.add(`${keyOf(table)}\u0000${c.conname}`);
        }
      }
      for (const { table, cmd } of validations) {
        if (added.has(`${keyOf(table)}\u0000${cmd.name}`)) {
          ctx.report(`validating "${cmd.name}" of "${displayName(table)}" in the transaction that added it NOT VALID scans every row while the ADD's lock is still held`);
        }
      }
    },
  },
};
export default rule;
