/**
 * The schema model: a plain, JSON-serializable description of a database's user schemas.
 * Introspection produces it; diff, docs, types and validate consume it. Nothing here does I/O.
 *
 * Conventions:
 * - Names are stored unquoted, exactly as in the catalog ("UserAccounts", "limit").
 * - SQL fragments (types, defaults, expressions, definitions) are PostgreSQL's own rendering
 *   (format_type, pg_get_expr, pg_get_*def) with every name schema-qualified, so they mean the
 *   same in any database whatever its search_path.
 * - Lists are sorted deterministically (see `normalizeModel`), so two models of equal schemas are
 *   equal as JSON.
 * - `comment` is null when there is none.
 */
import type { AggregateDef, EventTriggerDef, PublicationDef, RuleDef, StatisticsDef, TextSearchConfigurationDef, TextSearchDictionaryDef } from './types-extras.js';

export type * from './types-extras.js';

import type { CollationDef, CompositeDef, RangeDef } from './type-defs.js';

export type { CollationDef, CompositeAttributeDef, CompositeDef, RangeDef } from './type-defs.js';

/** QualifiedName identifies an object that lives in a schema. */
export interface QualifiedName {
  readonly schema: string;
  readonly name: string;
}

/** SchemaModel is the whole model. */
export interface SchemaModel {
  readonly schemas: readonly SchemaDef[];
  readonly extensions: readonly ExtensionDef[];
  readonly enums: readonly EnumDef[];
  readonly domains: readonly DomainDef[];
  readonly composites: readonly CompositeDef[];
  readonly ranges: readonly RangeDef[];
  readonly collations: readonly CollationDef[];
  readonly sequences: readonly SequenceDef[];
  readonly tables: readonly TableDef[];
  readonly views: readonly ViewDef[];
  readonly functions: readonly FunctionDef[];
  readonly aggregates: readonly AggregateDef[];
  readonly textSearchDictionaries: readonly TextSearchDictionaryDef[];
  readonly textSearchConfigurations: readonly TextSearchConfigurationDef[];
  /** Database-wide; those whose function lives in a selected schema. */
  readonly eventTriggers: readonly EventTriggerDef[];
  /** Database-wide; those whose tables and schemas are all selected, or FOR ALL TABLES. */
  readonly publications: readonly PublicationDef[];
  /**
   * What the catalog says objects need (pg_depend's normal dependencies between modelled objects),
   * as `[dependent, referenced]` identities in the planner's notation (`relation:public.users`,
   * `column:public.users.email`, `function:public.f(integer)`). Plans are ordered by them.
   */
  readonly dependencies: readonly (readonly [string, string])[];
  /** GRANT/REVOKE on modelled objects, where they differ from a fresh object's (see PrivilegeDef). */
  readonly privileges: readonly PrivilegeDef[];
  /** ALTER DEFAULT PRIVILEGES for the selected schemas, and database-wide unless schemas were named. */
  readonly defaultPrivileges: readonly DefaultPrivilegeDef[];
  /** Object owners: empty unless introspected with `owners: true` (owners differ between environments). */
  readonly owners: readonly OwnerDef[];
}

export interface SchemaDef {
  readonly name: string;
  readonly comment: string | null;
}

export interface ExtensionDef {
  readonly name: string;
  readonly schema: string;
  readonly version: string;
}

export interface EnumDef extends QualifiedName {
  /** Values in their sort order. */
  readonly values: readonly string[];
  readonly comment: string | null;
}

export interface DomainDef extends QualifiedName {
  /** Base type as format_type renders it, e.g. `numeric(12,2)`. */
  readonly type: string;
  readonly notNull: boolean;
  readonly default: string | null;
  readonly collation: string | null;
  /** Named CHECK constraints; `definition` as pg_get_constraintdef renders it (`CHECK (VALUE > 0)`). */
  readonly checks: readonly { readonly name: string; readonly definition: string; readonly validated: boolean; readonly comment: string | null }[];
  readonly comment: string | null;
}

export interface SequenceOptions {
  /** Data type: smallint, integer or bigint. */
  readonly type: string;
  readonly start: string;
  readonly increment: string;
  readonly min: string;
  readonly max: string;
  readonly cache: string;
  readonly cycle: boolean;
}

export interface SequenceDef extends QualifiedName, SequenceOptions {
  /** The column the sequence is OWNED BY (serial columns), if any. */
  readonly ownedBy: { readonly schema: string; readonly table: string; readonly column: string } | null;
  readonly comment: string | null;
}

export interface ColumnDef {
  readonly name: string;
  /** As format_type renders it: `character varying(40)`, `integer[]`, `public.mood`. */
  readonly type: string;
  /**
   * The user-defined type (enum, domain, composite, range) the column is of, or whose array it is,
   * as the catalog links them; null for built-in types. Plans order and rebuild by it.
   */
  readonly userType: QualifiedName | null;
  readonly notNull: boolean;
  /** Default expression (not for identity or generated columns). */
  readonly default: string | null;
  /** Identity column: kind and its sequence's options. */
  readonly identity: (SequenceOptions & { readonly kind: 'always' | 'by default'; readonly sequence: string }) | null;
  /** Generated column expression (`GENERATED ALWAYS AS (…) STORED`). */
  readonly generated: { readonly expression: string; readonly kind: 'stored' | 'virtual' } | null;
  /** Collation when it differs from the type's default, qualified (`pg_catalog."C"`). */
  readonly collation: string | null;
  /**
   * Where the column comes from in an inheritance tree (attislocal, attinhcount): declared by the
   * table itself, only inherited from a parent (CREATE TABLE … INHERITS does not repeat it), or
   * both. A partition's columns are always `inherited`.
   */
  readonly inheritance: 'local' | 'inherited' | 'both';
  /**
   * NOT NULL only because a parent's is, not declared by this table as well: PostgreSQL 18 keeps
   * track (its not-null constraints are inherited); before 18 this is always false.
   */
  readonly notNullInheritedOnly: boolean;
  /** SET STORAGE, when it differs from the type's default (with that default, which a reset returns to). */
  readonly storage: { readonly mode: StorageMode; readonly typeDefault: StorageMode } | null;
  /** SET COMPRESSION (PostgreSQL 14+), null for the server's default_toast_compression. */
  readonly compression: string | null;
  /** SET STATISTICS, null for the default target. */
  readonly statistics: number | null;
  readonly comment: string | null;
}

export type StorageMode = 'plain' | 'external' | 'extended' | 'main';

export type ConstraintType = 'primary key' | 'unique' | 'foreign key' | 'check' | 'exclude';

export interface ForeignKeyDef {
  readonly table: QualifiedName;
  readonly columns: readonly string[];
  readonly onUpdate: ReferentialAction;
  readonly onDelete: ReferentialAction;
  readonly match: 'simple' | 'full' | 'partial';
}

export type ReferentialAction = 'no action' | 'restrict' | 'cascade' | 'set null' | 'set default';

export interface ConstraintDef {
  readonly name: string;
  readonly type: ConstraintType;
  /** The constraint clause as pg_get_constraintdef renders it (what follows ADD CONSTRAINT name). */
  readonly definition: string;
  /** Key columns (PK, UNIQUE, FK, EXCLUDE); empty for CHECK. */
  readonly columns: readonly string[];
  readonly foreignKey: ForeignKeyDef | null;
  /** CHECK expression, for CHECK constraints. */
  readonly check: string | null;
  readonly nullsNotDistinct: boolean;
  readonly deferrable: boolean;
  readonly initiallyDeferred: boolean;
  /** False for NOT VALID constraints. */
  readonly validated: boolean;
  readonly comment: string | null;
}

export interface IndexElementDef {
  /** Column name, or null for an expression element. */
  readonly column: string | null;
  readonly expression: string | null;
  /**
   * The index column's name PostgreSQL gave an expression element (`lower` for `lower(email)`,
   * `expr` when it found none); the indexes it builds for partitions are named after it.
   */
  readonly expressionName: string | null;
  readonly opclass: string | null;
  readonly collation: string | null;
  readonly descending: boolean;
  readonly nullsFirst: boolean;
}

export interface IndexDef {
  readonly name: string;
  readonly unique: boolean;
  readonly method: string;
  readonly elements: readonly IndexElementDef[];
  readonly include: readonly string[];
  readonly predicate: string | null;
  readonly nullsNotDistinct: boolean;
  /** The CREATE INDEX statement as pg_get_indexdef renders it. */
  readonly definition: string;
  readonly comment: string | null;
}

export type TriggerEvent = 'insert' | 'update' | 'delete' | 'truncate';

export interface TriggerDef {
  readonly name: string;
  readonly timing: 'before' | 'after' | 'instead of';
  readonly events: readonly TriggerEvent[];
  /** UPDATE OF these columns. */
  readonly columns: readonly string[];
  readonly level: 'row' | 'statement';
  readonly when: string | null;
  readonly function: QualifiedName;
  readonly constraint: boolean;
  /** The CREATE TRIGGER statement as pg_get_triggerdef renders it. */
  readonly definition: string;
  /** When it fires (pg_trigger.tgenabled): `origin` is the default, ENABLE TRIGGER. */
  readonly enabled: 'origin' | 'disabled' | 'replica' | 'always';
  readonly comment: string | null;
}

export type PolicyCommand = 'all' | 'select' | 'insert' | 'update' | 'delete';

export interface PolicyDef {
  readonly name: string;
  readonly command: PolicyCommand;
  readonly permissive: boolean;
  /** Role names; `public` for PUBLIC. */
  readonly roles: readonly string[];
  readonly using: string | null;
  readonly withCheck: string | null;
  readonly comment: string | null;
}

export interface PartitioningDef {
  readonly strategy: 'range' | 'list' | 'hash';
  /** The partition key as pg_get_partkeydef renders it, e.g. `RANGE (created_at)`. */
  readonly key: string;
}

export interface TableDef extends QualifiedName {
  readonly columns: readonly ColumnDef[];
  readonly constraints: readonly ConstraintDef[];
  /** Indexes that do not back a constraint. */
  readonly indexes: readonly IndexDef[];
  readonly triggers: readonly TriggerDef[];
  readonly policies: readonly PolicyDef[];
  /** Rules (CREATE RULE); absent in models built before rules were modelled. */
  readonly rules?: readonly RuleDef[];
  /** Extended statistics (CREATE STATISTICS) on the table. */
  readonly statistics?: readonly StatisticsDef[];
  readonly rowSecurity: boolean;
  readonly forceRowSecurity: boolean;
  readonly partitioning: PartitioningDef | null;
  /** For a partition: its parent and bound (`FOR VALUES …` or `DEFAULT`). */
  readonly partitionOf: { readonly table: QualifiedName; readonly bound: string } | null;
  /** INHERITS: the parents of a table that is not a partition, in pg_inherits.inhseqno order. */
  readonly inherits: readonly QualifiedName[];
  /**
   * Storage parameters (reloptions) such as `fillfactor=70`, then the toast table's, prefixed
   * `toast.`; in the catalog's order, which pg_dump prints.
   */
  readonly options: readonly string[];
  /** REPLICA IDENTITY: `default` (the primary key), `full`, `nothing` or a unique index by name. */
  readonly replicaIdentity: 'default' | 'full' | 'nothing' | { readonly index: string };
  readonly unlogged: boolean;
  readonly comment: string | null;
}

export interface ViewDef extends QualifiedName {
  readonly materialized: boolean;
  /** The SELECT as pg_get_viewdef renders it. */
  readonly definition: string;
  /** reloptions such as `security_barrier=true`, `check_option=local`. */
  readonly options: readonly string[];
  readonly columns: readonly { readonly name: string; readonly type: string; readonly comment: string | null }[];
  /** Indexes (materialized views only). */
  readonly indexes: readonly IndexDef[];
  /** Rules other than the view's own `_RETURN` (INSTEAD rules that make a view writable). */
  readonly rules?: readonly RuleDef[];
  /** Extended statistics (materialized views only). */
  readonly statistics?: readonly StatisticsDef[];
  /** Tables, views and materialized views this one reads: writers order views by it, and the diff
   *  rebuilds a view when something it reads changes under it. */
  readonly dependsOn: readonly QualifiedName[];
  readonly comment: string | null;
}

export interface FunctionDef extends QualifiedName {
  readonly kind: 'function' | 'procedure';
  /** Argument types that identify the overload, as pg_get_function_identity_arguments renders them. */
  readonly identityArguments: string;
  /** The complete CREATE OR REPLACE statement as pg_get_functiondef renders it. */
  readonly definition: string;
  readonly comment: string | null;
}

/**
 * GrantTarget names an object that carries an ACL or an owner. A column names its relation and
 * the relation's kind; an identity column's sequence names the column it belongs to.
 */
export type GrantTarget =
  | { readonly object: 'schema'; readonly name: string }
  | { readonly object: 'table' | 'view' | 'materialized view' | 'enum' | 'domain' | 'composite' | 'range'; readonly schema: string; readonly name: string }
  | { readonly object: 'sequence'; readonly schema: string; readonly name: string; readonly identity: { readonly table: string; readonly column: string } | null }
  | { readonly object: 'column'; readonly schema: string; readonly name: string; readonly relation: 'table' | 'view' | 'materialized view'; readonly column: string }
  | { readonly object: 'function' | 'procedure' | 'aggregate'; readonly schema: string; readonly name: string; readonly identityArguments: string };

/** PrivilegeGrant is one privilege (`SELECT`, `EXECUTE`…) a grantee holds, and whether it may grant it on. */
export interface PrivilegeGrant {
  readonly privilege: string;
  readonly grantable: boolean;
}

/**
 * PrivilegeDef is what one grantee holds on one object where that differs from a fresh object's
 * ACL (acldefault, or pg_init_privs for the `public` schema): an object nobody granted or revoked
 * anything on has none. Grantors are not modelled.
 */
export interface PrivilegeDef {
  readonly on: GrantTarget;
  /** Role name; `public` (a reserved role name) for PUBLIC. */
  readonly grantee: string;
  /** What the grantee holds, sorted by privilege. */
  readonly privileges: readonly PrivilegeGrant[];
  /** What the grantee holds on a fresh object: PUBLIC's EXECUTE on a function, USAGE on a type. */
  readonly defaults: readonly string[];
}

/** DefaultPrivilegeDef is one grantee's `ALTER DEFAULT PRIVILEGES` entry (pg_default_acl), relative to the built-in default. */
export interface DefaultPrivilegeDef {
  /** The role whose new objects get these privileges (FOR ROLE). */
  readonly role: string;
  /** IN SCHEMA, or null for the database-wide entry. */
  readonly schema: string | null;
  readonly objects: 'tables' | 'sequences' | 'functions' | 'types' | 'schemas';
  readonly grantee: string;
  readonly privileges: readonly PrivilegeGrant[];
  readonly defaults: readonly string[];
}

/** OwnerDef is an object's owner; modelled only with config `owners: true`. */
export interface OwnerDef {
  readonly on: GrantTarget;
  readonly owner: string;
}
