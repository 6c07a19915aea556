import { displayName, nodeAs, relationName, statementAs } from '../ast.js';
import type { Rule } from '../types.js';

/** ban-truncate: TRUNCATE empties a table that holds data, under an ACCESS EXCLUSIVE lock. */
const rule: Rule = {
  id: 'ban-truncate',
  doc: 'TRUNCATE of a table that existed before this migration (destructive).',
  defaultSeverity: 'error',
  hint: 'Delete the rows you mean to delete with a WHERE clause, or disable this rule on this line if emptying the table is intended.',
  check: {
    nodeTypes: ['TruncateStmt'],
    statement(statement, ctx) {
      const stmt = statementAs(statement, 'TruncateStmt');
      for (const relation of stmt?.relations ?? []) {
        const name = relationName(nodeAs(relation, 'RangeVar'));
        if (name && ctx.tableExisted(name)) ctx.report(`truncating "${displayName(name)}" deletes all of its rows`, nodeAs(relation, 'RangeVar')?.location);
      }
    },
  },
};
export default rule;
