import { displayName } from '../ast.js';
import { alterCommands } from '../facts.js';
import type { Rule } from '../types.js';
import { setNotNullFix } from '../fixes/online-forms.js';

/**
 * set-not-null-without-check: SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock,
 * unless a validated `CHECK (col IS NOT NULL)` already proves it (PostgreSQL 12+). What matters
 * is the table, not the column: a column added by this migration to a table that has rows (add,
 * backfill, SET NOT NULL) is scanned all the same. Only a table this migration created (CREATE
 * TABLE, CREATE TABLE AS, SELECT INTO, a materialized view) is nobody else's yet.
 */
const rule: Rule = {
  id: 'set-not-null-without-check',
  doc: 'SET NOT NULL on a column of an existing table (even one added in this migration) with no validated CHECK (col IS NOT NULL) first (full scan under an exclusive lock).',
  defaultSeverity: 'error',
  hint: 'ADD CONSTRAINT c CHECK (col IS NOT NULL) NOT VALID; VALIDATE CONSTRAINT c (next migration); then SET NOT NULL and drop c.',
  squawk: ['adding-not-nullable-field'],
  strongMigrations: ['setting NOT NULL on an existing column'],
  check: {
    nodeTypes: ['AlterTableStmt'],
    statement(statement, ctx) {
      for (const { table, cmd } of alterCommands(statement)) {
        if (cmd.subtype !== 'AT_SetNotNull' || !cmd.name || !ctx.tableExisted(table)) continue;
        const proven = ctx.schema.table(table)?.constraints.some((c) => c.kind === 'check' && c.validated && c.notNullOf === cmd.name);
        if (proven) continue;
        const added = ctx.columnExisted(table, cmd.name) ? '' : ` (the column is new, but "${displayName(table)}" has rows)`;
        ctx.report(`SET NOT NULL on "${displayName(table)}.${cmd.name}" scans the whole table under an ACCESS EXCLUSIVE lock${added}`, undefined, { fix: setNotNullFix(statement, ctx, table, cmd.name) });
      }
    },
  },
};
export default rule;
