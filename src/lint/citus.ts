import type { ParsedStatement } from '../parser/parser.js';
import { identQuoterFor, type IdentQuoter } from '../sql/ident.js';
import { quoteLiteral } from '../sql/quote.js';
import { constraintsOf, DEFAULT_SCHEMA, keyOf, location, nodeAs, relationName, renderType, statementAs, strings, type QualifiedName } from './ast.js';
import { alterCommands } from './facts.js';
import { DEFAULT_DISTRIBUTION_COLUMN } from './profiles.js';
import type { TableState } from './schema/state.js';
import type { RuleContext } from './types.js';

/**
 * What the `citus` profile's rules share: which tables row-based Citus would distribute (those
 * with the distribution column), which a section touched, and how to print the SQL a finding
 * proposes. Citus itself cannot run here; the rules encode its documented requirements
 * (unique keys and foreign keys between distributed tables must include the distribution column;
 * tables without it are reference tables, which cannot reference distributed ones).
 */

/** distributionColumn is the column the project distributes by (config `lint.citus.distributionColumn`). */
export function distributionColumn(ctx: RuleContext): string {
  return ctx.options.distributionColumn ?? DEFAULT_DISTRIBUTION_COLUMN;
}

/**
 * citusCandidate tells whether the profile judges a table at all: a plain table whose columns
 * the replay knows, in scope. Partitions follow their parent, materialized views are not
 * distributed, and a table built with LIKE or AS has columns the replay cannot see.
 */
export function citusCandidate(table: TableState | undefined, ctx: RuleContext): table is TableState {
  return table !== undefined && !table.materialized && !table.partition && !table.opaque && ctx.inScope(table);
}

/** isDistributed: the table has the distribution column, so Citus shards it by that column. */
export function isDistributed(table: TableState, column: string): boolean {
  return table.columns.has(column);
}

/** primaryKeyOf lists a table's primary key columns (empty without one). */
export function primaryKeyOf(table: TableState): readonly string[] {
  return table.constraints.find((c) => c.kind === 'primary')?.columns ?? [];
}

/**
 * isTenantTable: the table's primary key is exactly the distribution column — the tenants table
 * itself, which Citus distributes by that key (co-located with the rest) or keeps as a reference table.
 */
export function isTenantTable(table: TableState, column: string): boolean {
  const key = primaryKeyOf(table);
  return key.length === 1 && key[0] === column;
}

/** Touch is where a section first touched a table, for anchoring findings about it. */
export interface Touch {
  readonly name: QualifiedName;
  readonly statement: ParsedStatement;
  readonly location: number | undefined;
}

/** touchedTables lists the tables a section creates, alters or indexes, each once, in order. */
export function touchedTables(statements: readonly ParsedStatement[]): Touch[] {
  const seen = new Map<string, Touch>();
  const add = (name: QualifiedName | undefined, statement: ParsedStatement, at: number | undefined) => {
    if (name && !seen.has(keyOf(name))) seen.set(keyOf(name), { name, statement, location: at });
  };
  for (const statement of statements) {
    const create = statementAs(statement, 'CreateStmt');
    if (create) add(relationName(create.relation), statement, location(create.relation));
    for (const { table, location: at } of alterCommands(statement)) add(table, statement, at);
    const index = statementAs(statement, 'IndexStmt');
    if (index) add(relationName(index.relation), statement, undefined);
  }
  return [...seen.values()];
}

/**
 * keyLocation finds where a section defines a key of `table` on exactly `columns` (a PRIMARY KEY
 * or UNIQUE constraint, a column's or the table's; or, for an index that backs no constraint, the
 * CREATE UNIQUE INDEX that named it), for anchoring.
 */
export function keyLocation(statements: readonly ParsedStatement[], table: QualifiedName, columns: readonly (string | null)[], index: { name: string | undefined; constraint: boolean }): { statement: ParsedStatement; location: number | undefined } | undefined {
  const same = (list: readonly string[]) => list.length === columns.length && list.every((c, i) => c === columns[i]);
  if (!index.constraint) {
    for (const statement of statements) {
      const stmt = statementAs(statement, 'IndexStmt');
      if (stmt?.unique && index.name !== undefined && stmt.idxname === index.name) return { statement, location: location(stmt.relation) };
    }
    return undefined;
  }
  for (const statement of statements) {
    const create = statementAs(statement, 'CreateStmt');
    const created = relationName(create?.relation);
    const elements = create && created && keyOf(created) === keyOf(table) ? [...(create.tableElts ?? [])] : [];
    for (const { table: altered, cmd } of alterCommands(statement)) if (keyOf(altered) === keyOf(table) && cmd.def) elements.push(cmd.def);
    for (const element of elements) {
      const def = nodeAs(element, 'ColumnDef');
      for (const c of constraintsOf(def ? def.constraints : [element])) {
        if (c.contype !== 'CONSTR_PRIMARY' && c.contype !== 'CONSTR_UNIQUE') continue;
        const keys = strings(c.keys);
        if (same(keys.length ? keys : def?.colname ? [def.colname] : [])) return { statement, location: location(c) };
      }
    }
  }
  return undefined;
}

/** columnList renders `(a, b)`, quoting names only where PostgreSQL needs it; an expression shows as `(…)`. */
export function columnList(quote: IdentQuoter, columns: readonly (string | null)[]): string {
  return `(${columns.map((c) => (c === null ? '(…)' : quote(c))).join(', ')})`;
}

/** tableSql renders a table name as SQL (schema only when not `public`). */
export function tableSql(quote: IdentQuoter, name: QualifiedName): string {
  return name.schema === DEFAULT_SCHEMA ? quote(name.name) : `${quote(name.schema)}.${quote(name.name)}`;
}

/** quoter is the minimal identifier quoter of a rule context. */
export function quoter(ctx: RuleContext): IdentQuoter {
  return identQuoterFor(ctx.keywords);
}

/** referenceTableSql is the call that makes a table a reference table: `SELECT create_reference_table('t')`. */
export function referenceTableSql(quote: IdentQuoter, name: QualifiedName): string {
  return `SELECT create_reference_table(${quoteLiteral(tableSql(quote, name))})`;
}

/** keyWord names a unique index for messages: the primary key, a unique constraint, or a unique index. */
export function keyWord(table: TableState, indexName: string | undefined): { readonly what: string; readonly constraint: boolean } {
  const constraint = table.constraints.find((c) => (c.kind === 'primary' || c.kind === 'unique') && c.name !== undefined && c.name === indexName);
  const what = constraint?.kind === 'primary' ? 'primary key' : constraint ? 'unique constraint' : 'unique index';
  return { what: what !== 'primary key' && indexName ? `${what} "${indexName}"` : what, constraint: constraint !== undefined };
}

/**
 * distributeChanges lists what distributing a table by `column` takes, each change spelled out:
 * the column (typed like the distributed tables it references), every unique key with the column
 * first, and every foreign key to a distributed table paired on it.
 */
export function distributeChanges(table: TableState, column: string, quote: IdentQuoter, ctx: RuleContext): string[] {
  const targets = table.constraints.flatMap((c) => {
    const target = c.kind === 'foreign' && c.references ? ctx.schema.table(c.references) : undefined;
    return target && keyOf(target) !== keyOf(table) && isDistributed(target, column) ? [{ fk: c, target }] : [];
  });
  const type = targets.map((t) => t.target.columns.get(column)?.type).find((t) => t !== undefined);
  const changes = [`add column ${quote(column)}${type ? ` ${renderType(type)}` : ''} NOT NULL`];
  for (const index of table.indexes) {
    if (!index.unique || index.columns.includes(column)) continue;
    changes.push(`make the ${keyWord(table, index.name).what} ${columnList(quote, [column, ...index.columns])}`);
  }
  for (const { fk, target } of targets) {
    const referenced = primaryKeyOf(target).filter((c) => c !== column);
    const to = referenced.length === fk.columns.length ? ` ${columnList(quote, [column, ...referenced])}` : '';
    const refused = fk.onDelete === 'set null' || fk.onDelete === 'set default' ? ` ON DELETE NO ACTION (Citus refuses ON DELETE ${fk.onDelete.toUpperCase()} on it)` : '';
    changes.push(`turn foreign key ${columnList(quote, fk.columns)} into FOREIGN KEY ${columnList(quote, [column, ...fk.columns])} REFERENCES ${tableSql(quote, target)}${to}${refused}`);
  }
  return changes;
}
