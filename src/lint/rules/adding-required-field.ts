import { columnType, constraintsOf, displayName, nodeAs, SERIAL_TYPES } from '../ast.js';
import { columnDefinitions } from '../facts.js';
import type { Rule } from '../types.js';

/** adding-required-field: NOT NULL without a default fails on the first existing row. */
const rule: Rule = {
  id: 'adding-required-field',
  doc: 'ADD COLUMN ... NOT NULL without a default on an existing table (fails as soon as the table has a row).',
  defaultSeverity: 'error',
  hint: 'Add the column nullable (or with a constant default), backfill it, then add NOT NULL via a validated CHECK.',
  squawk: ['adding-required-field'],
  check: {
    nodeTypes: ['AlterTableStmt'],
    statement(statement, ctx) {
      for (const column of columnDefinitions(statement)) {
        if (column.inCreate || !ctx.tableExisted(column.table)) continue;
        const constraints = constraintsOf(column.def.constraints);
        const has = (kind: string) => constraints.some((c) => c.contype === kind);
        const required = column.def.is_not_null === true || has('CONSTR_NOTNULL') || has('CONSTR_PRIMARY');
        // DEFAULT NULL fills nothing.
        const defaulted = constraints.some((c) => c.contype === 'CONSTR_DEFAULT' && nodeAs(c.raw_expr, 'A_Const')?.isnull !== true);
        const filled = defaulted || has('CONSTR_IDENTITY') || has('CONSTR_GENERATED') || SERIAL_TYPES[columnType(column.def.typeName).name] !== undefined;
        if (required && !filled) {
          ctx.report(`column "${column.def.colname}" is NOT NULL without a default: adding it to "${displayName(column.table)}" fails if the table has any row`, column.location);
        }
      }
    },
  },
};
export default rule;
