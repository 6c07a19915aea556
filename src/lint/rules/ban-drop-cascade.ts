import type { DropStmt } from 'libpg-query';
import { displayName, listName, nodeAs, relationName, statementAs, strings } from '../ast.js';
import { alterCommands } from '../facts.js';
import type { Rule } from '../types.js';

/** What DROP's object type is called in messages, where the grammar's name is not plain words. */
const KIND: Readonly<Record<string, string>> = {
  OBJECT_MATVIEW: 'materialized view',
  OBJECT_FOREIGN_TABLE: 'foreign table',
  OBJECT_FDW: 'foreign-data wrapper',
  OBJECT_FOREIGN_SERVER: 'server',
  OBJECT_TSCONFIGURATION: 'text search configuration',
  OBJECT_TSDICTIONARY: 'text search dictionary',
};

/** Objects named by the table they belong to and their own name (`trigger t ON table`). */
const ON_TABLE = new Set(['OBJECT_TRIGGER', 'OBJECT_POLICY', 'OBJECT_RULE']);

/** droppedObjects names what a DROP statement drops, e.g. `table "users"`, `function "f"`. */
function droppedObjects(stmt: DropStmt): string {
  const type = stmt.removeType ?? 'OBJECT_TABLE';
  const kind = KIND[type] ?? type.slice('OBJECT_'.length).toLowerCase().replaceAll('_', ' ');
  const names = (stmt.objects ?? []).map((object) => {
    const items = nodeAs(object, 'List')?.items;
    if (items && ON_TABLE.has(type)) {
      const parts = strings(items);
      const table = listName(items.slice(0, -1));
      return `"${parts.at(-1)}" on "${table ? displayName(table) : '?'}"`;
    }
    const name = (items ? listName(items) : undefined) ?? listName(nodeAs(object, 'TypeName')?.names) ?? listName(nodeAs(object, 'ObjectWithArgs')?.objname);
    return `"${name ? displayName(name) : nodeAs(object, 'String')?.sval ?? '?'}"`;
  });
  return `${kind} ${names.join(', ')}`;
}

/** ban-drop-cascade: CASCADE drops whatever depends on the object, which nobody reviewed. */
const rule: Rule = {
  id: 'ban-drop-cascade',
  doc: 'A DROP or TRUNCATE with CASCADE, which silently removes dependent objects or rows too.',
  defaultSeverity: 'error',
  hint: 'Drop the dependent objects explicitly first, then drop without CASCADE (RESTRICT fails loudly instead).',
  squawk: ['ban-truncate-cascade'],
  check: {
    nodeTypes: ['DropStmt', 'TruncateStmt', 'AlterTableStmt'],
    statement(statement, ctx) {
      const drop = statementAs(statement, 'DropStmt');
      if (drop?.behavior === 'DROP_CASCADE') {
        ctx.report(`dropping ${droppedObjects(drop)} with CASCADE also drops every object that depends on it`);
        return;
      }
      const truncate = statementAs(statement, 'TruncateStmt');
      if (truncate?.behavior === 'DROP_CASCADE') {
        const names = (truncate.relations ?? []).map((r) => relationName(nodeAs(r, 'RangeVar'))).map((n) => `"${n ? displayName(n) : '?'}"`);
        ctx.report(`truncating ${names.join(', ')} with CASCADE also empties every table that references it`);
        return;
      }
      for (const { table, cmd } of alterCommands(statement)) {
        if ((cmd.subtype === 'AT_DropColumn' || cmd.subtype === 'AT_DropConstraint') && cmd.behavior === 'DROP_CASCADE') {
          const what = cmd.subtype === 'AT_DropColumn' ? 'column' : 'constraint';
          ctx.report(`dropping ${what} "${cmd.name}" of "${displayName(table)}" with CASCADE also drops every object that depends on it`);
        }
      }
    },
  },
};
export default rule;
