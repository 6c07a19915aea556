import { constraintsOf, statementAs, strings } from '../ast.js';
import type { Rule } from '../types.js';

/** ban-create-domain-with-constraint: domain constraints cannot be changed later without a locking re-check. */
const rule: Rule = {
  id: 'ban-create-domain-with-constraint',
  doc: 'CREATE DOMAIN with a CHECK or NOT NULL constraint (hard to change later without locking every table using it).',
  defaultSeverity: 'warn',
  hint: 'Create the domain without constraints and put CHECK constraints on the table columns instead.',
  squawk: ['ban-create-domain-with-constraint'],
  check: {
    nodeTypes: ['CreateDomainStmt'],
    statement(statement, ctx) {
      const stmt = statementAs(statement, 'CreateDomainStmt');
      const constraint = constraintsOf(stmt?.constraints).find((c) => c.contype === 'CONSTR_CHECK' || c.contype === 'CONSTR_NOTNULL');
      if (constraint) ctx.report(`domain "${strings(stmt!.domainname).at(-1)}" carries a constraint that every later change must re-check under lock`, constraint.location);
    },
  },
};
export default rule;
