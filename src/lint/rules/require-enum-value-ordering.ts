import { displayName, listName, statementAs } from '../ast.js';
import type { Rule } from '../types.js';

/** require-enum-value-ordering: without BEFORE/AFTER the value sorts last, which ORDER BY and comparisons see. */
const rule: Rule = {
  id: 'require-enum-value-ordering',
  doc: 'ALTER TYPE ... ADD VALUE without BEFORE or AFTER (the value sorts last).',
  defaultSeverity: 'warn',
  hint: "Say where it belongs: ADD VALUE 'x' BEFORE 'y' (or AFTER), so ordering and comparisons stay meaningful.",
  squawk: ['require-enum-value-ordering'],
  check: {
    nodeTypes: ['AlterEnumStmt'],
    statement(statement, ctx) {
      const stmt = statementAs(statement, 'AlterEnumStmt');
      if (!stmt?.newVal || stmt.oldVal || stmt.newValNeighbor) return;
      const type = listName(stmt.typeName);
      const last = type ? ctx.schema.enumLabels(type)?.at(-1) : undefined;
      const after = last ? `, after '${last}'` : '';
      ctx.report(`'${stmt.newVal}' is added at the end of enum "${type ? displayName(type) : '?'}"${after}; ORDER BY and comparisons follow that order`);
    },
  },
};
export default rule;
