import { displayName } from '../ast.js';
import { alterCommands } from '../facts.js';
import type { Rule } from '../types.js';

/**
 * changing-table-logging: SET LOGGED writes the whole table to the WAL and SET UNLOGGED rewrites
 * it, both under an ACCESS EXCLUSIVE lock for as long as that takes.
 */
const rule: Rule = {
  id: 'changing-table-logging',
  doc: 'ALTER TABLE ... SET LOGGED / SET UNLOGGED on an existing table (rewrites it with reads and writes blocked).',
  defaultSeverity: 'error',
  hint: 'Create a new table with the wanted persistence, copy the rows in batches, and switch to it; or run this in a maintenance window.',
  check: {
    nodeTypes: ['AlterTableStmt'],
    statement(statement, ctx) {
      for (const { table, cmd } of alterCommands(statement)) {
        if (cmd.subtype !== 'AT_SetLogged' && cmd.subtype !== 'AT_SetUnLogged') continue;
        if (!ctx.tableExisted(table)) continue;
        const to = cmd.subtype === 'AT_SetLogged' ? 'SET LOGGED' : 'SET UNLOGGED';
        ctx.report(`${to} rewrites all of "${displayName(table)}" while reads and writes wait`);
      }
    },
  },
};
export default rule;
