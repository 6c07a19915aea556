import { displayName, location, relationName, statementAs } from '../ast.js';
import { relationWord } from '../schema/state.js';
import type { Rule } from '../types.js';

/**
 * require-concurrent-index-creation: a plain CREATE INDEX holds a SHARE lock for the whole build,
 * blocking every write to the table. Indexes on a table created in this same migration need no
 * CONCURRENTLY: nobody writes to it yet.
 */
const rule: Rule = {
  id: 'require-concurrent-index-creation',
  doc: 'CREATE INDEX without CONCURRENTLY on a table that existed before this migration (blocks writes during the build).',
  defaultSeverity: 'error',
  hint: 'Use CREATE INDEX CONCURRENTLY IF NOT EXISTS in its own "-- migrate:up transaction:false" section.',
  squawk: ['require-concurrent-index-creation'],
  strongMigrations: ['adding an index non-concurrently'],
  check: {
    nodeTypes: ['IndexStmt'],
    statement(statement, ctx) {
      const stmt = statementAs(statement, 'IndexStmt');
      if (!stmt || stmt.concurrent) return;
      const table = relationName(stmt.relation);
      if (table && ctx.tableExisted(table)) {
        ctx.report(`building index${stmt.idxname ? ` "${stmt.idxname}"` : ''} on existing ${relationWord(ctx.schema.table(table))} "${displayName(table)}" blocks writes to it until the build ends`, location(stmt.relation));
      }
    },
  },
};
export default rule;
