import type { AlterTableCmd, ColumnDef, Constraint } from 'libpg-query';
import { columnType, constraintsOf, nodeAs, relationName, SERIAL_TYPES, strings, type QualifiedName } from '../ast.js';
import type { ConstraintState, ReferentialAction, SchemaState, TableState } from './state.js';

/**
 * Changes to one table of the schema picture: columns, constraints and the indexes they bring,
 * as CREATE TABLE and ALTER TABLE make them. Used by the statement replay (replay.ts).
 */

/** BEFORE_HISTORY marks objects that existed before any replayed migration. */
export const BEFORE_HISTORY = '(existing)';

const ACTIONS: Readonly<Record<string, ReferentialAction>> = {
  a: 'no action',
  r: 'restrict',
  c: 'cascade',
  n: 'set null',
  d: 'set default',
};

/** referentialAction decodes a foreign key's one-letter action code. */
export function referentialAction(code: string | undefined): ReferentialAction | undefined {
  return code ? ACTIONS[code] : undefined;
}

/** placeholder is a table the replay never saw created. */
export function placeholder(name: QualifiedName): TableState {
  return {
    schema: name.schema,
    name: name.name,
    columns: new Map(),
    constraints: [],
    indexes: [],
    rowSecurity: false,
    opaque: true,
    partition: false,
    materialized: false,
    partitioned: false,
    createdIn: BEFORE_HISTORY,
  };
}

/** tableFor returns a table for changes, adding a placeholder when it is unknown. */
export function tableFor(state: SchemaState, name: QualifiedName): TableState {
  const table = state.writable(name);
  if (table) return table;
  const created = placeholder(name);
  state.putTable(created);
  return created;
}

/** notNullCheckColumn returns `col` for a `CHECK (col IS NOT NULL)` constraint. */
export function notNullCheckColumn(constraint: Constraint): string | undefined {
  const test = nodeAs(constraint.raw_expr, 'NullTest');
  if (!test || test.nulltesttype !== 'IS_NOT_NULL') return undefined;
  const fields = strings(nodeAs(test.arg, 'ColumnRef')?.fields);
  return fields.length === 1 ? fields[0] : undefined;
}

/** addColumn adds a column definition (and its column constraints) to a table. */
export function addColumn(table: TableState, def: ColumnDef, file: string): void {
  if (!def.colname) return;
  const written = columnType(def.typeName);
  const serial = SERIAL_TYPES[written.name];
  const constraints = constraintsOf(def.constraints);
  const has = (kind: Constraint['contype']) => constraints.some((c) => c.contype === kind);
  table.columns.set(def.colname, {
    name: def.colname,
    type: serial ? { ...written, name: serial } : written,
    notNull: def.is_not_null === true || has('CONSTR_NOTNULL') || has('CONSTR_PRIMARY'),
    hasDefault: serial !== undefined || has('CONSTR_DEFAULT'),
    identity: has('CONSTR_IDENTITY'),
    generated: has('CONSTR_GENERATED'),
    keyed: false,
    createdIn: file,
  });
  for (const constraint of constraints) addConstraint(table, constraint, file, def.colname);
}

const SUFFIX: Readonly<Record<string, string>> = { CONSTR_PRIMARY: 'pkey', CONSTR_UNIQUE: 'key', CONSTR_FOREIGN: 'fkey', CONSTR_CHECK: 'check' };

/**
 * defaultName is the name PostgreSQL gives an unnamed constraint (`users_pkey`, `users_email_key`,
 * `posts_author_id_fkey`), so a later `DROP CONSTRAINT users_pkey` finds it. Undefined where the
 * replay cannot tell: a table-level CHECK (named after a column of its expression), or a name
 * over 63 bytes (PostgreSQL shortens those its own way).
 */
function defaultName(table: TableState, c: Constraint, columns: readonly string[], column: string | undefined): string | undefined {
  const suffix = SUFFIX[c.contype ?? ''];
  if (!suffix || (c.contype === 'CONSTR_CHECK' && !column)) return undefined;
  const name = [table.name, ...(c.contype === 'CONSTR_PRIMARY' ? [] : columns), suffix].join('_');
  return Buffer.byteLength(name) <= 63 ? name : undefined;
}

/** addConstraint adds a table or column constraint, and the index a key constraint brings. */
export function addConstraint(table: TableState, c: Constraint, file: string, column?: string): void {
  const keys = strings(c.keys);
  const fkColumns = strings(c.fk_attrs);
  const columns = keys.length ? keys : column ? [column] : [];
  const base: ConstraintState = {
    name: c.conname ?? defaultName(table, c, fkColumns.length ? fkColumns : columns, column),
    kind: 'check',
    columns,
    validated: c.skip_validation !== true,
    notNullOf: undefined,
    references: undefined,
    onDelete: undefined,
    onUpdate: undefined,
    setColumns: undefined,
  };
  const markKeyed = (names: readonly string[]) => names.forEach((n) => { const col = table.columns.get(n); if (col) col.keyed = true; });
  switch (c.contype) {
    case 'CONSTR_PRIMARY':
    case 'CONSTR_UNIQUE': {
      // ADD ... USING INDEX turns an existing index into the constraint.
      const index = c.indexname ? table.indexes.find((i) => i.name === c.indexname) : undefined;
      const keyColumns = index ? index.columns.filter((n): n is string => n !== null) : columns;
      const primary = c.contype === 'CONSTR_PRIMARY';
      table.constraints.push({ ...base, kind: primary ? 'primary' : 'unique', columns: keyColumns });
      if (index) {
        index.name = c.conname ?? index.name;
        index.unique = true;
      } else {
        table.indexes.push({ name: base.name, schema: table.schema, columns: keyColumns, unique: true, partial: false, createdIn: file });
      }
      if (primary) for (const name of keyColumns) { const col = table.columns.get(name); if (col) col.notNull = true; }
      if (primary) markKeyed(keyColumns);
      return;
    }
    case 'CONSTR_EXCLUSION': {
      const elements = (c.exclusions ?? []).map((pair) => nodeAs(nodeAs(pair, 'List')?.items?.[0], 'IndexElem')?.name ?? null);
      table.constraints.push({ ...base, kind: 'exclusion', columns: elements.filter((n): n is string => n !== null) });
      table.indexes.push({ name: base.name, schema: table.schema, columns: elements, unique: false, partial: c.where_clause !== undefined, createdIn: file });
      return;
    }
    case 'CONSTR_FOREIGN':
      markKeyed(strings(c.fk_attrs).length ? strings(c.fk_attrs) : columns);
      table.constraints.push({
        ...base,
        kind: 'foreign',
        columns: strings(c.fk_attrs).length ? strings(c.fk_attrs) : columns,
        references: relationName(c.pktable),
        onDelete: referentialAction(c.fk_del_action),
        onUpdate: referentialAction(c.fk_upd_action),
        setColumns: c.fk_del_set_cols?.length ? strings(c.fk_del_set_cols) : undefined,
      });
      return;
    case 'CONSTR_CHECK':
      table.constraints.push({ ...base, kind: 'check', notNullOf: notNullCheckColumn(c) });
      return;
    case 'CONSTR_NOTNULL':
      // Table-level `NOT NULL col` (PostgreSQL 18) names its columns in keys.
      for (const name of keys) { const col = table.columns.get(name); if (col) col.notNull = true; }
      return;
    default:
      return;
  }
}

/** dropColumn removes a column and the constraints and indexes on it. */
export function dropColumn(table: TableState, name: string): void {
  table.columns.delete(name);
  table.constraints = table.constraints.filter((c) => !c.columns.includes(name));
  table.indexes = table.indexes.filter((i) => !i.columns.includes(name));
}

/** renameColumn renames a column everywhere the table mentions it. */
export function renameColumn(table: TableState, from: string, to: string): void {
  const column = table.columns.get(from);
  if (column) {
    table.columns.delete(from);
    column.name = to;
    table.columns.set(to, column);
  }
  const swap = (n: string | null) => (n === from ? to : n);
  for (const c of table.constraints) {
    c.columns = c.columns.map((n) => swap(n)!);
    if (c.notNullOf === from) c.notNullOf = to;
  }
  for (const i of table.indexes) i.columns = i.columns.map(swap);
}

/** alterTable applies one ALTER TABLE command. */
export function alterTable(state: SchemaState, name: QualifiedName, cmd: AlterTableCmd, file: string): void {
  const table = tableFor(state, name);
  const column = cmd.name ? table.columns.get(cmd.name) : undefined;
  switch (cmd.subtype) {
    case 'AT_AddColumn': {
      const def = nodeAs(cmd.def, 'ColumnDef');
      if (def && !(cmd.missing_ok && def.colname && table.columns.has(def.colname))) addColumn(table, def, file);
      return;
    }
    case 'AT_DropColumn':
      if (cmd.name) dropColumn(table, cmd.name);
      return;
    case 'AT_SetNotNull':
      if (column) column.notNull = true;
      return;
    case 'AT_DropNotNull':
      if (column) column.notNull = false;
      return;
    case 'AT_ColumnDefault':
      if (column) column.hasDefault = cmd.def !== undefined;
      return;
    case 'AT_AlterColumnType':
      if (column) column.type = columnType(nodeAs(cmd.def, 'ColumnDef')?.typeName);
      return;
    case 'AT_AddIdentity':
      if (column) column.identity = true;
      return;
    case 'AT_DropIdentity':
      if (column) column.identity = false;
      return;
    case 'AT_DropExpression':
      if (column) column.generated = false;
      return;
    case 'AT_AddConstraint': {
      const constraint = nodeAs(cmd.def, 'Constraint');
      if (constraint) addConstraint(table, constraint, file);
      return;
    }
    case 'AT_DropConstraint':
      table.constraints = table.constraints.filter((c) => c.name !== cmd.name);
      table.indexes = table.indexes.filter((i) => i.name !== cmd.name);
      return;
    case 'AT_ValidateConstraint':
      for (const c of table.constraints) if (c.name === cmd.name) c.validated = true;
      return;
    case 'AT_EnableRowSecurity':
      table.rowSecurity = true;
      return;
    case 'AT_DisableRowSecurity':
      table.rowSecurity = false;
      return;
    default:
      return;
  }
}

