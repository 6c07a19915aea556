import { displayName, strings } from '../ast.js';
import { citusCandidate, columnList, distributionColumn, isDistributed, primaryKeyOf, quoter, tableSql } from '../citus.js';
import { foreignKeys } from '../facts.js';
import type { Rule } from '../types.js';

/**
 * citus-foreign-key-without-distribution-column (profile `citus`): Citus checks a foreign key
 * between two distributed tables inside one shard pair, so the key must pair the distribution
 * column with the distribution column ("foreign keys are supported in two cases …"); and on such
 * a key it refuses ON DELETE SET NULL / SET DEFAULT and ON UPDATE SET NULL / SET DEFAULT /
 * CASCADE, which would change the distribution column. Foreign keys to tables without the column
 * (reference tables) are fine; a table without it referencing one with it is
 * citus-reference-table-candidate's finding. Checked after the section, on the keys it defines.
 */
const rule: Rule = {
  id: 'citus-foreign-key-without-distribution-column',
  doc: 'Profile citus: a foreign key between two tables with the distribution column that does not pair the column with itself, or that would SET NULL / SET DEFAULT it.',
  defaultSeverity: 'warn',
  scoped: true,
  profile: 'citus',
  hint: 'Reference the distribution column with the distribution column, and the rest of the target\'s key with the rest.',
  check: {
    section(section, ctx) {
      if (section.direction !== 'up') return;
      const column = distributionColumn(ctx);
      const quote = quoter(ctx);
      for (const statement of section.statements) {
        for (const fk of foreignKeys(statement)) {
          const table = ctx.schema.table(fk.table);
          const target = fk.references ? ctx.schema.table(fk.references) : undefined;
          if (!citusCandidate(table, ctx) || !target || target.opaque || !isDistributed(table, column) || !isDistributed(target, column) || fk.columns.length === 0) continue;
          const written = strings(fk.constraint.pk_attrs);
          const referenced = written.length ? written : primaryKeyOf(target);
          if (referenced.length !== fk.columns.length) continue;
          const at = fk.location ?? statement;
          const paired = fk.columns.some((c, i) => c === column && referenced[i] === column);
          const actions = [
            ...(fk.onDelete === 'set null' || fk.onDelete === 'set default' ? [`ON DELETE ${fk.onDelete.toUpperCase()}`] : []),
            ...(fk.onUpdate === 'set null' || fk.onUpdate === 'set default' || fk.onUpdate === 'cascade' ? [`ON UPDATE ${fk.onUpdate.toUpperCase()}`] : []),
          ];
          const refusal = actions.length ? `; and drop ${actions.join(' and ')}: Citus refuses it on a key that includes "${column}" (use NO ACTION or RESTRICT, and clear the column in the application)` : '';
          const from = `foreign key ${columnList(quote, fk.columns)} of "${displayName(table)}" → "${displayName(target)}" ${columnList(quote, referenced)}`;
          if (!paired) {
            // Put the pair first; a column already paired with the distribution column elsewhere
            // would make the suggestion wrong, so leave such keys with the plain message.
            const keepsColumn = fk.columns.includes(column) || referenced.includes(column);
            const fix = keepsColumn
              ? `reference "${column}" with "${column}"`
              : `make it FOREIGN KEY ${columnList(quote, [column, ...fk.columns])} REFERENCES ${tableSql(quote, target)} ${columnList(quote, [column, ...referenced])}`;
            ctx.report(`${from} leaves out distribution column "${column}": ${fix}${refusal}`, at);
          } else if (actions.length) {
            ctx.report(`${from} includes distribution column "${column}" with ${actions.join(' and ')}, which Citus refuses: use NO ACTION or RESTRICT, and clear the other columns in the application`, at);
          }
        }
      }
    },
  },
};
export default rule;
