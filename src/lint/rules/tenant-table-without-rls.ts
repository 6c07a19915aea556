import { displayName, keyOf, location, relationName, statementAs, type QualifiedName } from '../ast.js';
import { alterCommands } from '../facts.js';
import type { Rule } from '../types.js';

/**
 * tenant-table-without-rls: a table scoped by a tenant column (`tenant_id`, `org_id`, config
 * `lint.tenantColumns`) but without row-level security relies on every query remembering its
 * WHERE clause. Checked after the section, so an ENABLE ROW LEVEL SECURITY later in it counts.
 * The tenant registry itself — where the tenant column is the whole primary key — is exempt.
 */
const rule: Rule = {
  id: 'tenant-table-without-rls',
  doc: 'A table with a tenant column (tenant_id, org_id; configurable) created or given one without ENABLE ROW LEVEL SECURITY.',
  defaultSeverity: 'warn',
  scoped: true,
  hint: 'ALTER TABLE … ENABLE ROW LEVEL SECURITY and add a policy on the tenant column, in the same migration.',
  check: {
    section(section, ctx) {
      const seen = new Set<string>();
      const consider = (name: QualifiedName | undefined, at: number | undefined, statement: (typeof section.statements)[number]) => {
        if (!name || seen.has(keyOf(name))) return;
        seen.add(keyOf(name));
        const table = ctx.schema.table(name);
        if (!table || table.rowSecurity || !ctx.inScope(name)) return;
        const column = ctx.options.tenantColumns.find((c) => table.columns.has(c));
        if (!column) return;
        const key = table.constraints.find((c) => c.kind === 'primary');
        if (key && key.columns.length === 1 && key.columns[0] === column) return;
        ctx.report(`table "${displayName(name)}" has tenant column "${column}" but no row-level security`, at ?? statement);
      };
      for (const statement of section.statements) {
        const create = statementAs(statement, 'CreateStmt');
        if (create) consider(relationName(create.relation), location(create.relation), statement);
        for (const { table, cmd, location: at } of alterCommands(statement)) {
          if (cmd.subtype === 'AT_AddColumn') consider(table, at, statement);
        }
      }
    },
  },
};
export default rule;
