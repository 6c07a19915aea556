/**
 * Model types of the less common object kinds: aggregates, text search dictionaries and
 * configurations, event triggers, rules, extended statistics and publications. Same conventions
 * as src/model/types.ts: plain JSON, names unquoted, SQL fragments as PostgreSQL deparses them.
 */
import type { QualifiedName } from './types.js';

export interface AggregateDef extends QualifiedName {
  /** Argument types that identify the aggregate, as pg_get_function_identity_arguments renders them (`double precision ORDER BY anyelement` for an ordered-set aggregate). */
  readonly identityArguments: string;
  /** Arguments as pg_get_function_arguments renders them (names included). */
  readonly arguments: string;
  /** What goes between the parentheses of CREATE AGGREGATE (`SFUNC = …, STYPE = …`), deparsed from pg_aggregate as pg_dump does. */
  readonly options: string;
  readonly comment: string | null;
}

export interface TextSearchDictionaryDef extends QualifiedName {
  readonly template: QualifiedName;
  /** pg_ts_dict.dictinitoption as the server serialized it (`stopwords = 'english'`), or null. */
  readonly options: string | null;
  readonly comment: string | null;
}

/** TextSearchMapping says which dictionaries, in order, a token type is looked up in. */
export interface TextSearchMapping {
  /** The token type's alias (`asciiword`), as the parser names it. */
  readonly token: string;
  readonly dictionaries: readonly QualifiedName[];
}

export interface TextSearchConfigurationDef extends QualifiedName {
  readonly parser: QualifiedName;
  /** Sorted by token type number, as pg_dump lists them. */
  readonly mappings: readonly TextSearchMapping[];
  readonly comment: string | null;
}

/** Whether a trigger or rule fires: always, never, only in origin (the default) or replica sessions. */
export type FiringMode = 'origin' | 'replica' | 'always' | 'disabled';

export interface EventTriggerDef {
  readonly name: string;
  /** `ddl_command_start`, `ddl_command_end`, `sql_drop`, `table_rewrite`, `login`. */
  readonly event: string;
  /** WHEN TAG IN (…), empty for every command. */
  readonly tags: readonly string[];
  readonly function: QualifiedName;
  readonly enabled: FiringMode;
  readonly comment: string | null;
}

export interface RuleDef {
  readonly name: string;
  /** The CREATE RULE statement as pg_get_ruledef renders it, semicolon included. */
  readonly definition: string;
  readonly enabled: FiringMode;
  readonly comment: string | null;
}

/** StatisticsDef is an extended statistics object (`CREATE STATISTICS`) on a table. */
export interface StatisticsDef extends QualifiedName {
  /** Plain columns it covers (expressions are only in the definition). */
  readonly columns: readonly string[];
  /** The CREATE STATISTICS statement as pg_get_statisticsobjdef renders it. */
  readonly definition: string;
  /** `ALTER STATISTICS … SET STATISTICS n`, or null for the default. */
  readonly target: number | null;
  readonly comment: string | null;
}

export interface PublicationTableDef extends QualifiedName {
  /** Column list (PostgreSQL 15+), or null for every column. */
  readonly columns: readonly string[] | null;
  /** Row filter as pg_get_expr renders it (PostgreSQL 15+), or null. */
  readonly where: string | null;
}

export interface PublicationDef {
  readonly name: string;
  readonly allTables: boolean;
  /** Published operations, in PostgreSQL's order: insert, update, delete, truncate. */
  readonly publish: readonly string[];
  readonly viaRoot: boolean;
  /** publish_generated_columns (PostgreSQL 18+): `none` or `stored`. */
  readonly generatedColumns: 'none' | 'stored';
  readonly tables: readonly PublicationTableDef[];
  /** FOR TABLES IN SCHEMA (PostgreSQL 15+). */
  readonly schemas: readonly string[];
  readonly comment: string | null;
}
