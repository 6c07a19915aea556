import { statementAs } from '../ast.js';
import type { Rule } from '../types.js';

/** renaming-schema: every qualified name in running code, and search_path settings, use the old name. */
const rule: Rule = {
  id: 'renaming-schema',
  doc: 'ALTER SCHEMA ... RENAME of a schema this migration did not create (breaks running code and search_path settings).',
  defaultSeverity: 'error',
  hint: 'Create the new schema, move objects and code over, then drop the old one in a later migration.',
  check: {
    nodeTypes: ['RenameStmt'],
    statement(statement, ctx) {
      const stmt = statementAs(statement, 'RenameStmt');
      if (stmt?.renameType !== 'OBJECT_SCHEMA' || !stmt.subname) return;
      const origin = ctx.schema.schemaCreatedIn(stmt.subname);
      if (origin !== undefined && ctx.createdHere({ createdIn: origin })) return;
      ctx.report(`renaming schema "${stmt.subname}" to "${stmt.newname}" breaks code and search_path settings that use the old name`);
    },
  },
};
export default rule;
