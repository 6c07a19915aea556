import { displayName, SERIAL_TYPES } from '../ast.js';
import { typedColumns } from '../facts.js';
import type { Rule } from '../types.js';

/** prefer-identity: serial columns own a separate sequence with its own permissions and dump quirks. */
const rule: Rule = {
  id: 'prefer-identity',
  doc: 'A serial / bigserial / smallserial column.',
  defaultSeverity: 'warn',
  scoped: true,
  hint: 'Use bigint GENERATED ALWAYS AS IDENTITY (or BY DEFAULT).',
  squawk: ['prefer-identity'],
  check: {
    nodeTypes: ['CreateStmt', 'AlterTableStmt'],
    statement(statement, ctx) {
      for (const c of typedColumns(statement)) {
        if (SERIAL_TYPES[c.type.name] && ctx.inScope(c.table)) ctx.report(`"${displayName(c.table)}.${c.column}" is ${c.type.name}`, c.location);
      }
    },
  },
};
export default rule;
