import { displayName, keyOf, listName, nodeAs, relationName, statementAs, type QualifiedName } from '../ast.js';
import type { ParsedStatement } from '../../parser/parser.js';
import type { LintSection, Rule } from '../types.js';

/** recreatedLater tells whether a statement after `statement` in the section creates `name` again. */
function recreatedLater(section: LintSection | undefined, statement: ParsedStatement, name: QualifiedName): boolean {
  const statements = section?.statements ?? [];
  return statements.slice(statements.indexOf(statement) + 1).some((s) => {
    const created = statementAs(s, 'CreateTableAsStmt');
    const rel = relationName(created?.into?.rel);
    return created?.objtype === 'OBJECT_MATVIEW' && rel !== undefined && keyOf(rel) === keyOf(name);
  });
}

/**
 * ban-drop-materialized-view: a materialized view's rows are derived from its query (REFRESH
 * rebuilds them), so dropping one loses no data, unlike a table; but code that reads it breaks,
 * and when the migration recreates it (the usual way to change its query), readers wait on the
 * drop's lock until the new one is built and committed.
 */
const rule: Rule = {
  id: 'ban-drop-materialized-view',
  doc: 'DROP MATERIALIZED VIEW of one that existed before this migration (breaks its readers; its data is derived, not lost).',
  defaultSeverity: 'warn',
  hint: 'Stop reading it in code first; to change its query, create the new one under another name and switch readers, or accept the wait while it is rebuilt.',
  check: {
    nodeTypes: ['DropStmt'],
    statement(statement, ctx) {
      const stmt = statementAs(statement, 'DropStmt');
      if (stmt?.removeType !== 'OBJECT_MATVIEW') return;
      for (const object of stmt.objects ?? []) {
        const name = listName(nodeAs(object, 'List')?.items);
        if (!name || !ctx.tableExisted(name)) continue;
        const where = `materialized view "${displayName(name)}"`;
        if (recreatedLater(ctx.section, statement, name)) {
          const outcome = ctx.section?.transactional === false ? 'fail until the new one is built' : 'wait until the new one is built and committed';
          ctx.report(`dropping ${where} and recreating it here: its readers ${outcome}`);
        } else {
          ctx.report(`dropping ${where} breaks code that still reads it (its data is derived: nothing is lost)`);
        }
      }
    },
  },
};
export default rule;
