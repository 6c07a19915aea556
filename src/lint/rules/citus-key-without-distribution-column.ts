import { displayName, keyOf } from '../ast.js';
import { citusCandidate, columnList, distributionColumn, isDistributed, isTenantTable, keyLocation, keyWord, quoter, referenceTableSql, touchedTables } from '../citus.js';
import type { Rule } from '../types.js';

/**
 * citus-key-without-distribution-column (profile `citus`): Citus enforces a primary key, a unique
 * constraint or a unique index of a distributed table only shard by shard, so it refuses one that
 * leaves out the distribution column ("creating unique indexes on non-partition columns is
 * currently unsupported"). Checked after the section, on the tables it touched; a key is reported
 * when this file created it, or when this file gave its table the distribution column.
 */
const rule: Rule = {
  id: 'citus-key-without-distribution-column',
  doc: 'Profile citus: a primary key, unique constraint or unique index of a table with the distribution column (tenant_id; configurable) that leaves the column out.',
  defaultSeverity: 'warn',
  scoped: true,
  profile: 'citus',
  hint: 'Put the distribution column first in the key; a value unique per tenant is what Citus can enforce.',
  check: {
    section(section, ctx) {
      if (section.direction !== 'up') return;
      const column = distributionColumn(ctx);
      const quote = quoter(ctx);
      for (const touch of touchedTables(section.statements)) {
        const table = ctx.schema.table(touch.name);
        if (!citusCandidate(table, ctx) || !isDistributed(table, column)) continue;
        const columnIsNew = ctx.createdHere(table.columns.get(column));
        for (const index of table.indexes) {
          if (!index.unique || index.columns.includes(column) || !(columnIsNew || ctx.createdHere(index))) continue;
          const { what, constraint } = keyWord(table, index.name);
          const fixed = columnList(quote, [column, ...index.columns]);
          let message = `${what} ${columnList(quote, index.columns)} of "${displayName(table)}" leaves out distribution column "${column}": make the ${what.replace(/ ".*"$/, '')} ${fixed}`;
          if (what !== 'primary key' && isTenantTable(table, column)) {
            // Per-tenant uniqueness is not what a tenants table's slug or domain means.
            message += `, or, to keep it unique across tenants, make "${displayName(table)}" (the tenant table) a reference table: ${referenceTableSql(quote, table)}`;
          }
          const at = keyLocation(section.statements, table, index.columns, { name: index.name, constraint }) ?? (keyOf(touch.name) === keyOf(table) ? touch : undefined);
          ctx.report(message, at ? { statement: at.statement, location: at.location } : undefined);
        }
      }
    },
  },
};
export default rule;
