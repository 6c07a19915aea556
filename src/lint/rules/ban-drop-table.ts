import { displayName, listName, nodeAs, statementAs } from '../ast.js';
import type { Rule } from '../types.js';

/**
 * ban-drop-table: dropping a table earlier migrations created loses its data and breaks code.
 * A materialized view holds derived data: ban-drop-materialized-view reports that, more mildly.
 */
const rule: Rule = {
  id: 'ban-drop-table',
  doc: 'DROP TABLE of a table that existed before this migration (destructive).',
  defaultSeverity: 'error',
  hint: 'Stop using the table in code first, deploy, then drop it in its own migration (and disable this rule on that line).',
  squawk: ['ban-drop-table'],
  check: {
    nodeTypes: ['DropStmt'],
    statement(statement, ctx) {
      const stmt = statementAs(statement, 'DropStmt');
      if (!stmt || stmt.removeType !== 'OBJECT_TABLE') return;
      for (const object of stmt.objects ?? []) {
        const name = listName(nodeAs(object, 'List')?.items);
        if (name && ctx.tableExisted(name)) ctx.report(`dropping table "${displayName(name)}" deletes its data and breaks code that still uses it`);
      }
    },
  },
};
export default rule;
