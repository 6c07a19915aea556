import { displayName } from '../ast.js';
import { foreignKeys } from '../facts.js';
import type { Rule } from '../types.js';

/**
 * fk-missing-index: without an index on the referencing columns, every delete or key update in
 * the referenced table scans this one (and joins along the key are slow). An index counts when
 * the foreign key's columns are its leading columns, in any order; primary keys and unique
 * constraints count too. Checked after the section, so an index created later in it counts.
 */
const rule: Rule = {
  id: 'fk-missing-index',
  doc: 'A foreign key whose columns are not the leading columns of any index (checked at the end of the section).',
  defaultSeverity: 'warn',
  scoped: true,
  hint: 'Create an index on the foreign key columns (CONCURRENTLY if the table already has rows).',
  check: {
    section(section, ctx) {
      for (const statement of section.statements) {
        for (const fk of foreignKeys(statement)) {
          const table = ctx.schema.table(fk.table);
          if (!table || fk.columns.length === 0 || !ctx.inScope(fk.table)) continue;
          const wanted = new Set(fk.columns);
          const covered = table.indexes.some((index) => {
            if (index.partial || index.columns.length < wanted.size) return false;
            const leading = index.columns.slice(0, wanted.size);
            return leading.every((c) => c !== null && wanted.has(c));
          });
          if (!covered) {
            ctx.report(`foreign key (${fk.columns.join(', ')}) of "${displayName(fk.table)}" has no index: deletes in "${fk.references ? displayName(fk.references) : '?'}" scan this table`, fk.location ?? statement);
          }
        }
      }
    },
  },
};
export default rule;
