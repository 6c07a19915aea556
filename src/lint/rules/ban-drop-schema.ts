import { statementAs, strings } from '../ast.js';
import type { Rule } from '../types.js';

/** ban-drop-schema: a schema takes every table, function and type in it along. */
const rule: Rule = {
  id: 'ban-drop-schema',
  doc: 'DROP SCHEMA of a schema this migration did not create (destructive).',
  defaultSeverity: 'error',
  hint: 'Drop the schema\'s objects deliberately in earlier migrations, or disable this rule on this line if the schema is truly disposable.',
  check: {
    nodeTypes: ['DropStmt'],
    statement(statement, ctx) {
      const stmt = statementAs(statement, 'DropStmt');
      if (stmt?.removeType !== 'OBJECT_SCHEMA') return;
      for (const schema of strings(stmt.objects)) {
        const origin = ctx.schema.schemaCreatedIn(schema);
        if (origin === undefined || !ctx.createdHere({ createdIn: origin })) ctx.report(`dropping schema "${schema}" deletes everything in it`);
      }
    },
  },
};
export default rule;
