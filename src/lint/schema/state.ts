import { keyOf, type ColumnType, type QualifiedName } from '../ast.js';
import { LayeredMap } from './layered-map.js';
import { copyTable, tableFromPlain, tableToPlain, type StateDelta } from './snapshot.js';

/**
 * The linter's light picture of the schema: what earlier migrations created, replayed from their
 * parse trees (see replay.ts). It knows tables, columns (type, nullability, default), constraints,
 * indexes, row-level security and enum labels — enough to tell an existing table from a new one,
 * and a column's old type from its new one. Every object remembers which file created it.
 */

/** ColumnState is one column as the replay knows it. */
export interface ColumnState {
  name: string;
  type: ColumnType;
  notNull: boolean;
  hasDefault: boolean;
  /** Identity or generated columns always have a value. */
  identity: boolean;
  generated: boolean;
  /**
   * Part of a primary or foreign key at some point (kept when the key is dropped): a key re-added
   * on it is not news.
   */
  keyed: boolean;
  /** The file (key) whose statement added this column. */
  createdIn: string;
}

/** ReferentialAction of a foreign key: PostgreSQL's one-letter codes, spelled out. */
export type ReferentialAction = 'no action' | 'restrict' | 'cascade' | 'set null' | 'set default';

/** ConstraintState is one table constraint. */
export interface ConstraintState {
  name: string | undefined;
  kind: 'check' | 'foreign' | 'unique' | 'primary' | 'exclusion';
  columns: string[];
  /** False for a NOT VALID constraint not validated since. */
  validated: boolean;
  /** For `CHECK (col IS NOT NULL)`: the column it proves not null. */
  notNullOf: string | undefined;
  references: QualifiedName | undefined;
  onDelete: ReferentialAction | undefined;
  onUpdate: ReferentialAction | undefined;
  /** `ON DELETE SET NULL (a, b)`: only these columns are set (PostgreSQL 15+). */
  setColumns: string[] | undefined;
}

/** IndexState is one index; `columns` holds null for an expression. */
export interface IndexState {
  name: string | undefined;
  schema: string;
  columns: (string | null)[];
  unique: boolean;
  partial: boolean;
  createdIn: string;
}

/** TableState is one table (or materialized view: see `materialized`). */
export interface TableState {
  schema: string;
  name: string;
  columns: Map<string, ColumnState>;
  constraints: ConstraintState[];
  indexes: IndexState[];
  rowSecurity: boolean;
  /** The table's columns are not all known (CREATE TABLE AS, LIKE, inheritance). */
  opaque: boolean;
  /** A partition of another table (it inherits its parent's keys). */
  partition: boolean;
  /** Partitioned (PARTITION BY): its rows are in its partitions, and CONCURRENTLY cannot index it. */
  partitioned: boolean;
  /** A materialized view (derived data, refreshed from its query), not a table. */
  materialized: boolean;
  createdIn: string;
}

/** SchemaView is what rules may read. */
export interface SchemaView {
  table(name: QualifiedName): TableState | undefined;
  tables(): Iterable<TableState>;
  enumLabels(name: QualifiedName): readonly string[] | undefined;
  indexTable(name: QualifiedName): TableState | undefined;
  /** The file that created a schema, when a replayed migration did. */
  schemaCreatedIn(name: string): string | undefined;
}

/**
 * SchemaState is the mutable picture the replay updates. `fork()` gives a copy whose changes do
 * not reach the original (used for down sections, which must not leak into the next file): the
 * copy reads through to the original, and a table is copied into it on its first change.
 */
export class SchemaState implements SchemaView {
  private readonly tableMap: LayeredMap<string, TableState>;
  private readonly enumMap: LayeredMap<string, readonly string[]>;
  private readonly schemaMap: LayeredMap<string, string>;
  /** `schema.index` → key of the table that had it when it was last registered. */
  private readonly indexOwners: LayeredMap<string, string>;

  constructor(parent?: SchemaState) {
    this.tableMap = new LayeredMap(parent?.tableMap);
    this.enumMap = new LayeredMap(parent?.enumMap);
    this.schemaMap = new LayeredMap(parent?.schemaMap);
    this.indexOwners = new LayeredMap(parent?.indexOwners);
  }

  /** fork returns an independent copy; the original must not change while the copy is in use. */
  fork(): SchemaState {
    return new SchemaState(this);
  }

  table(name: QualifiedName): TableState | undefined {
    return this.tableMap.get(keyOf(name));
  }

  tables(): Iterable<TableState> {
    return this.tableMap.values();
  }

  enumLabels(name: QualifiedName): readonly string[] | undefined {
    return this.enumMap.get(keyOf(name));
  }

  indexTable(name: QualifiedName): TableState | undefined {
    const matches = (table: TableState | undefined) => table?.indexes.some((i) => i.name === name.name && i.schema === name.schema) === true;
    const owner = this.indexOwners.get(keyOf(name));
    const table = owner === undefined ? undefined : this.tableMap.get(owner);
    if (matches(table)) return table;
    // The owner map is refreshed per statement (registerIndexes); an index changed some other
    // way is still found by looking at every table.
    for (const candidate of this.tableMap.values()) if (matches(candidate)) return candidate;
    return undefined;
  }

  schemaCreatedIn(name: string): string | undefined {
    return this.schemaMap.get(name);
  }

  /** setSchema records a schema created by `file`. */
  setSchema(name: string, file: string): void {
    this.schemaMap.set(name, file);
  }

  /** writable returns the table for changes, copying it first if it belongs to the forked original. */
  writable(name: QualifiedName): TableState | undefined {
    const key = keyOf(name);
    const table = this.tableMap.get(key);
    if (!table) return table;
    if (this.tableMap.ownsKey(key)) {
      // Changed in place by the caller: the journal must know.
      this.tableMap.touch(key);
      return table;
    }
    const copy = copyTable(table);
    this.tableMap.set(key, copy);
    return copy;
  }

  /** startDelta forgets what changed so far: the next {@link takeDelta} holds only later changes. */
  startDelta(): void {
    for (const map of [this.tableMap, this.enumMap, this.schemaMap, this.indexOwners] as LayeredMap<string, unknown>[]) map.track();
  }

  /**
   * takeDelta returns what changed since {@link startDelta} or the previous call as plain
   * data: every table, enum, schema and index owner set or removed, as it is now. The replay cache
   * keeps one delta per migration file (replay-cache.ts). Meant for a state that is not a fork.
   */
  takeDelta(): StateDelta {
    const pick = <V, P>(map: LayeredMap<string, V>, plain: (value: V) => P): [string, P | null][] =>
      [...map.track()].map((key) => {
        const value = map.get(key);
        return [key, value === undefined ? null : plain(value)];
      });
    return {
      tables: pick(this.tableMap, tableToPlain),
      enums: pick(this.enumMap, (labels) => [...labels]),
      schemas: pick(this.schemaMap, (file) => file),
      indexOwners: pick(this.indexOwners, (table) => table),
    };
  }

  /** applyDelta replays a delta {@link takeDelta} returned, as if the file it came from ran again. */
  applyDelta(delta: StateDelta): void {
    const put = <V, P>(map: LayeredMap<string, V>, entries: readonly (readonly [string, P | null])[], value: (plain: P) => V) => {
      for (const [key, plain] of entries) {
        if (plain === null) map.delete(key);
        else map.set(key, value(plain));
      }
    };
    put(this.tableMap, delta.tables, tableFromPlain);
    put(this.enumMap, delta.enums, (labels) => labels);
    put(this.schemaMap, delta.schemas, (file) => file);
    put(this.indexOwners, delta.indexOwners, (table) => table);
  }

  /** putTable adds or replaces a table. */
  putTable(table: TableState): void {
    this.tableMap.set(keyOf(table), table);
    this.registerIndexes(table);
  }

  /** registerIndexes records which table owns each of `table`'s indexes, for {@link indexTable}. */
  registerIndexes(table: TableState): void {
    const key = keyOf(table);
    for (const index of table.indexes) if (index.name) this.indexOwners.set(`${index.schema}.${index.name}`, key);
  }

  /** removeTable forgets a table. */
  removeTable(name: QualifiedName): void {
    this.tableMap.delete(keyOf(name));
  }

  /** removeSchema forgets every table and enum of a schema (DROP SCHEMA ... CASCADE). */
  removeSchema(schema: string): void {
    this.schemaMap.delete(schema);
    for (const [key, table] of [...this.tableMap.entries()]) if (table.schema === schema) this.tableMap.delete(key);
    for (const key of [...this.enumMap.keys()]) if (key.startsWith(`${schema}.`)) this.enumMap.delete(key);
  }

  /** renameSchema moves every table and enum of a schema to its new name. */
  renameSchema(from: string, to: string): void {
    const origin = this.schemaMap.get(from);
    if (origin !== undefined) {
      this.schemaMap.delete(from);
      this.schemaMap.set(to, origin);
    }
    for (const table of [...this.tableMap.values()]) {
      if (table.schema !== from) continue;
      const moved = this.writable(table)!;
      this.tableMap.delete(keyOf(moved));
      moved.schema = to;
      for (const index of moved.indexes) index.schema = to;
      this.putTable(moved);
    }
    for (const [key, labels] of [...this.enumMap.entries()]) {
      if (!key.startsWith(`${from}.`)) continue;
      this.enumMap.delete(key);
      this.enumMap.set(`${to}.${key.slice(from.length + 1)}`, labels);
    }
  }

  /** setEnum records an enum's labels, in order. */
  setEnum(name: QualifiedName, labels: readonly string[]): void {
    this.enumMap.set(keyOf(name), labels);
  }

  /** removeEnum forgets an enum. */
  removeEnum(name: QualifiedName): void {
    this.enumMap.delete(keyOf(name));
  }
}

/** relationWord names what a relation is in messages: a materialized view is not a "table". */
export function relationWord(table: TableState | undefined): 'table' | 'materialized view' {
  return table?.materialized ? 'materialized view' : 'table';
}
