import type { ParsedStatement } from '../../parser/parser.js';
import { displayName, keyOf, nodeAs, type QualifiedName } from '../ast.js';
import { alterCommands } from '../facts.js';
import type { LintSection, Rule, RuleContext } from '../types.js';

/**
 * isPrimaryKey tells whether constraint `name` is `table`'s primary key: as replayed, or, for a
 * table the replay does not fully know, by PostgreSQL's default name `<table>_pkey`.
 */
function isPrimaryKey(ctx: RuleContext, table: QualifiedName, name: string): boolean {
  const known = ctx.schema.table(table);
  const primary = known?.constraints.find((c) => c.kind === 'primary');
  if (primary) return (primary.name ?? `${table.name}_pkey`) === name;
  return (!known || known.opaque) && name === `${table.name}_pkey`;
}

/**
 * columnDroppedHere tells whether the section drops a column of the key: the key goes with the
 * column, and ban-drop-column reports that (one cause, one finding).
 */
function columnDroppedHere(section: LintSection | undefined, table: QualifiedName, columns: readonly string[]): boolean {
  return (section?.statements ?? []).some((s) => alterCommands(s).some((c) => keyOf(c.table) === keyOf(table) && c.cmd.subtype === 'AT_DropColumn' && columns.includes(c.cmd.name ?? '')));
}

/** replacedLater tells whether the section adds a primary key to `table` after `statement`. */
function replacedLater(section: LintSection | undefined, statement: ParsedStatement, table: QualifiedName): boolean {
  if (!section?.transactional) return false;
  const statements = section.statements.slice(section.statements.indexOf(statement));
  return statements.some((s) =>
    alterCommands(s).some((c) => keyOf(c.table) === keyOf(table) && c.cmd.subtype === 'AT_AddConstraint' && nodeAs(c.cmd.def, 'Constraint')?.contype === 'CONSTR_PRIMARY'),
  );
}

/**
 * ban-drop-primary-key: without its primary key a table's rows lose their identity: duplicates
 * can come in, ORMs and upserts keyed on it break, and a table in a publication refuses UPDATE
 * and DELETE (its replica identity was the key). Replacing the key in the same transaction is
 * left to constraint-builds-index, which reports the new key's index build; dropping the key's
 * column with it, to ban-drop-column.
 */
const rule: Rule = {
  id: 'ban-drop-primary-key',
  doc: 'DROP CONSTRAINT of an existing table\'s primary key, not replaced in the same transaction (duplicates, ORMs, logical replication).',
  defaultSeverity: 'error',
  hint: 'Add the new key first (a unique index built CONCURRENTLY, then ADD PRIMARY KEY USING INDEX in the transaction that drops the old one).',
  check: {
    nodeTypes: ['AlterTableStmt'],
    statement(statement, ctx) {
      for (const { table, cmd } of alterCommands(statement)) {
        if (cmd.subtype !== 'AT_DropConstraint' || !cmd.name || !ctx.tableExisted(table)) continue;
        if (!isPrimaryKey(ctx, table, cmd.name) || replacedLater(ctx.section, statement, table)) continue;
        const keyColumns = ctx.schema.table(table)?.constraints.find((c) => c.kind === 'primary')?.columns ?? [];
        if (columnDroppedHere(ctx.section, table, keyColumns)) continue;
        ctx.report(`dropping primary key "${cmd.name}" of "${displayName(table)}": its rows lose their identity (duplicates, ORM and upsert keys, UPDATE and DELETE under logical replication)`);
      }
    },
  },
};
export default rule;
