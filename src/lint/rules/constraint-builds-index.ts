import { constraintsOf, displayName, nodeAs } from '../ast.js';
import { alterCommands, columnDefinitions } from '../facts.js';
import type { Rule } from '../types.js';
import { usingIndexFix } from '../fixes/online-forms.js';

const KINDS: Readonly<Record<string, string>> = { CONSTR_PRIMARY: 'PRIMARY KEY', CONSTR_UNIQUE: 'UNIQUE', CONSTR_EXCLUSION: 'EXCLUDE' };

/**
 * constraint-builds-index: adding a PRIMARY KEY, UNIQUE or EXCLUDE constraint to an existing
 * table builds its index while holding an ACCESS EXCLUSIVE lock; `USING INDEX` adopts an index
 * built concurrently beforehand instead.
 */
const rule: Rule = {
  id: 'constraint-builds-index',
  doc: 'ADD PRIMARY KEY / UNIQUE / EXCLUDE on an existing table builds the index under an exclusive lock.',
  defaultSeverity: 'error',
  hint: 'CREATE UNIQUE INDEX CONCURRENTLY first (transaction:false section), then ADD CONSTRAINT ... USING INDEX.',
  squawk: ['disallowed-unique-constraint', 'adding-serial-primary-key-field'],
  strongMigrations: ['adding a unique constraint', 'adding an exclusion constraint'],
  check: {
    nodeTypes: ['AlterTableStmt'],
    statement(statement, ctx) {
      for (const { table, cmd, location } of alterCommands(statement)) {
        const c = nodeAs(cmd.def, 'Constraint');
        if (cmd.subtype !== 'AT_AddConstraint' || !c || !KINDS[c.contype ?? ''] || c.indexname || !ctx.tableExisted(table)) continue;
        ctx.report(`adding ${KINDS[c.contype!]} to "${displayName(table)}" builds its index while reads and writes wait`, location, { fix: usingIndexFix(statement, ctx, table, c) });
      }
      for (const column of columnDefinitions(statement)) {
        if (column.inCreate || !ctx.tableExisted(column.table)) continue;
        for (const c of constraintsOf(column.def.constraints)) {
          if (!KINDS[c.contype ?? '']) continue;
          ctx.report(`adding column "${column.def.colname}" as ${KINDS[c.contype!]} builds an index on "${displayName(column.table)}" while reads and writes wait`, c.location ?? column.location);
        }
      }
    },
  },
};
export default rule;
