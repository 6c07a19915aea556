import type { AlterTableCmd, ColumnDef, Constraint } from 'libpg-query';
import type { ParsedStatement } from '../../parser/parser.js';
import {
  columnType,
  constraintsOf,
  listName,
  nodeAs,
  relationName,
  SERIAL_TYPES,
  strings,
  type NodeMap,
  type QualifiedName,
} from '../ast.js';
import type { ConstraintState, ReferentialAction, SchemaState, TableState } from './state.js';

/**
 * replayStatement applies one parsed statement to the schema picture. Statements that do not
 * change tables, columns, constraints, indexes, row security or enums are ignored. Unknown
 * tables that a statement alters get a placeholder (they exist, created outside the replayed
 * migrations), so what the file adds to them is still known.
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

function placeholder(name: QualifiedName): TableState {
  return {
    schema: name.schema,
    name: name.name,
    columns: new Map(),
    constraints: [],
    indexes: [],
    rowSecurity: false,
    opaque: true,
    partition: false,
    createdIn: BEFORE_HISTORY,
  };
}

function tableFor(state: SchemaState, name: QualifiedName): TableState {
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

function addColumn(table: TableState, def: ColumnDef, file: string): void {
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
    createdIn: file,
  });
  for (const constraint of constraints) addConstraint(table, constraint, file, def.colname);
}

function addConstraint(table: TableState, c: Constraint, file: string, column?: string): void {
  const keys = strings(c.keys);
  const columns = keys.length ? keys : column ? [column] : [];
  const base: ConstraintState = {
    name: c.conname,
    kind: 'check',
    columns,
    validated: c.skip_validation !== true,
    notNullOf: undefined,
    references: undefined,
    onDelete: undefined,
    onUpdate: undefined,
    setColumns: undefined,
  };
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
        table.indexes.push({ name: c.conname, schema: table.schema, columns: keyColumns, unique: true, partial: false, createdIn: file });
      }
      if (primary) for (const name of keyColumns) { const col = table.columns.get(name); if (col) col.notNull = true; }
      return;
    }
    case 'CONSTR_EXCLUSION': {
      const elements = (c.exclusions ?? []).map((pair) => nodeAs(nodeAs(pair, 'List')?.items?.[0], 'IndexElem')?.name ?? null);
      table.constraints.push({ ...base, kind: 'exclusion', columns: elements.filter((n): n is string => n !== null) });
      table.indexes.push({ name: c.conname, schema: table.schema, columns: elements, unique: false, partial: c.where_clause !== undefined, createdIn: file });
      return;
    }
    case 'CONSTR_FOREIGN':
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

function dropColumn(table: TableState, name: string): void {
  table.columns.delete(name);
  table.constraints = table.constraints.filter((c) => !c.columns.includes(name));
  table.indexes = table.indexes.filter((i) => !i.columns.includes(name));
}

function renameColumn(table: TableState, from: string, to: string): void {
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

function alterTable(state: SchemaState, name: QualifiedName, cmd: AlterTableCmd, file: string): void {
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

function moveTable(state: SchemaState, from: QualifiedName, to: QualifiedName): void {
  const table = state.writable(from);
  if (!table) return;
  state.removeTable(from);
  table.schema = to.schema;
  table.name = to.name;
  for (const index of table.indexes) index.schema = to.schema;
  state.putTable(table);
}

/** replayStatement applies `statement` (from file `file`) to `state`. */
export function replayStatement(state: SchemaState, statement: ParsedStatement, file: string): void {
  const node = statement.node;
  switch (statement.nodeType) {
    case 'CreateStmt': {
      const stmt = node as NodeMap['CreateStmt'];
      const name = relationName(stmt.relation);
      if (!name || (stmt.if_not_exists && state.table(name))) return;
      const elements = stmt.tableElts ?? [];
      const table: TableState = {
        ...placeholder(name),
        opaque: (stmt.inhRelations?.length ?? 0) > 0 || stmt.ofTypename !== undefined || elements.some((e) => nodeAs(e, 'TableLikeClause')),
        partition: stmt.partbound !== undefined,
        createdIn: file,
      };
      state.putTable(table);
      for (const element of elements) {
        const def = nodeAs(element, 'ColumnDef');
        if (def) addColumn(table, def, file);
      }
      for (const constraint of [...constraintsOf(elements), ...constraintsOf(stmt.constraints)]) addConstraint(table, constraint, file);
      state.registerIndexes(table);
      return;
    }
    case 'CreateTableAsStmt': {
      const stmt = node as NodeMap['CreateTableAsStmt'];
      const name = relationName(stmt.into?.rel);
      if (name && !(stmt.if_not_exists && state.table(name))) state.putTable({ ...placeholder(name), createdIn: file });
      return;
    }
    case 'AlterTableStmt': {
      const stmt = node as NodeMap['AlterTableStmt'];
      const name = relationName(stmt.relation);
      if (!name || (stmt.objtype !== 'OBJECT_TABLE' && stmt.objtype !== 'OBJECT_MATVIEW')) return;
      if (stmt.missing_ok && !state.table(name)) return;
      for (const cmd of stmt.cmds ?? []) {
        const payload = nodeAs(cmd, 'AlterTableCmd');
        if (payload) alterTable(state, name, payload, file);
      }
      const altered = state.table(name);
      if (altered) state.registerIndexes(altered);
      return;
    }
    case 'IndexStmt': {
      const stmt = node as NodeMap['IndexStmt'];
      const name = relationName(stmt.relation);
      if (!name) return;
      const table = tableFor(state, name);
      if (stmt.if_not_exists && stmt.idxname && table.indexes.some((i) => i.name === stmt.idxname)) return;
      table.indexes.push({
        name: stmt.idxname,
        schema: name.schema,
        columns: (stmt.indexParams ?? []).map((p) => nodeAs(p, 'IndexElem')?.name ?? null),
        unique: stmt.unique === true,
        partial: stmt.whereClause !== undefined,
        createdIn: file,
      });
      state.registerIndexes(table);
      return;
    }
    case 'DropStmt': {
      const stmt = node as NodeMap['DropStmt'];
      const objects = stmt.objects ?? [];
      switch (stmt.removeType) {
        case 'OBJECT_TABLE':
        case 'OBJECT_MATVIEW':
        case 'OBJECT_FOREIGN_TABLE':
          for (const object of objects) { const name = listName(nodeAs(object, 'List')?.items); if (name) state.removeTable(name); }
          return;
        case 'OBJECT_INDEX':
          for (const object of objects) {
            const name = listName(nodeAs(object, 'List')?.items);
            const owner = name ? state.indexTable(name) : undefined;
            if (name && owner) state.writable(owner)!.indexes = owner.indexes.filter((i) => i.name !== name.name);
          }
          return;
        case 'OBJECT_TYPE':
        case 'OBJECT_DOMAIN':
          for (const object of objects) { const name = listName(nodeAs(object, 'TypeName')?.names); if (name) state.removeEnum(name); }
          return;
        case 'OBJECT_SCHEMA':
          for (const schema of strings(objects)) state.removeSchema(schema);
          return;
        default:
          return;
      }
    }
    case 'RenameStmt': {
      const stmt = node as NodeMap['RenameStmt'];
      const name = relationName(stmt.relation);
      if (!stmt.newname) return;
      switch (stmt.renameType) {
        case 'OBJECT_TABLE':
        case 'OBJECT_MATVIEW':
          if (name) moveTable(state, name, { schema: name.schema, name: stmt.newname });
          return;
        case 'OBJECT_COLUMN':
          if (name && stmt.subname && state.table(name)) renameColumn(state.writable(name)!, stmt.subname, stmt.newname);
          return;
        case 'OBJECT_INDEX': {
          const owner = name ? state.indexTable(name) : undefined;
          if (!owner) return;
          const table = state.writable(owner)!;
          for (const i of table.indexes) if (i.name === name!.name) i.name = stmt.newname;
          state.registerIndexes(table);
          return;
        }
        case 'OBJECT_TABCONSTRAINT': {
          const table = name ? state.writable(name) : undefined;
          if (!table) return;
          for (const c of table.constraints) if (c.name === stmt.subname) c.name = stmt.newname;
          for (const i of table.indexes) if (i.name === stmt.subname) i.name = stmt.newname;
          state.registerIndexes(table);
          return;
        }
        case 'OBJECT_SCHEMA':
          if (stmt.subname) state.renameSchema(stmt.subname, stmt.newname);
          return;
        case 'OBJECT_TYPE': {
          const type = listName(nodeAs(stmt.object, 'List')?.items);
          const labels = type ? state.enumLabels(type) : undefined;
          if (type && labels) {
            state.removeEnum(type);
            state.setEnum({ schema: type.schema, name: stmt.newname }, [...labels]);
          }
          return;
        }
        default:
          return;
      }
    }
    case 'AlterObjectSchemaStmt': {
      const stmt = node as NodeMap['AlterObjectSchemaStmt'];
      const name = relationName(stmt.relation);
      if (name && stmt.newschema && stmt.objectType === 'OBJECT_TABLE') moveTable(state, name, { schema: stmt.newschema, name: name.name });
      return;
    }
    case 'CreateSchemaStmt': {
      const stmt = node as NodeMap['CreateSchemaStmt'];
      if (stmt.schemaname && !(stmt.if_not_exists && state.schemaCreatedIn(stmt.schemaname))) state.setSchema(stmt.schemaname, file);
      return;
    }
    case 'CreateEnumStmt': {
      const stmt = node as NodeMap['CreateEnumStmt'];
      const name = listName(stmt.typeName);
      if (name) state.setEnum(name, strings(stmt.vals));
      return;
    }
    case 'AlterEnumStmt': {
      const stmt = node as NodeMap['AlterEnumStmt'];
      const name = listName(stmt.typeName);
      const labels = name ? [...(state.enumLabels(name) ?? [])] : [];
      if (!name || !stmt.newVal) return;
      if (stmt.oldVal) {
        state.setEnum(name, labels.map((l) => (l === stmt.oldVal ? stmt.newVal! : l)));
        return;
      }
      if (labels.includes(stmt.newVal)) return;
      const neighbour = stmt.newValNeighbor ? labels.indexOf(stmt.newValNeighbor) : -1;
      if (neighbour === -1) labels.push(stmt.newVal);
      else labels.splice(stmt.newValIsAfter ? neighbour + 1 : neighbour, 0, stmt.newVal);
      state.setEnum(name, labels);
      return;
    }
    default:
      return;
  }
}
