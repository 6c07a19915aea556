import { displayName, location, relationName, statementAs } from '../ast.js';
import { relationWord } from '../schema/state.js';
import type { Rule } from '../types.js';
import { concurrentIndexFix } from '../fixes/online-forms.js';

/** CONCURRENTLY cannot build a partitioned table's index: it is built per partition, then attached. */
const PARTITIONED_HINT =
  'CREATE INDEX ... ON ONLY the partitioned table, then per partition CREATE INDEX CONCURRENTLY (transaction:false) and ALTER INDEX ... ATTACH PARTITION.';

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
      if (!table || !ctx.tableExisted(table)) return;
      const known = ctx.schema.table(table);
      const name = stmt.idxname ? ` "${stmt.idxname}"` : '';
      if (known?.partitioned) {
        // ON ONLY (inh unset: the parse tree leaves false out) makes the parent's index without
        // building anything: the online form's first step.
        if (stmt.relation?.inh !== true) return;
        ctx.report(`building index${name} on existing partitioned table "${displayName(table)}" blocks writes to every partition until the build ends`, location(stmt.relation), PARTITIONED_HINT);
        return;
      }
      ctx.report(`building index${name} on existing ${relationWord(known)} "${displayName(table)}" blocks writes to it until the build ends`, location(stmt.relation), { fix: concurrentIndexFix(statement, ctx, table) });
    },
  },
};
export default rule;
