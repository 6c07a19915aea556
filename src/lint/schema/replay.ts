import type { ParsedStatement } from '../../parser/parser.js';
import { constraintsOf, listName, nodeAs, relationName, strings, type NodeMap, type QualifiedName } from '../ast.js';
import type { SchemaState, TableState } from './state.js';
import { addColumn, addConstraint, alterTable, placeholder, renameColumn, tableFor } from './table-changes.js';

export { BEFORE_HISTORY, notNullCheckColumn, referentialAction } from './table-changes.js';

/**
 * replayStatement applies one parsed statement to the schema picture. Statements that do not
 * change tables, columns, constraints, indexes, row security or enums are ignored. Unknown
 * tables that a statement alters get a placeholder (they exist, created outside the replayed
 * migrations), so what the file adds to them is still known.
 */

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
        partitioned: stmt.partspec !== undefined,
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
      if (name && !(stmt.if_not_exists && state.table(name))) state.putTable({ ...placeholder(name), materialized: stmt.objtype === 'OBJECT_MATVIEW', createdIn: file });
      return;
    }
    case 'SelectStmt': {
      // SELECT ... INTO creates a table, as CREATE TABLE AS does.
      const name = relationName((node as NodeMap['SelectStmt']).intoClause?.rel);
      if (name) state.putTable({ ...placeholder(name), createdIn: file });
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
      if (name && stmt.newschema && (stmt.objectType === 'OBJECT_TABLE' || stmt.objectType === 'OBJECT_MATVIEW')) moveTable(state, name, { schema: stmt.newschema, name: name.name });
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
