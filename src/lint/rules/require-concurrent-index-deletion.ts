import { listName, nodeAs, statementAs, strings } from '../ast.js';
import { relationWord } from '../schema/state.js';
import type { Rule } from '../types.js';
import { dropIndexFix } from '../fixes/online-forms.js';

/** require-concurrent-index-deletion: DROP INDEX takes an ACCESS EXCLUSIVE lock on the table. */
const rule: Rule = {
  id: 'require-concurrent-index-deletion',
  doc: 'DROP INDEX without CONCURRENTLY of an index that existed before this migration (locks the table).',
  defaultSeverity: 'warn',
  hint: 'Use DROP INDEX CONCURRENTLY IF EXISTS in its own "-- migrate:up transaction:false" section.',
  squawk: ['require-concurrent-index-deletion'],
  strongMigrations: ['removing an index non-concurrently'],
  check: {
    nodeTypes: ['DropStmt'],
    statement(statement, ctx) {
      const stmt = statementAs(statement, 'DropStmt');
      if (stmt?.removeType !== 'OBJECT_INDEX' || stmt.concurrent) return;
      for (const object of stmt.objects ?? []) {
        const name = listName(nodeAs(object, 'List')?.items);
        if (!name) continue;
        const owner = ctx.schema.indexTable(name);
        const index = owner?.indexes.find((i) => i.name === name.name && i.schema === name.schema);
        if (ctx.createdHere(index)) continue;
        const written = strings(nodeAs(object, 'List')?.items);
        const fix = dropIndexFix(statement, ctx, { schema: written.length > 1 ? name.schema : undefined, name: name.name });
        ctx.report(`dropping index "${name.name}" without CONCURRENTLY locks its ${relationWord(owner)} against reads and writes`, undefined, { fix });
      }
    },
  },
};
export default rule;
