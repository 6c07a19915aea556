import type { Constraint, Node } from 'libpg-query';
import type { ParsedStatement } from '../../parser/parser.js';
import { constraintsOf, displayName, keyOf, nodeAs, relationName, SERIAL_TYPES, statementAs, strings, type QualifiedName } from '../ast.js';
import { alterCommands, typedColumns } from '../facts.js';
import type { Rule } from '../types.js';

const SHORT = new Set(['int2', 'int4']);

type KeyKind = 'primary key' | 'foreign key';

interface KeyColumn {
  readonly table: QualifiedName;
  readonly column: string;
  readonly kind: KeyKind;
}

function keyKind(c: Constraint): KeyKind | undefined {
  return c.contype === 'CONSTR_PRIMARY' ? 'primary key' : c.contype === 'CONSTR_FOREIGN' ? 'foreign key' : undefined;
}

/** keyColumns lists the columns a statement makes part of a primary or foreign key. */
function keyColumns(statement: ParsedStatement): KeyColumn[] {
  const found: KeyColumn[] = [];
  const add = (table: QualifiedName, elements: readonly (Node | undefined)[]) => {
    for (const element of elements) {
      const def = nodeAs(element, 'ColumnDef');
      for (const c of constraintsOf(def ? def.constraints : element ? [element] : [])) {
        const kind = keyKind(c);
        if (!kind) continue;
        const columns = def?.colname ? [def.colname] : strings(kind === 'foreign key' ? c.fk_attrs : c.keys);
        for (const column of columns) found.push({ table, column, kind });
      }
    }
  };
  const create = statementAs(statement, 'CreateStmt');
  const created = relationName(create?.relation);
  if (create && created) add(created, create.tableElts ?? []);
  for (const { table, cmd } of alterCommands(statement)) {
    if (cmd.subtype === 'AT_AddColumn' || cmd.subtype === 'AT_AddConstraint') add(table, [cmd.def]);
  }
  return found;
}

/**
 * prefer-bigint-keys: a 32-bit key runs out at 2.1 billion rows (16-bit at 32 767), and widening
 * it later rewrites the table and every table referencing it. Reported where the column gets its
 * type or first becomes a key; not again each time a key on it is dropped and re-added.
 */
const rule: Rule = {
  id: 'prefer-bigint-keys',
  doc: 'A primary or foreign key column of type smallint / int (or smallserial / serial).',
  defaultSeverity: 'warn',
  scoped: true,
  hint: 'Use bigint (bigint GENERATED ALWAYS AS IDENTITY for generated keys), and bigint for the columns referencing it.',
  squawk: ['prefer-bigint-over-int', 'prefer-bigint-over-smallint'],
  strongMigrations: ['short primary key types'],
  check: {
    nodeTypes: ['CreateStmt', 'AlterTableStmt'],
    statement(statement, ctx) {
      const keys = keyColumns(statement);
      if (keys.length === 0) return;
      const typed = typedColumns(statement);
      const seen = new Set<string>();
      for (const key of keys) {
        const id = `${keyOf(key.table)}\u0000${key.column}`;
        if (seen.has(id)) continue;
        seen.add(id);
        // The type as written here, or, for a key added to an existing column, as replayed.
        const written = typed.find((t) => keyOf(t.table) === keyOf(key.table) && t.column === key.column);
        const existing = ctx.schema.table(key.table)?.columns.get(key.column);
        // A key dropped and added again on a column that was a key before: reported back then.
        if (!written && existing?.keyed) continue;
        const type = written?.type ?? existing?.type;
        if (!type || type.array || !SHORT.has(SERIAL_TYPES[type.name] ?? type.name) || !ctx.inScope(key.table)) continue;
        ctx.report(`${key.kind} "${displayName(key.table)}.${key.column}" is ${type.name}`, written?.location);
      }
    },
  },
};
export default rule;
