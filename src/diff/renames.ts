import { UsageError } from '../errors.js';
import type { RenameHints } from './diff.js';

/**
 * parseRenameHints reads `--rename` hints:
 * - `old_table=new_table` (schema public) or `schema.old=schema.new` — a table;
 * - `table.old_col=new_col` (schema public) or `schema.table.old_col=new_col` — a column.
 * Column hints name the table as it is called after the change.
 *
 * @example parseRenameHints(['users=accounts', 'accounts.name=full_name'])
 */
export function parseRenameHints(hints: readonly string[]): RenameHints {
  const tables = new Map<string, string>();
  const columns = new Map<string, string>();
  for (const hint of hints) {
    const match = /^([^=]+)=([^=]+)$/.exec(hint.trim());
    if (!match) throw new UsageError(`--rename ${hint}: expected old=new (a table) or table.old=new (a column)`);
    const left = match[1]!.split('.');
    const right = match[2]!.split('.');
    if (right.length === 2 && left.length === 2) {
      if (right[0] !== left[0]) throw new UsageError(`--rename ${hint}: a table keeps its schema when renamed`);
      tables.set(`${left[0]}.${left[1]}`, right[1]!);
    } else if (right.length === 1 && left.length === 1) tables.set(`public.${left[0]}`, right[0]!);
    else if (right.length === 1 && left.length === 2) columns.set(`public.${left[0]}.${left[1]}`, right[0]!);
    else if (right.length === 1 && left.length === 3) columns.set(`${left[0]}.${left[1]}.${left[2]}`, right[0]!);
    else throw new UsageError(`--rename ${hint}: expected old=new (a table) or table.old=new (a column)`);
  }
  return { tables, columns };
}
