import type {
  ColumnDef,
  ConstraintDef,
  DomainDef,
  EnumDef,
  ExtensionDef,
  FunctionDef,
  IndexDef,
  PolicyDef,
  QualifiedName,
  SequenceDef,
  SequenceOptions,
  TableDef,
  TriggerDef,
  ViewDef,
} from '../model/types.js';
import type { IdentQuoter } from './ident.js';
import { quoteLiteral } from './quote.js';

/**
 * TableRef names a table as a statement may: qualified, or (schema undefined) bare, resolved
 * through search_path. The planner always qualifies; the linter's suggestions keep a bare name
 * bare, so a migration meant for every tenant schema stays so.
 */
export interface TableRef {
  readonly schema?: string | undefined;
  readonly name: string;
}

/**
 * DDL for one object at a time, printed from the model. The schema writer and the diff planner
 * both print through here, so a table is created the same way by `inspect --format sql`, by
 * `generate` and by `push`. Names are quoted by the injected quoter, literals by quoteLiteral.
 */
export class Ddl {
  constructor(readonly id: IdentQuoter) {}

  /** qn quotes a schema-qualified name (a bare one when it has no schema). */
  qn(o: TableRef): string {
    return o.schema === undefined ? this.id(o.name) : `${this.id(o.schema)}.${this.id(o.name)}`;
  }

  createSchema(name: string): string {
    return `CREATE SCHEMA IF NOT EXISTS ${this.id(name)};`;
  }

  dropSchema(name: string): string {
    return `DROP SCHEMA ${this.id(name)};`;
  }

  /** createExtension pins the version only on request: contrib versions differ between servers. */
  createExtension(ext: ExtensionDef, pinVersion = false): string {
    const version = pinVersion ? ` VERSION ${quoteLiteral(ext.version)}` : '';
    return `CREATE EXTENSION IF NOT EXISTS ${this.id(ext.name)} WITH SCHEMA ${this.id(ext.schema)}${version};`;
  }

  dropExtension(ext: ExtensionDef): string {
    return `DROP EXTENSION ${this.id(ext.name)};`;
  }

  createEnum(e: EnumDef): string {
    return `CREATE TYPE ${this.qn(e)} AS ENUM (${e.values.map(quoteLiteral).join(', ')});`;
  }

  dropType(t: QualifiedName): string {
    return `DROP TYPE ${this.qn(t)};`;
  }

  /** addEnumValue appends or places a value; it must commit before anything uses the value. */
  addEnumValue(e: QualifiedName, value: string, position?: { before?: string; after?: string }): string {
    const where = position?.before !== undefined ? ` BEFORE ${quoteLiteral(position.before)}` : position?.after !== undefined ? ` AFTER ${quoteLiteral(position.after)}` : '';
    return `ALTER TYPE ${this.qn(e)} ADD VALUE ${quoteLiteral(value)}${where};`;
  }

  createDomain(d: DomainDef): string[] {
    const parts = [`CREATE DOMAIN ${this.qn(d)} AS ${d.type}`];
    if (d.collation) parts.push(`COLLATE ${d.collation}`);
    if (d.default !== null) parts.push(`DEFAULT ${d.default}`);
    if (d.notNull) parts.push('NOT NULL');
    return [`${parts.join(' ')};`, ...d.checks.map((c) => `ALTER DOMAIN ${this.qn(d)} ADD CONSTRAINT ${this.id(c.name)} ${c.definition};`)];
  }

  dropDomain(d: QualifiedName): string {
    return `DROP DOMAIN ${this.qn(d)};`;
  }

  createFunction(f: FunctionDef): string {
    return `${f.definition.trimEnd()};`;
  }

  dropFunction(f: FunctionDef): string {
    return `DROP ${f.kind === 'procedure' ? 'PROCEDURE' : 'FUNCTION'} ${this.qn(f)}(${f.identityArguments});`;
  }

  functionTarget(f: FunctionDef): string {
    return `${f.kind === 'procedure' ? 'PROCEDURE' : 'FUNCTION'} ${this.qn(f)}(${f.identityArguments})`;
  }

  sequenceOptions(s: SequenceOptions): string {
    return `START WITH ${s.start} INCREMENT BY ${s.increment} MINVALUE ${s.min} MAXVALUE ${s.max} CACHE ${s.cache} ${s.cycle ? 'CYCLE' : 'NO CYCLE'}`;
  }

  createSequence(s: SequenceDef): string {
    return `CREATE SEQUENCE ${this.qn(s)} AS ${s.type} ${this.sequenceOptions(s)};`;
  }

  alterSequence(s: SequenceDef): string {
    return `ALTER SEQUENCE ${this.qn(s)} AS ${s.type} ${this.sequenceOptions(s)};`;
  }

  sequenceOwnedBy(s: SequenceDef): string {
    const owner = s.ownedBy ? `${this.id(s.ownedBy.schema)}.${this.id(s.ownedBy.table)}.${this.id(s.ownedBy.column)}` : 'NONE';
    return `ALTER SEQUENCE ${this.qn(s)} OWNED BY ${owner};`;
  }

  /** releaseSequence takes a sequence off the column that owns it, so that dropping the table leaves it; a sequence already gone is no error. */
  releaseSequence(s: QualifiedName): string {
    return `ALTER SEQUENCE IF EXISTS ${this.qn(s)} OWNED BY NONE;`;
  }

  /**
   * copyRows copies `columns` of every row of `from` into `into` (a table rebuild). OVERRIDING
   * SYSTEM VALUE keeps the values of GENERATED ALWAYS identity columns, which an INSERT would
   * otherwise refuse.
   */
  copyRows(into: QualifiedName, from: QualifiedName, columns: readonly string[], overriding: boolean): string {
    // With no column in common each row still comes along, with the new table's defaults.
    if (columns.length === 0) return `INSERT INTO ${this.qn(into)} SELECT FROM ${this.qn(from)};`;
    const list = columns.map((c) => this.id(c)).join(', ');
    return `INSERT INTO ${this.qn(into)} (${list})${overriding ? ' OVERRIDING SYSTEM VALUE' : ''} SELECT ${list} FROM ${this.qn(from)};`;
  }

  dropSequence(s: QualifiedName): string {
    return `DROP SEQUENCE ${this.qn(s)};`;
  }

  /** column renders a column definition as it appears in CREATE TABLE or ADD COLUMN. */
  column(column: ColumnDef): string {
    const parts = [this.id(column.name), column.type];
    if (column.collation) parts.push(`COLLATE ${column.collation}`);
    if (column.identity) parts.push(this.identityClause(column.identity));
    if (column.generated) parts.push(`GENERATED ALWAYS AS (${column.generated.expression}) ${column.generated.kind === 'virtual' ? 'VIRTUAL' : 'STORED'}`);
    if (column.default !== null) parts.push(`DEFAULT ${column.default}`);
    if (column.notNull) parts.push('NOT NULL');
    return parts.join(' ');
  }

  identityClause(identity: NonNullable<ColumnDef['identity']>): string {
    const kind = identity.kind === 'always' ? 'ALWAYS' : 'BY DEFAULT';
    return `GENERATED ${kind} AS IDENTITY (SEQUENCE NAME ${identity.sequence} ${this.sequenceOptions(identity)})`;
  }

  /**
   * createTable creates the table with the columns it declares itself (a parent's come with INHERITS
   * or PARTITION OF) and its storage parameters; constraints, indexes and the rest follow.
   */
  createTable(table: TableDef): string {
    const unlogged = table.unlogged ? 'UNLOGGED ' : '';
    const partitionBy = table.partitioning ? ` PARTITION BY ${table.partitioning.key}` : '';
    const options = table.options.length ? ` WITH (${this.storageParameters(table.options)})` : '';
    if (table.partitionOf) {
      return `CREATE ${unlogged}TABLE ${this.qn(table)} PARTITION OF ${this.qn(table.partitionOf.table)} ${table.partitionOf.bound}${partitionBy}${options};`;
    }
    const columns = table.columns.filter((c) => c.inheritance !== 'inherited').map((c) => `  ${this.column(c)}`);
    const inherits = table.inherits.length ? ` INHERITS (${table.inherits.map((p) => this.qn(p)).join(', ')})` : '';
    return `CREATE ${unlogged}TABLE ${this.qn(table)} (${columns.length ? `\n${columns.join(',\n')}\n` : ''})${inherits}${partitionBy}${options};`;
  }

  /** storageParameters renders reloptions (`fillfactor=70`, `toast.autovacuum_enabled=false`) for WITH (…) and SET (…). */
  storageParameters(options: readonly string[]): string {
    return options
      .map((option) => {
        const eq = option.indexOf('=');
        return `${this.storageParameterName(option.slice(0, eq))}=${quoteLiteral(option.slice(eq + 1))}`;
      })
      .join(', ');
  }

  /** storageParameterName quotes a reloption's name, `toast.` prefix apart. */
  storageParameterName(name: string): string {
    const dot = name.indexOf('.');
    return dot === -1 ? this.id(name) : `${this.id(name.slice(0, dot))}.${this.id(name.slice(dot + 1))}`;
  }

  dropTable(table: QualifiedName): string {
    return `DROP TABLE ${this.qn(table)};`;
  }

  renameTable(from: QualifiedName, to: QualifiedName): string {
    return `ALTER TABLE ${this.qn(from)} RENAME TO ${this.id(to.name)};`;
  }

  addColumn(table: QualifiedName, column: ColumnDef): string {
    return `ALTER TABLE ${this.qn(table)} ADD COLUMN ${this.column(column)};`;
  }

  dropColumn(table: QualifiedName, column: string): string {
    return `ALTER TABLE ${this.qn(table)} DROP COLUMN ${this.id(column)};`;
  }

  renameColumn(table: QualifiedName, from: string, to: string): string {
    return `ALTER TABLE ${this.qn(table)} RENAME COLUMN ${this.id(from)} TO ${this.id(to)};`;
  }

  /** alterColumn recurses to the table's children unless `only`. */
  alterColumn(table: TableRef, column: string, action: string, only = false): string {
    return `ALTER TABLE ${only ? 'ONLY ' : ''}${this.qn(table)} ALTER COLUMN ${this.id(column)} ${action};`;
  }

  /** addConstraint with `notValid` skips checking the rows already there (a FOREIGN KEY or CHECK). */
  addConstraint(table: TableRef, c: ConstraintDef, notValid = false): string {
    return `ALTER TABLE ${this.qn(table)} ADD CONSTRAINT ${this.id(c.name)} ${c.definition}${notValid ? ' NOT VALID' : ''};`;
  }

  validateConstraint(table: TableRef, name: string): string {
    return `ALTER TABLE ${this.qn(table)} VALIDATE CONSTRAINT ${this.id(name)};`;
  }

  /** notNullCheck is `CHECK (column IS NOT NULL) NOT VALID`, the first step of an online SET NOT NULL. */
  addNotNullCheck(table: TableRef, name: string, column: string): string {
    return `ALTER TABLE ${this.qn(table)} ADD CONSTRAINT ${this.id(name)} CHECK (${this.id(column)} IS NOT NULL) NOT VALID;`;
  }

  /**
   * keyClause is what pg_get_constraintdef prints for a PRIMARY KEY or UNIQUE constraint over
   * plain columns with no options, or null for any other constraint. Only such a constraint can
   * adopt an index built beforehand (`ADD CONSTRAINT … USING INDEX`) and come out the same.
   */
  keyClause(c: ConstraintDef): string | null {
    if ((c.type !== 'primary key' && c.type !== 'unique') || c.columns.length === 0) return null;
    const head = c.type === 'primary key' ? 'PRIMARY KEY' : c.nullsNotDistinct ? 'UNIQUE NULLS NOT DISTINCT' : 'UNIQUE';
    const tail = c.deferrable ? (c.initiallyDeferred ? ' DEFERRABLE INITIALLY DEFERRED' : ' DEFERRABLE') : '';
    const clause = `${head} (${c.columns.map((col) => this.id(col)).join(', ')})${tail}`;
    return clause === c.definition ? clause : null;
  }

  /**
   * uniqueIndexFor builds, concurrently, the index a key constraint (see keyClause) will adopt,
   * under its name; `ifNotExists` makes it re-runnable, as a transaction:false section should be.
   */
  uniqueIndexFor(table: TableRef, c: Pick<ConstraintDef, 'name' | 'columns' | 'nullsNotDistinct'>, ifNotExists = false): string {
    const nulls = c.nullsNotDistinct ? ' NULLS NOT DISTINCT' : '';
    return `CREATE UNIQUE INDEX CONCURRENTLY ${ifNotExists ? 'IF NOT EXISTS ' : ''}${this.id(c.name)} ON ${this.qn(table)} USING btree (${c.columns.map((col) => this.id(col)).join(', ')})${nulls};`;
  }

  /** addConstraintUsingIndex adopts the index of the same name as the constraint `c`. */
  addConstraintUsingIndex(table: TableRef, c: Pick<ConstraintDef, 'name' | 'type' | 'deferrable' | 'initiallyDeferred'>): string {
    const head = c.type === 'primary key' ? 'PRIMARY KEY' : 'UNIQUE';
    const tail = c.deferrable ? (c.initiallyDeferred ? ' DEFERRABLE INITIALLY DEFERRED' : ' DEFERRABLE') : '';
    return `ALTER TABLE ${this.qn(table)} ADD CONSTRAINT ${this.id(c.name)} ${head} USING INDEX ${this.id(c.name)}${tail};`;
  }

  /** detachPartition takes `partition` out of `parent`; CONCURRENTLY (outside a transaction) without locking the parent. */
  detachPartition(parent: TableRef, partition: TableRef, concurrently = false): string {
    return `ALTER TABLE ${this.qn(parent)} DETACH PARTITION ${this.qn(partition)}${concurrently ? ' CONCURRENTLY' : ''};`;
  }

  validateDomainConstraint(domain: TableRef, name: string): string {
    return `ALTER DOMAIN ${this.qn(domain)} VALIDATE CONSTRAINT ${this.id(name)};`;
  }

  dropConstraint(table: TableRef, name: string): string {
    return `ALTER TABLE ${this.qn(table)} DROP CONSTRAINT ${this.id(name)};`;
  }

  /**
   * createIndex prints pg_get_indexdef's statement. On a partitioned table that statement reads
   * `ON ONLY parent`, which leaves the index invalid and the partitions without one; a plain `ON
   * parent` makes PostgreSQL create and attach the partitions' indexes as well.
   */
  createIndex(index: IndexDef, table: QualifiedName, concurrently = false): string {
    const only = ` ON ONLY ${this.qn(table)} `;
    const at = index.definition.indexOf(only);
    let definition = at === -1 ? index.definition : `${index.definition.slice(0, at)} ON ${this.qn(table)} ${index.definition.slice(at + only.length)}`;
    if (concurrently) {
      // pg_get_indexdef always starts with one of these two.
      const head = index.unique ? 'CREATE UNIQUE INDEX ' : 'CREATE INDEX ';
      if (definition.startsWith(head)) definition = `${head}CONCURRENTLY ${definition.slice(head.length)}`;
    }
    return `${definition};`;
  }

  /** createIndexOnly creates a partitioned table's own index, `ON ONLY` it: catalog only, invalid until every partition's index is attached. */
  createIndexOnly(index: IndexDef, table: QualifiedName): string {
    return `${this.indexHead(index, table, index.name, false, true)}${this.indexTail(index, table)};`;
  }

  /** createPartitionIndex builds, concurrently and under `name`, a partition's copy of its parent's `index`. */
  createPartitionIndex(index: IndexDef, parent: QualifiedName, partition: QualifiedName, name: string): string {
    return `${this.indexHead(index, partition, name, true, false)}${this.indexTail(index, parent)};`;
  }

  /** attachIndex makes a partition's index part of its parent's partitioned index. */
  attachIndex(parent: QualifiedName, child: QualifiedName): string {
    return `ALTER INDEX ${this.qn(parent)} ATTACH PARTITION ${this.qn(child)};`;
  }

  private indexHead(index: IndexDef, table: QualifiedName, name: string, concurrently: boolean, only: boolean): string {
    return `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${concurrently ? 'CONCURRENTLY ' : ''}${this.id(name)} ON ${only ? 'ONLY ' : ''}${this.qn(table)} `;
  }

  /** indexTail is what pg_get_indexdef prints after the table: `USING method (…) …`, the same for a parent and its partitions. */
  private indexTail(index: IndexDef, table: QualifiedName): string {
    const at = index.definition.indexOf(` ON ONLY ${this.qn(table)} `);
    const plainAt = index.definition.indexOf(` ON ${this.qn(table)} `);
    if (at !== -1) return index.definition.slice(at + ` ON ONLY ${this.qn(table)} `.length);
    if (plainAt !== -1) return index.definition.slice(plainAt + ` ON ${this.qn(table)} `.length);
    throw new Error(`internal: the definition of index ${index.name} does not name ${this.qn(table)}: ${index.definition}`);
  }

  /** dropIndex drops `schema.name`, or a bare `name` when `schema` is undefined. */
  dropIndex(schema: string | undefined, name: string, concurrently = false, ifExists = false): string {
    return `DROP INDEX ${concurrently ? 'CONCURRENTLY ' : ''}${ifExists ? 'IF EXISTS ' : ''}${this.qn({ schema, name })};`;
  }

  createTrigger(trigger: TriggerDef): string {
    return `${trigger.definition};`;
  }

  dropTrigger(table: QualifiedName, name: string): string {
    return `DROP TRIGGER ${this.id(name)} ON ${this.qn(table)};`;
  }

  rowSecurity(table: QualifiedName, enabled: boolean): string {
    return `ALTER TABLE ${this.qn(table)} ${enabled ? 'ENABLE' : 'DISABLE'} ROW LEVEL SECURITY;`;
  }

  forceRowSecurity(table: QualifiedName, forced: boolean): string {
    return `ALTER TABLE ${this.qn(table)} ${forced ? 'FORCE' : 'NO FORCE'} ROW LEVEL SECURITY;`;
  }

  createPolicy(table: QualifiedName, p: PolicyDef): string {
    const roles = p.roles.map((r) => (r === 'public' ? 'PUBLIC' : this.id(r))).join(', ');
    const clauses = [
      `CREATE POLICY ${this.id(p.name)} ON ${this.qn(table)}`,
      `AS ${p.permissive ? 'PERMISSIVE' : 'RESTRICTIVE'}`,
      `FOR ${p.command.toUpperCase()}`,
      `TO ${roles}`,
      p.using !== null ? `USING (${p.using})` : '',
      p.withCheck !== null ? `WITH CHECK (${p.withCheck})` : '',
    ];
    return `${clauses.filter(Boolean).join(' ')};`;
  }

  dropPolicy(table: QualifiedName, name: string): string {
    return `DROP POLICY ${this.id(name)} ON ${this.qn(table)};`;
  }

  createView(view: ViewDef): string {
    const options = view.options.filter((o) => !o.startsWith('check_option='));
    const check = view.options.find((o) => o.startsWith('check_option='))?.slice('check_option='.length);
    const kind = view.materialized ? 'MATERIALIZED VIEW' : 'VIEW';
    const withOptions = options.length ? ` WITH (${options.join(', ')})` : '';
    return `CREATE ${kind} ${this.qn(view)}${withOptions} AS\n${view.definition.trim().replace(/;$/, '')}${check ? `\n  WITH ${check.toUpperCase()} CHECK OPTION` : ''};`;
  }

  dropView(view: ViewDef): string {
    return `DROP ${view.materialized ? 'MATERIALIZED VIEW' : 'VIEW'} ${this.qn(view)};`;
  }

  /** comment renders COMMENT ON; `target` is e.g. `TABLE public.users` (already quoted). */
  comment(target: string, text: string | null): string {
    return `COMMENT ON ${target} IS ${text === null ? 'NULL' : quoteLiteral(text)};`;
  }

  /**
   * clampSequence moves a sequence's current value into [min, max] when it lies outside, so that
   * narrowing its bounds succeeds; a value inside is set to itself. `sequence` is a quoted name.
   */
  clampSequence(sequence: string, min: string, max: string): string {
    return `SELECT pg_catalog.setval(${quoteLiteral(sequence)}, LEAST(GREATEST(last_value, ${min}), ${max}), is_called AND last_value BETWEEN ${min} AND ${max}) FROM ${sequence};`;
  }

  /**
   * advanceSequencePast sets a new identity's sequence to the furthest value its column already
   * holds (the highest, or for a descending sequence the lowest), when that lies in the sequence's
   * range beyond START; on an empty table it does nothing.
   */
  advanceSequencePast(sequence: string, table: QualifiedName, column: string, identity: SequenceOptions): string {
    const descending = identity.increment.startsWith('-');
    const furthest = `${descending ? 'min' : 'max'}(${this.id(column)})`;
    const range = descending ? `${identity.min} AND ${identity.start}` : `${identity.start} AND ${identity.max}`;
    return `SELECT pg_catalog.setval(${quoteLiteral(sequence)}, ${furthest}) FROM ${this.qn(table)} HAVING ${furthest} BETWEEN ${range};`;
  }
}
