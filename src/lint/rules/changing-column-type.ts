import type { ColumnDef } from 'libpg-query';
import { columnType, displayName, nodeAs, renderType, strings, type ColumnType } from '../ast.js';
import { alterCommands } from '../facts.js';
import type { Rule } from '../types.js';

const TEXTUAL = new Set(['varchar', 'text']);

/**
 * rewriteFree tells whether PostgreSQL changes `from` into `to` without rewriting the table:
 * the binary-coercible cases that only relax a limit (varchar(n) → varchar(m ≥ n) or text,
 * numeric(p,s) → numeric(q ≥ p, s) or unconstrained).
 */
function rewriteFree(from: ColumnType, to: ColumnType): boolean {
  if (from.array !== to.array) return false;
  if (from.name === to.name && from.mods.join() === to.mods.join()) return true;
  if (TEXTUAL.has(from.name) && to.name === 'text') return true;
  if (TEXTUAL.has(from.name) && to.name === 'varchar') return to.mods.length === 0 || (from.name === 'varchar' && from.mods.length > 0 && to.mods[0]! >= from.mods[0]!);
  if (from.name === 'numeric' && to.name === 'numeric') {
    if (to.mods.length === 0) return true;
    return from.mods.length > 0 && to.mods[0]! >= from.mods[0]! && (to.mods[1] ?? 0) === (from.mods[1] ?? 0);
  }
  return false;
}

const sameType = (a: ColumnType, b: ColumnType) => a.name === b.name && a.array === b.array && a.mods.join() === b.mods.join();

/**
 * castsItself tells whether a USING expression is just the column cast to the new type
 * (`USING amount::numeric(12,2)`, as generate writes it): that is the conversion PostgreSQL
 * applies without USING, so it rewrites no more than the type change itself.
 */
function castsItself(def: ColumnDef, column: string): boolean {
  const cast = nodeAs(def.raw_default, 'TypeCast');
  const fields = strings(nodeAs(cast?.arg, 'ColumnRef')?.fields);
  return cast !== undefined && fields.length === 1 && fields[0] === column && sameType(columnType(cast.typeName), columnType(def.typeName));
}

/**
 * changing-column-type: ALTER COLUMN TYPE rewrites the table and its indexes under an ACCESS
 * EXCLUSIVE lock, except for the few binary-coercible changes; the old type comes from the
 * replayed migrations.
 */
const rule: Rule = {
  id: 'changing-column-type',
  doc: 'ALTER COLUMN TYPE on an existing column that rewrites the table (anything but relaxing a varchar/numeric limit).',
  defaultSeverity: 'error',
  hint: 'Add a column of the new type, write both, backfill in batches, switch reads, then drop the old column.',
  squawk: ['changing-column-type'],
  strongMigrations: ['changing the type of a column'],
  check: {
    nodeTypes: ['AlterTableStmt'],
    statement(statement, ctx) {
      for (const { table, cmd, location } of alterCommands(statement)) {
        if (cmd.subtype !== 'AT_AlterColumnType' || !cmd.name || !ctx.columnExisted(table, cmd.name)) continue;
        const def = nodeAs(cmd.def, 'ColumnDef');
        const to = columnType(def?.typeName);
        const from = ctx.schema.table(table)?.columns.get(cmd.name)?.type;
        const where = `"${displayName(table)}.${cmd.name}"`;
        // A USING expression computes every row anew (unless it only casts the column).
        if (def?.raw_default !== undefined && !castsItself(def, cmd.name)) {
          ctx.report(`changing the type of ${where} with USING rewrites the whole table under an ACCESS EXCLUSIVE lock`, location);
        } else if (!from) {
          ctx.report(`changing the type of ${where} to ${renderType(to)} may rewrite the whole table (its current type is not known to the replay)`, location);
        } else if (!rewriteFree(from, to)) {
          ctx.report(`changing ${where} from ${renderType(from)} to ${renderType(to)} rewrites the whole table under an ACCESS EXCLUSIVE lock`, location);
        }
      }
    },
  },
};
export default rule;
