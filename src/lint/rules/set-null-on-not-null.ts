import { displayName } from '../ast.js';
import { alterCommands, foreignKeys } from '../facts.js';
import type { ColumnState } from '../schema/state.js';
import type { Rule } from '../types.js';

/**
 * set-null-on-not-null: `ON DELETE SET NULL` on a NOT NULL column — or `SET DEFAULT` on a NOT NULL
 * column without a default — makes every delete of a referenced row fail with a not-null
 * violation. Seed 000 declares four (user_id of folders, files, agents, agent_tools); the
 * example's migration 017 fixes them. Checked after the section against the columns as the
 * section leaves them, so a DROP NOT NULL in the same section clears it and a later SET NOT NULL
 * on such a column is reported too.
 */
const rule: Rule = {
  id: 'set-null-on-not-null',
  doc: 'A foreign key ON DELETE/UPDATE SET NULL on a NOT NULL column (or SET DEFAULT on a NOT NULL column without a default): deleting the referenced row fails.',
  defaultSeverity: 'error',
  hint: 'Make the column nullable (ALTER COLUMN … DROP NOT NULL), or use ON DELETE CASCADE / RESTRICT if the row cannot exist without its parent.',
  check: {
    section(section, ctx) {
      const broken = (action: string | undefined, column: ColumnState | undefined) =>
        column !== undefined && column.notNull && (action === 'set null' || (action === 'set default' && !column.hasDefault));
      for (const statement of section.statements) {
        for (const fk of foreignKeys(statement)) {
          const table = ctx.schema.table(fk.table);
          if (!table) continue;
          for (const [event, action] of [['DELETE', fk.onDelete], ['UPDATE', fk.onUpdate]] as const) {
            const affected = action === 'set null' && fk.setColumns ? fk.setColumns : fk.columns;
            for (const name of affected) {
              if (!broken(action, table.columns.get(name))) continue;
              ctx.report(`"${displayName(fk.table)}.${name}" is NOT NULL but its foreign key says ON ${event} ${action!.toUpperCase()}: ${event === 'DELETE' ? 'deleting' : 'changing the key of'} a referenced "${fk.references ? displayName(fk.references) : '?'}" row fails`, fk.location ?? statement);
            }
          }
        }
        for (const { table: name, cmd } of alterCommands(statement)) {
          if (cmd.subtype !== 'AT_SetNotNull' || !cmd.name) continue;
          const table = ctx.schema.table(name);
          const column = table?.columns.get(cmd.name);
          for (const fk of table?.constraints ?? []) {
            if (fk.kind !== 'foreign') continue;
            const affected = fk.onDelete === 'set null' && fk.setColumns ? fk.setColumns : fk.columns;
            if (affected.includes(cmd.name) && broken(fk.onDelete, column)) {
              ctx.report(`SET NOT NULL on "${displayName(name)}.${cmd.name}", whose foreign key says ON DELETE ${fk.onDelete!.toUpperCase()}: deleting a referenced row will fail`, statement);
            }
          }
        }
      }
    },
  },
};
export default rule;
