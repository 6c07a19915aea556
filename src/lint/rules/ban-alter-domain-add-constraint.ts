import { listName, displayName, keyOf, nodeAs, statementAs, type QualifiedName } from '../ast.js';
import type { ParsedStatement } from '../../parser/parser.js';
import type { LintSection, Rule } from '../types.js';
import { domainNotValidFix } from '../fixes/online-forms.js';

/** createdBefore tells whether an earlier statement of the section creates the domain `name`. */
function createdBefore(section: LintSection | undefined, statement: ParsedStatement, name: QualifiedName): boolean {
  const statements = section?.statements ?? [];
  return statements.slice(0, statements.indexOf(statement)).some((s) => {
    const created = listName(statementAs(s, 'CreateDomainStmt')?.domainname);
    return created !== undefined && keyOf(created) === keyOf(name);
  });
}

/**
 * ban-alter-domain-add-constraint: the new constraint is checked against every column of the
 * domain's type, under lock. A domain created earlier in the same section has no such column
 * yet that holds rows (generate adds a new domain's constraints this way).
 */
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
      if (domain && createdBefore(ctx.section, statement, domain)) return;
      ctx.report(`adding a constraint to domain "${domain ? displayName(domain) : '?'}" checks every column of that type while writes wait`, constraint.location, { fix: domainNotValidFix(statement, ctx, constraint) });
    },
  },
};
export default rule;
