import type { ColumnDef, Node } from 'libpg-query';
import { columnType, constraintsOf, displayName, SERIAL_TYPES, strings, walk } from '../ast.js';
import { columnDefinitions } from '../facts.js';
import type { Rule } from '../types.js';

// Volatility lives in pg_proc, which a parser cannot see; these built-ins are stable or immutable
// and common in defaults. Any other function is treated as possibly volatile.
const STABLE_FUNCTIONS = new Set([
  'now', 'statement_timestamp', 'transaction_timestamp', 'current_setting', 'lower', 'upper', 'btrim', 'trim', 'length',
  'make_date', 'make_interval', 'make_timestamp', 'make_timestamptz', 'to_timestamp', 'to_date', 'to_char', 'date_trunc',
  'jsonb_build_object', 'json_build_object', 'jsonb_build_array', 'json_build_array', 'array_fill', 'concat', 'coalesce',
]);

/** volatileCall returns the first function call of `expr` not known to be stable, if any. */
function volatileCall(expr: Node | undefined): string | undefined {
  let found: string | undefined;
  walk(expr, (kind, payload) => {
    if (found) return false;
    if (kind === 'FuncCall') {
      const name = strings((payload as { funcname?: Node[] }).funcname).at(-1) ?? '?';
      if (!STABLE_FUNCTIONS.has(name)) found = `${name}()`;
    } else if (kind === 'SubLink') found = 'a subquery';
    return !found;
  });
  return found;
}

function rewriteReason(def: ColumnDef): string | undefined {
  const type = columnType(def.typeName);
  if (SERIAL_TYPES[type.name]) return `a ${type.name} column (its default, nextval(), is volatile)`;
  for (const c of constraintsOf(def.constraints)) {
    if (c.contype === 'CONSTR_IDENTITY') return 'an identity column (every row gets a value)';
    if (c.contype === 'CONSTR_GENERATED') return 'a stored generated column';
    if (c.contype === 'CONSTR_DEFAULT') {
      const call = volatileCall(c.raw_expr);
      if (call) return `a column whose default calls ${call}, which is not known to be stable`;
    }
  }
  return undefined;
}

/**
 * adding-volatile-default: since PostgreSQL 11 a constant default is stored once, but a volatile
 * one (and serial, identity and stored generated columns) still rewrites the whole table under an
 * ACCESS EXCLUSIVE lock.
 */
const rule: Rule = {
  id: 'adding-volatile-default',
  doc: 'ADD COLUMN with a volatile default (or serial, identity, stored generated) on an existing table rewrites it under an exclusive lock.',
  defaultSeverity: 'error',
  hint: 'Add the column without the default, set the default for new rows, backfill in batches, then add constraints.',
  squawk: ['adding-field-with-default', 'adding-serial-primary-key-field'],
  strongMigrations: ['adding a column with a volatile default value', 'adding an auto-incrementing column', 'adding a stored generated column'],
  check: {
    nodeTypes: ['AlterTableStmt'],
    statement(statement, ctx) {
      for (const column of columnDefinitions(statement)) {
        if (column.inCreate || !ctx.tableExisted(column.table)) continue;
        const reason = rewriteReason(column.def);
        if (reason) ctx.report(`adding ${reason} rewrites all of "${displayName(column.table)}" under an ACCESS EXCLUSIVE lock`, column.location);
      }
    },
  },
};
export default rule;
