import { listName, displayName, nodeAs, statementAs } from '../ast.js';
import type { Rule } from '../types.js';

/** ban-alter-domain-add-constraint: the new constraint is checked against every column of the domain's type, under lock. */
const rule: Rule = {
  id: 'ban-alter-domain-add-constraint',
  doc: 'ALTER DOMAIN ... ADD CONSTRAINT without NOT VALID (checks every column using the domain, under lock).',
  defaultSeverity: 'error',
  hint: 'Add it NOT VALID and VALIDATE CONSTRAINT later — or better, put the check on the table columns.',
  squawk: ['ban-alter-domain-with-add-constraint'],
  check: {
    nodeTypes: ['AlterDomainStmt'],
    statement(statement, ctx) {
      const stmt = statementAs(statement, 'AlterDomainStmt');
      const constraint = nodeAs(stmt?.def, 'Constraint');
      if (stmt?.subtype !== 'C' || !constraint || constraint.skip_validation) return;
      const domain = listName(stmt.typeName);
      ctx.report(`adding a constraint to domain "${domain ? displayName(domain) : '?'}" checks every column of that type while writes wait`, constraint.location);
    },
  },
};
export default rule;
