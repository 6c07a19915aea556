import type { AlterTableCmd, ColumnDef, Constraint } from 'libpg-query';
import type { ParsedStatement } from '../parser/parser.js';
import { columnType, constraintsOf, location, nodeAs, relationName, statementAs, strings, walk, type ColumnType, type QualifiedName } from './ast.js';
import { referentialAction } from './schema/replay.js';
import type { ReferentialAction } from './schema/state.js';

/**
 * Facts several rules read off a statement's parse tree: the ALTER TABLE commands it holds, the
 * columns and foreign keys it defines, and the names it introduces.
 */

/**
 * memo caches a fact per statement: many rules ask for the same facts of the same statement.
 * The value is kept on the statement object under a private symbol (a WeakMap lookup per call
 * cost more than the facts themselves on 500-file runs).
 */
function memo<T>(compute: (statement: ParsedStatement) => T): (statement: ParsedStatement) => T {
  const key = Symbol(compute.name);
  return (statement) => {
    const holder = statement as unknown as Record<symbol, T | undefined>;
    let value = holder[key];
    if (value === undefined) {
      value = compute(statement);
      holder[key] = value;
    }
    return value;
  };
}

/** AlterCommand is one command of an ALTER TABLE, with the table and the best location known. */
export interface AlterCommand {
  readonly table: QualifiedName;
  readonly cmd: AlterTableCmd;
  readonly location: number | undefined;
}

/** alterCommands lists the commands of an `ALTER TABLE` statement (none for other statements). */
export const alterCommands: (statement: ParsedStatement) => readonly AlterCommand[] = memo((statement: ParsedStatement): AlterCommand[] => {
  const stmt = statementAs(statement, 'AlterTableStmt');
  const table = relationName(stmt?.relation);
  if (!stmt || !table || (stmt.objtype !== 'OBJECT_TABLE' && stmt.objtype !== 'OBJECT_MATVIEW')) return [];
  return (stmt.cmds ?? [])
    .map((n) => nodeAs(n, 'AlterTableCmd'))
    .filter((c): c is AlterTableCmd => c !== undefined)
    .map((cmd) => ({ table, cmd, location: location(nodeAs(cmd.def, 'ColumnDef')) ?? location(nodeAs(cmd.def, 'Constraint')) }));
});

/** ColumnDefinition is a column a statement defines: in CREATE TABLE or ALTER TABLE ADD COLUMN. */
export interface ColumnDefinition {
  readonly table: QualifiedName;
  readonly def: ColumnDef;
  /** True inside CREATE TABLE (a new, empty table); false for ADD COLUMN. */
  readonly inCreate: boolean;
  readonly location: number | undefined;
}

/** columnDefinitions lists the columns a statement defines. */
export const columnDefinitions: (statement: ParsedStatement) => readonly ColumnDefinition[] = memo((statement: ParsedStatement): ColumnDefinition[] => {
  const create = statementAs(statement, 'CreateStmt');
  if (create) {
    const table = relationName(create.relation);
    if (!table) return [];
    return (create.tableElts ?? [])
      .map((e) => nodeAs(e, 'ColumnDef'))
      .filter((d): d is ColumnDef => d !== undefined)
      .map((def) => ({ table, def, inCreate: true, location: location(def) }));
  }
  return alterCommands(statement)
    .filter((c) => c.cmd.subtype === 'AT_AddColumn')
    .map((c) => ({ table: c.table, def: nodeAs(c.cmd.def, 'ColumnDef')!, inCreate: false, location: c.location }))
    .filter((c) => c.def !== undefined);
});

/** ForeignKeyDefinition is a foreign key a statement defines. */
export interface ForeignKeyDefinition {
  readonly table: QualifiedName;
  readonly columns: readonly string[];
  readonly references: QualifiedName | undefined;
  readonly onDelete: ReferentialAction | undefined;
  readonly onUpdate: ReferentialAction | undefined;
  /** `ON DELETE SET NULL (a)`: the columns actually set. */
  readonly setColumns: readonly string[] | undefined;
  readonly constraint: Constraint;
  readonly location: number | undefined;
}

function foreignKey(table: QualifiedName, c: Constraint, column?: string): ForeignKeyDefinition {
  const attrs = strings(c.fk_attrs);
  return {
    table,
    columns: attrs.length ? attrs : column ? [column] : [],
    references: relationName(c.pktable),
    onDelete: referentialAction(c.fk_del_action),
    onUpdate: referentialAction(c.fk_upd_action),
    setColumns: c.fk_del_set_cols?.length ? strings(c.fk_del_set_cols) : undefined,
    constraint: c,
    location: location(c),
  };
}

/** foreignKeys lists the foreign keys a statement defines (column or table constraints). */
export const foreignKeys: (statement: ParsedStatement) => readonly ForeignKeyDefinition[] = memo((statement: ParsedStatement): ForeignKeyDefinition[] => {
  const found: ForeignKeyDefinition[] = [];
  for (const column of columnDefinitions(statement)) {
    for (const c of constraintsOf(column.def.constraints)) if (c.contype === 'CONSTR_FOREIGN') found.push(foreignKey(column.table, c, column.def.colname));
  }
  const create = statementAs(statement, 'CreateStmt');
  const table = relationName(create?.relation);
  if (create && table) {
    for (const c of constraintsOf(create.tableElts)) if (c.contype === 'CONSTR_FOREIGN') found.push(foreignKey(table, c));
  }
  for (const { cmd, table: altered } of alterCommands(statement)) {
    const c = nodeAs(cmd.def, 'Constraint');
    if (cmd.subtype === 'AT_AddConstraint' && c?.contype === 'CONSTR_FOREIGN') found.push(foreignKey(altered, c));
  }
  return found;
});

/** NameRole decides which keyword categories a name may not use bare. */
export type NameRole = 'relation' | 'type';

/** DefinedName is a name a statement introduces. */
export interface DefinedName {
  /** What is named, for messages: "table", "column", "index" ... */
  readonly kind: string;
  readonly name: string;
  readonly role: NameRole;
  readonly location: number | undefined;
}

const RENAMED: Readonly<Record<string, string>> = {
  OBJECT_TABLE: 'table',
  OBJECT_COLUMN: 'column',
  OBJECT_INDEX: 'index',
  OBJECT_TABCONSTRAINT: 'constraint',
  OBJECT_SCHEMA: 'schema',
  OBJECT_VIEW: 'view',
  OBJECT_MATVIEW: 'materialized view',
  OBJECT_SEQUENCE: 'sequence',
  OBJECT_TRIGGER: 'trigger',
  OBJECT_POLICY: 'policy',
  OBJECT_TYPE: 'type',
  OBJECT_DOMAIN: 'domain',
  OBJECT_FUNCTION: 'function',
};

/** definedNames lists the names a statement introduces (created or renamed to). */
export const definedNames: (statement: ParsedStatement) => readonly DefinedName[] = memo((statement: ParsedStatement): DefinedName[] => {
  const names: DefinedName[] = [];
  const add = (kind: string, name: string | undefined, at: number | undefined, role: NameRole = 'relation') => {
    if (name) names.push({ kind, name, role, location: at });
  };
  const constraintNames = (list: Constraint[]) => list.forEach((c) => add('constraint', c.conname, location(c)));
  switch (statement.nodeType) {
    case 'CreateStmt': {
      const stmt = statementAs(statement, 'CreateStmt')!;
      add('table', stmt.relation?.relname, location(stmt.relation));
      constraintNames(constraintsOf(stmt.tableElts));
      break;
    }
    case 'AlterTableStmt':
      for (const { cmd, location: at } of alterCommands(statement)) {
        if (cmd.subtype === 'AT_AddConstraint') add('constraint', nodeAs(cmd.def, 'Constraint')?.conname, at);
      }
      break;
    case 'IndexStmt':
      add('index', statementAs(statement, 'IndexStmt')!.idxname, undefined);
      break;
    case 'RenameStmt': {
      const stmt = statementAs(statement, 'RenameStmt')!;
      const kind = RENAMED[stmt.renameType ?? ''];
      if (kind) add(kind, stmt.newname, undefined, ['type', 'domain', 'function'].includes(kind) ? 'type' : 'relation');
      break;
    }
    case 'CreateEnumStmt':
      add('type', strings(statementAs(statement, 'CreateEnumStmt')!.typeName).at(-1), undefined, 'type');
      break;
    case 'CreateDomainStmt':
      add('domain', strings(statementAs(statement, 'CreateDomainStmt')!.domainname).at(-1), undefined, 'type');
      break;
    case 'CompositeTypeStmt': {
      const stmt = statementAs(statement, 'CompositeTypeStmt')!;
      add('type', stmt.typevar?.relname, location(stmt.typevar), 'type');
      break;
    }
    case 'CreateSchemaStmt':
      add('schema', statementAs(statement, 'CreateSchemaStmt')!.schemaname, undefined);
      break;
    case 'ViewStmt': {
      const stmt = statementAs(statement, 'ViewStmt')!;
      add('view', stmt.view?.relname, location(stmt.view));
      break;
    }
    case 'CreateTableAsStmt': {
      const stmt = statementAs(statement, 'CreateTableAsStmt')!;
      add(stmt.objtype === 'OBJECT_MATVIEW' ? 'materialized view' : 'table', stmt.into?.rel?.relname, location(stmt.into?.rel));
      break;
    }
    case 'CreateSeqStmt': {
      const stmt = statementAs(statement, 'CreateSeqStmt')!;
      add('sequence', stmt.sequence?.relname, location(stmt.sequence));
      break;
    }
    case 'CreateFunctionStmt':
      add('function', strings(statementAs(statement, 'CreateFunctionStmt')!.funcname).at(-1), undefined, 'type');
      break;
    case 'CreateTrigStmt':
      add('trigger', statementAs(statement, 'CreateTrigStmt')!.trigname, undefined);
      break;
    case 'CreatePolicyStmt':
      add('policy', statementAs(statement, 'CreatePolicyStmt')!.policy_name, undefined);
      break;
    default:
      break;
  }
  // Columns: of tables, composite types, and ADD COLUMN.
  for (const column of columnDefinitions(statement)) add('column', column.def.colname, column.location);
  const composite = statementAs(statement, 'CompositeTypeStmt');
  for (const element of composite?.coldeflist ?? []) {
    const def = nodeAs(element, 'ColumnDef');
    add('attribute', def?.colname, location(def));
  }
  // Column constraints are named too: `email text CONSTRAINT users_email_key UNIQUE`.
  for (const column of columnDefinitions(statement)) constraintNames(constraintsOf(column.def.constraints));
  return names;
});

/** hasNodeOfKind tells whether any node of the tree is of type `kind`. */
export function hasNodeOfKind(root: unknown, kind: string): boolean {
  let found = false;
  walk(root, (k) => {
    if (found) return false;
    if (k === kind) found = true;
    return !found;
  });
  return found;
}

/** TypedColumn is a column type a statement sets: a column definition or ALTER COLUMN TYPE. */
export interface TypedColumn {
  readonly table: QualifiedName;
  readonly column: string;
  /** The type as written (serial stays serial). */
  readonly type: ColumnType;
  /** The type name's location. */
  readonly location: number | undefined;
}

/** typedColumns lists the column types a statement sets. */
export const typedColumns: (statement: ParsedStatement) => readonly TypedColumn[] = memo((statement: ParsedStatement): TypedColumn[] => {
  const found: TypedColumn[] = columnDefinitions(statement)
    .filter((c) => c.def.colname)
    .map((c) => ({ table: c.table, column: c.def.colname!, type: columnType(c.def.typeName), location: location(c.def.typeName) ?? c.location }));
  for (const { table, cmd } of alterCommands(statement)) {
    const def = nodeAs(cmd.def, 'ColumnDef');
    if (cmd.subtype === 'AT_AlterColumnType' && cmd.name && def) {
      found.push({ table, column: cmd.name, type: columnType(def.typeName), location: location(def.typeName) });
    }
  }
  return found;
});
