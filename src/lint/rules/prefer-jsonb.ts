import { displayName } from '../ast.js';
import { typedColumns } from '../facts.js';
import type { Rule } from '../types.js';

/** prefer-jsonb: json has no equality operator (DISTINCT, UNION and GROUP BY fail) and no indexing. */
const rule: Rule = {
  id: 'prefer-jsonb',
  doc: 'A column of type json.',
  defaultSeverity: 'warn',
  scoped: true,
  hint: 'Use jsonb: it can be compared, indexed (GIN) and queried efficiently.',
  strongMigrations: ['adding a json column'],
  check: {
    nodeTypes: ['CreateStmt', 'AlterTableStmt'],
    statement(statement, ctx) {
      for (const c of typedColumns(statement)) {
        if (c.type.name === 'json' && ctx.inScope(c.table)) ctx.report(`"${displayName(c.table)}.${c.column}" is json`, c.location);
      }
    },
  },
};
export default rule;
