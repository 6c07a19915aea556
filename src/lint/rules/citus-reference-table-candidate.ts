import { displayName, keyOf, location, relationName, statementAs } from '../ast.js';
import { citusCandidate, distributeChanges, distributionColumn, isDistributed, quoter, referenceTableSql } from '../citus.js';
import { foreignKeys } from '../facts.js';
import type { TableState } from '../schema/state.js';
import type { Rule } from '../types.js';

/**
 * citus-reference-table-candidate (profile `citus`): a table without the distribution column
 * cannot be sharded by it. Small shared tables (plans, users across tenants, lookup lists) become
 * reference tables, copied to every node, and then distributed tables may reference them; but a
 * reference table cannot reference a distributed table, so a table that does must get the column
 * instead. Checked after the section: tables it created, and foreign keys it added to tables
 * without the column.
 */
const rule: Rule = {
  id: 'citus-reference-table-candidate',
  doc: 'Profile citus: a new table without the distribution column (tenant_id; configurable) — a reference table, or, if it references a distributed table, a table that needs the column.',
  defaultSeverity: 'warn',
  scoped: true,
  profile: 'citus',
  hint: 'Make shared lookup tables reference tables (create_reference_table); give tenant data the distribution column.',
  check: {
    section(section, ctx) {
      if (section.direction !== 'up') return;
      const column = distributionColumn(ctx);
      const quote = quoter(ctx);
      const distributedTargets = (table: TableState) =>
        [...new Set(table.constraints.filter((c) => c.kind === 'foreign' && c.references).map((c) => c.references!))]
          .filter((name) => {
            const target = ctx.schema.table(name);
            return target !== undefined && keyOf(target) !== keyOf(table) && isDistributed(target, column);
          })
          .map((name) => `"${displayName(name)}"`);
      const reported = new Set<string>();
      for (const statement of section.statements) {
        const create = statementAs(statement, 'CreateStmt');
        const name = relationName(create?.relation);
        if (!create || !name || create.relation?.relpersistence === 't' || reported.has(keyOf(name))) continue;
        const table = ctx.schema.table(name);
        if (!citusCandidate(table, ctx) || !ctx.createdHere(table) || isDistributed(table, column)) continue;
        reported.add(keyOf(name));
        const targets = distributedTargets(table);
        ctx.report(
          targets.length
            ? `table "${displayName(name)}" has no "${column}" column but references distributed ${targets.join(', ')}, and a reference table cannot reference a distributed table: ${distributeChanges(table, column, quote, ctx).join('; ')}`
            : `table "${displayName(name)}" has no "${column}" column: make it a reference table (${referenceTableSql(quote, name)}), or add "${column}" if its rows belong to one tenant`,
          location(create.relation),
        );
      }
      // A foreign key added later, from a table without the column to one with it.
      for (const statement of section.statements) {
        if (statementAs(statement, 'CreateStmt')) continue;
        for (const fk of foreignKeys(statement)) {
          const table = ctx.schema.table(fk.table);
          const target = fk.references ? ctx.schema.table(fk.references) : undefined;
          if (!citusCandidate(table, ctx) || !target || isDistributed(table, column) || !isDistributed(target, column) || reported.has(keyOf(table))) continue;
          reported.add(keyOf(table));
          ctx.report(`table "${displayName(table)}" has no "${column}" column but now references distributed "${displayName(target)}", and a reference table cannot reference a distributed table: ${distributeChanges(table, column, quote, ctx).join('; ')}`, fk.location ?? statement);
        }
      }
    },
  },
};
export default rule;
