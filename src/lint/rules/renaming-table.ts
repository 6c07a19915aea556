import { displayName, relationName, statementAs } from '../ast.js';
import type { Rule } from '../types.js';

/** renaming-table: code deployed before the migration still uses the old name (or schema). */
const rule: Rule = {
  id: 'renaming-table',
  doc: 'RENAME or SET SCHEMA of a table that existed before this migration (breaks running code).',
  defaultSeverity: 'error',
  hint: 'Create the new table (or a view under the new name), move code over, then drop the old name in a later migration.',
  squawk: ['renaming-table'],
  strongMigrations: ['renaming a table'],
  check: {
    nodeTypes: ['RenameStmt', 'AlterObjectSchemaStmt'],
    statement(statement, ctx) {
      const rename = statementAs(statement, 'RenameStmt');
      if (rename && (rename.renameType === 'OBJECT_TABLE' || rename.renameType === 'OBJECT_MATVIEW')) {
        const table = relationName(rename.relation);
        const kind = rename.renameType === 'OBJECT_MATVIEW' ? 'materialized view' : 'table';
        if (table && ctx.tableExisted(table)) ctx.report(`renaming ${kind} "${displayName(table)}" to "${rename.newname}" breaks code that uses the old name`);
        return;
      }
      const move = statementAs(statement, 'AlterObjectSchemaStmt');
      if (move?.objectType === 'OBJECT_TABLE' || move?.objectType === 'OBJECT_MATVIEW') {
        const table = relationName(move.relation);
        const kind = move.objectType === 'OBJECT_MATVIEW' ? 'materialized view' : 'table';
        if (table && ctx.tableExisted(table)) ctx.report(`moving ${kind} "${displayName(table)}" to schema "${move.newschema}" breaks code that uses the old name`);
      }
    },
  },
};
export default rule;
