import { displayName, location, relationName, statementAs } from '../ast.js';
import type { Rule } from '../types.js';

/**
 * table-without-primary-key: rows cannot be addressed reliably, logical replication cannot
 * replicate updates and deletes, and ORMs misbehave. Checked after the whole section, so a
 * primary key added by a later ALTER TABLE in the same section counts.
 */
const rule: Rule = {
  id: 'table-without-primary-key',
  doc: 'A new table without a primary key (checked at the end of the section).',
  defaultSeverity: 'warn',
  scoped: true,
  hint: 'Add a primary key, e.g. id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY.',
  check: {
    section(section, ctx) {
      for (const statement of section.statements) {
        const stmt = statementAs(statement, 'CreateStmt');
        const name = relationName(stmt?.relation);
        // Temporary tables and partitions (which inherit the parent's key) are exempt.
        if (!stmt || !name || stmt.relation?.relpersistence === 't' || stmt.partbound) continue;
        const table = ctx.schema.table(name);
        if (!table || !ctx.createdHere(table) || table.constraints.some((c) => c.kind === 'primary') || !ctx.inScope(name)) continue;
        ctx.report(`table "${displayName(name)}" has no primary key`, location(stmt.relation));
      }
    },
  },
};
export default rule;
