import type { Node } from 'libpg-query';
import { nodeAs, statementAs, walk, type NodeMap } from '../ast.js';
import { alterCommands } from '../facts.js';

const DML = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'SelectStmt', 'MergeStmt']);
import type { Rule } from '../types.js';

function duplicates(targets: readonly Node[] | undefined): { name: string; location: number | undefined }[] {
  const seen = new Set<string>();
  const found: { name: string; location: number | undefined }[] = [];
  for (const target of targets ?? []) {
    const res = nodeAs(target, 'ResTarget');
    // `SET a[1] = x, a[2] = y` assigns different elements of one column: allowed.
    if (!res?.name || (res.indirection?.length ?? 0) > 0) continue;
    if (seen.has(res.name)) found.push({ name: res.name, location: res.location });
    seen.add(res.name);
  }
  return found;
}

/**
 * duplicate-column-assignment: `UPDATE ... SET a = 1, a = 2`, `INSERT INTO t (a, a)`, or a table
 * defining a column twice — PostgreSQL rejects each only when the statement runs.
 */
const rule: Rule = {
  id: 'duplicate-column-assignment',
  doc: 'A column assigned twice in UPDATE / INSERT / ON CONFLICT DO UPDATE, or defined twice in CREATE TABLE / ALTER TABLE (fails at run time).',
  defaultSeverity: 'error',
  hint: 'Keep one assignment (or definition) per column — usually a copy-paste leftover.',
  check: {
    nodeTypes: ['CreateStmt', 'AlterTableStmt', 'InsertStmt', 'UpdateStmt', 'DeleteStmt', 'SelectStmt', 'MergeStmt'],
    statement(statement, ctx) {
      const create = statementAs(statement, 'CreateStmt');
      if (create) {
        const seen = new Set<string>();
        for (const element of create.tableElts ?? []) {
          const def = nodeAs(element, 'ColumnDef');
          if (!def?.colname) continue;
          if (seen.has(def.colname)) ctx.report(`column "${def.colname}" is defined more than once`, def.location);
          seen.add(def.colname);
        }
        return;
      }
      const added = new Set<string>();
      for (const { cmd, location } of alterCommands(statement)) {
        const name = cmd.subtype === 'AT_AddColumn' ? nodeAs(cmd.def, 'ColumnDef')?.colname : undefined;
        if (!name) continue;
        if (added.has(name)) ctx.report(`column "${name}" is added more than once`, location);
        added.add(name);
      }
      // INSERT and UPDATE can also sit in a WITH clause of any data-modifying statement.
      if (!DML.has(statement.nodeType)) return;
      walk({ [statement.nodeType]: statement.node }, (kind, payload) => {
        const lists: (readonly Node[] | undefined)[] = [];
        if (kind === 'UpdateStmt') lists.push((payload as NodeMap['UpdateStmt']).targetList);
        if (kind === 'InsertStmt') {
          const insert = payload as NodeMap['InsertStmt'];
          lists.push(insert.cols, insert.onConflictClause?.targetList);
        }
        for (const list of lists) {
          for (const dup of duplicates(list)) ctx.report(`column "${dup.name}" is assigned more than once`, dup.location);
        }
      });
    },
  },
};
export default rule;
