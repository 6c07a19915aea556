import { displayName } from '../ast.js';
import { typedColumns } from '../facts.js';
import type { Rule } from '../types.js';

/** prefer-timestamptz: `timestamp` stores wall-clock time without a zone; what it means depends on who wrote it. */
const rule: Rule = {
  id: 'prefer-timestamptz',
  doc: 'A column of type timestamp (without time zone).',
  defaultSeverity: 'warn',
  scoped: true,
  hint: 'Use timestamptz: it stores an instant, and converting an existing column later rewrites the table.',
  squawk: ['prefer-timestamptz'],
  check: {
    nodeTypes: ['CreateStmt', 'AlterTableStmt'],
    statement(statement, ctx) {
      for (const c of typedColumns(statement)) {
        if (c.type.name === 'timestamp' && ctx.inScope(c.table)) ctx.report(`"${displayName(c.table)}.${c.column}" is timestamp without time zone`, c.location);
      }
    },
  },
};
export default rule;
