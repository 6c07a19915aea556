import { displayName } from '../ast.js';
import { alterCommands } from '../facts.js';
import type { Rule } from '../types.js';

/**
 * set-not-null-without-check: SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock,
 * unless a validated `CHECK (col IS NOT NULL)` already proves it (PostgreSQL 12+).
 */
const rule: Rule = {
  id: 'set-not-null-without-check',
  doc: 'SET NOT NULL on an existing column with no validated CHECK (col IS NOT NULL) first (full scan under an exclusive lock).',
  defaultSeverity: 'error',
  hint: 'ADD CONSTRAINT c CHECK (col IS NOT NULL) NOT VALID; VALIDATE CONSTRAINT c (next migration); then SET NOT NULL and drop c.',
  squawk: ['adding-not-nullable-field'],
  strongMigrations: ['setting NOT NULL on an existing column'],
  check: {
    nodeTypes: ['AlterTableStmt'],
    statement(statement, ctx) {
      for (const { table, cmd } of alterCommands(statement)) {
        if (cmd.subtype !== 'AT_SetNotNull' || !cmd.name || !ctx.columnExisted(table, cmd.name)) continue;
        const proven = ctx.schema.table(table)?.constraints.some((c) => c.kind === 'check' && c.validated && c.notNullOf === cmd.name);
        if (!proven) ctx.report(`SET NOT NULL on "${displayName(table)}.${cmd.name}" scans the whole table under an ACCESS EXCLUSIVE lock`);
      }
    },
  },
};
export default rule;
