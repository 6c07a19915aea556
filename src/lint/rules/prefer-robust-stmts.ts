import { nodeAs, statementAs } from '../ast.js';
import { alterCommands } from '../facts.js';
import type { Rule } from '../types.js';
import { robustFix } from '../fixes/robust-forms.js';

/**
 * prefer-robust-stmts: a transaction:false section is not atomic; when it fails halfway, what ran
 * stays, and the retry must be able to run it again.
 */
const rule: Rule = {
  id: 'prefer-robust-stmts',
  doc: 'A statement in a transaction:false section that fails when re-run (missing IF NOT EXISTS / IF EXISTS).',
  defaultSeverity: 'warn',
  hint: 'Write it re-runnable: CREATE INDEX CONCURRENTLY IF NOT EXISTS, DROP INDEX CONCURRENTLY IF EXISTS, ADD COLUMN IF NOT EXISTS …',
  squawk: ['prefer-robust-stmts'],
  check: {
    nodeTypes: ['IndexStmt', 'DropStmt', 'CreateStmt', 'CreateSchemaStmt', 'AlterEnumStmt', 'AlterTableStmt'],
    statement(statement, ctx) {
      if (ctx.section?.transactional !== false) return;
      const problem = (() => {
        const index = statementAs(statement, 'IndexStmt');
        if (index && !index.if_not_exists) return 'CREATE INDEX without IF NOT EXISTS';
        const drop = statementAs(statement, 'DropStmt');
        if (drop && !drop.missing_ok) return 'DROP without IF EXISTS';
        const create = statementAs(statement, 'CreateStmt');
        if (create && !create.if_not_exists) return 'CREATE TABLE without IF NOT EXISTS';
        const schema = statementAs(statement, 'CreateSchemaStmt');
        if (schema && !schema.if_not_exists) return 'CREATE SCHEMA without IF NOT EXISTS';
        const value = statementAs(statement, 'AlterEnumStmt');
        if (value?.newVal && !value.oldVal && !value.skipIfNewValExists) return 'ADD VALUE without IF NOT EXISTS';
        const dropped = new Set<string>();
        for (const { cmd } of alterCommands(statement)) {
          if (cmd.subtype === 'AT_AddColumn' && !cmd.missing_ok) return 'ADD COLUMN without IF NOT EXISTS';
          if ((cmd.subtype === 'AT_DropColumn' || cmd.subtype === 'AT_DropConstraint') && !cmd.missing_ok) return 'DROP without IF EXISTS';
          if (cmd.subtype === 'AT_DropConstraint' && cmd.name) dropped.add(cmd.name);
          // ADD CONSTRAINT has no IF NOT EXISTS; a DROP CONSTRAINT IF EXISTS of the same name
          // earlier in the same (atomic) ALTER TABLE makes it re-runnable.
          const added = nodeAs(cmd.def, 'Constraint');
          if (cmd.subtype === 'AT_AddConstraint' && !(added?.conname && dropped.has(added.conname))) {
            return 'ADD CONSTRAINT not preceded by DROP CONSTRAINT IF EXISTS in the same ALTER TABLE';
          }
        }
        return undefined;
      })();
      if (problem) ctx.report(`${problem} in a transaction:false section: if the section fails after this statement, re-running it fails here`, undefined, { fix: robustFix(statement, ctx) });
    },
  },
};
export default rule;
