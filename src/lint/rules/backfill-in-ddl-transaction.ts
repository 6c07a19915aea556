import type { ParsedStatement } from '../../parser/parser.js';
import { displayName, keyOf, nodeAs, relationName, statementAs, type QualifiedName } from '../ast.js';
import type { LintSection, Rule } from '../types.js';

/** backfillTarget is the table an UPDATE or INSERT ... SELECT fills, with the statement's verb. */
function backfillTarget(statement: ParsedStatement): { table: QualifiedName; verb: string } | undefined {
  const update = statementAs(statement, 'UpdateStmt');
  const updated = relationName(update?.relation);
  if (updated) return { table: updated, verb: 'UPDATE' };
  const insert = statementAs(statement, 'InsertStmt');
  const select = nodeAs(insert?.selectStmt, 'SelectStmt');
  const inserted = relationName(insert?.relation);
  // INSERT ... VALUES writes the rows it lists; only a query can copy a whole table's worth.
  if (inserted && select && !select.valuesLists?.length) return { table: inserted, verb: 'INSERT ... SELECT' };
  return undefined;
}

/** ddlOn names the DDL a statement runs on a table (ALTER TABLE, CREATE INDEX), if any. */
function ddlOn(statement: ParsedStatement): { table: QualifiedName; verb: string } | undefined {
  const alter = statementAs(statement, 'AlterTableStmt');
  if (alter && alter.objtype === 'OBJECT_TABLE') {
    const table = relationName(alter.relation);
    return table ? { table, verb: 'ALTER TABLE' } : undefined;
  }
  const index = statementAs(statement, 'IndexStmt');
  const indexed = relationName(index?.relation);
  return indexed && !index?.concurrent ? { table: indexed, verb: 'CREATE INDEX' } : undefined;
}

/** DDL by table key, per section: computed once, not once per backfill (seed files hold thousands). */
const ddlBySection = new WeakMap<LintSection, ReadonlyMap<string, string>>();

function ddlTables(section: LintSection): ReadonlyMap<string, string> {
  let tables = ddlBySection.get(section);
  if (!tables) {
    const found = new Map<string, string>();
    for (const statement of section.statements) {
      const ddl = ddlOn(statement);
      if (ddl && !found.has(keyOf(ddl.table))) found.set(keyOf(ddl.table), ddl.verb);
    }
    tables = found;
    ddlBySection.set(section, tables);
  }
  return tables;
}

/**
 * backfill-in-ddl-transaction: a backfill (UPDATE, INSERT ... SELECT) of an existing table in the
 * same transaction as DDL on it. The DDL's lock is held until commit, so the table stays locked
 * for the whole backfill (or, DDL after it, every row the backfill touched stays locked until the
 * DDL is done). Only rows that were there before count: a table created here is nobody's yet.
 */
const rule: Rule = {
  id: 'backfill-in-ddl-transaction',
  doc: 'UPDATE or INSERT ... SELECT on an existing table in the same transaction as ALTER TABLE / CREATE INDEX on it (the table stays locked for the whole backfill).',
  defaultSeverity: 'error',
  hint: 'Backfill in its own migration after the DDL has committed, in batches of rows, so no lock outlives a batch.',
  strongMigrations: ['backfilling data'],
  check: {
    nodeTypes: ['UpdateStmt', 'InsertStmt'],
    statement(statement, ctx) {
      const section = ctx.section;
      const backfill = backfillTarget(statement);
      if (!section?.transactional || !backfill || !ctx.tableExisted(backfill.table)) return;
      const ddl = ddlTables(section).get(keyOf(backfill.table));
      if (ddl) {
        ctx.report(`backfilling "${displayName(backfill.table)}" (${backfill.verb}) in the same transaction as ${ddl} on it keeps the table locked for the whole backfill`);
      }
    },
  },
};
export default rule;
