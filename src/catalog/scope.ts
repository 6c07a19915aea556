import picomatch from 'picomatch';
import type { GrantTarget, SchemaModel, TableDef } from '../model/types.js';
import { quoteIdent } from '../sql/quote.js';

/**
 * What belongs to the user's schema, one rule for every command that reads one (inspect, diff,
 * generate, drift, push, docs, types, validate): the schemas asked for, minus those excluded, minus
 * what is never the user's to diff — Tidemark's control schema, the schemas of registered tenants
 * (the fleet is `tidemark tenants`' business) and the history tables other migration tools keep.
 */
export interface ScopeOptions {
  /** Only these schemas (names or globs, config `schemas`); empty means every user schema. */
  readonly include?: readonly string[];
  /** Never these schemas (globs, config `excludeSchemas`). */
  readonly excludeSchemas?: readonly string[];
  /** Never these tables (globs over `schema.table`, or over `table` in any schema; config `excludeTables`). */
  readonly excludeTables?: readonly string[];
}

/** The table in the control schema where `tidemark tenants` registers each tenant and its schema. */
export const TENANT_REGISTRY = 'tenants';

/** A migration tool's own bookkeeping: a whole schema, or a table in any schema. */
export interface ToolHistory {
  readonly tool: string;
  readonly schema?: string;
  readonly table?: string;
}

/**
 * TOOL_HISTORY is the bookkeeping of the migration tools users move from or run beside Tidemark,
 * by their default names. None of it is the user's schema, so none of it is diffed, documented
 * or typed (README: "What is never your schema").
 */
export const TOOL_HISTORY: readonly ToolHistory[] = [
  { tool: 'Drizzle Kit', schema: 'drizzle' },
  { tool: 'Drizzle Kit', table: '__drizzle_migrations' },
  { tool: 'Prisma Migrate', table: '_prisma_migrations' },
  { tool: 'Supabase CLI', schema: 'supabase_migrations' },
  { tool: 'Flyway', table: 'flyway_schema_history' },
  { tool: 'Alembic', table: 'alembic_version' },
  { tool: 'dbmate, golang-migrate', table: 'schema_migrations' },
  { tool: 'node-pg-migrate', table: 'pgmigrations' },
  { tool: 'Knex', table: 'knex_migrations' },
  { tool: 'Knex', table: 'knex_migrations_lock' },
  { tool: 'Diesel', table: '__diesel_schema_migrations' },
  { tool: 'graphile-migrate', schema: 'graphile_migrate' },
];

const TOOL_SCHEMAS = new Set(TOOL_HISTORY.flatMap((t) => (t.schema ? [t.schema] : [])));
const TOOL_TABLES = new Set(TOOL_HISTORY.flatMap((t) => (t.table ? [t.table] : [])));

const matcher = (globs: readonly string[] | undefined): ((name: string) => boolean) =>
  globs?.length ? picomatch([...globs], { dot: true }) : () => false;

/**
 * schemaFilter says which of the database's schemas are in scope. A schema named in `include`
 * is in scope even when it would be left out by default (a tenant's own schema, read by the fleet).
 */
export function schemaFilter(options: ScopeOptions & { controlSchema: string; tenantSchemas: ReadonlySet<string> }): (name: string) => boolean {
  const included = options.include?.length ? picomatch([...options.include], { dot: true }) : undefined;
  const explicit = new Set(options.include ?? []);
  const excluded = matcher(options.excludeSchemas);
  return (name) => {
    if (name === options.controlSchema) return false;
    if (explicit.has(name)) return true;
    if (included && !included(name)) return false;
    if (excluded(name)) return false;
    return !TOOL_SCHEMAS.has(name) && !options.tenantSchemas.has(name);
  };
}

/** tableFilter says which tables are out of scope: excluded by config (`excludeTables`) or another tool's history. */
export function tableFilter(excludeTables: readonly string[] | undefined): (schema: string, name: string) => boolean {
  const excluded = matcher(excludeTables);
  return (schema, name) => TOOL_TABLES.has(name) || excluded(`${schema}.${name}`) || excluded(name);
}

/** excludedTables lists the tables of a model that are out of scope (see {@link tableFilter}). */
export function excludedTables(model: SchemaModel, excludeTables: readonly string[] | undefined): TableDef[] {
  const outOfScope = tableFilter(excludeTables);
  return model.tables.filter((t) => outOfScope(t.schema, t.name));
}

/** The schemas of the tenants registered in the control schema's registry (none before `tenants` is first used). */
export async function registeredTenantSchemas(rows: (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>, control: string): Promise<Set<string>> {
  const registry = `${quoteIdent(control)}.${quoteIdent(TENANT_REGISTRY)}`;
  const [present] = await rows('SELECT pg_catalog.to_regclass($1) IS NOT NULL AS present', [registry]);
  if (present?.['present'] !== true) return new Set();
  return new Set((await rows(`SELECT schema_name FROM ${registry}`)).map((r) => String(r['schema_name'])));
}

const key = (schema: string, name: string) => `${schema}\u0000${name}`;
const RELATION_TARGETS = new Set<GrantTarget['object']>(['table', 'view', 'materialized view', 'sequence', 'column']);

/**
 * withoutTables removes tables from a model with what exists only for them: the sequences they
 * own, and the privileges and owners recorded on them. Returns the model and the relation names
 * (tables, their indexes and sequences) gone with them, for the audit to leave out too.
 */
export function withoutTables(model: SchemaModel, tables: readonly TableDef[]): { model: SchemaModel; relations: ReadonlySet<string> } {
  if (tables.length === 0) return { model, relations: new Set() };
  const gone = new Set(tables.map((t) => key(t.schema, t.name)));
  const sequences = model.sequences.filter((s) => s.ownedBy && gone.has(key(s.ownedBy.schema, s.ownedBy.table)));
  // An identity column's sequence is known by name only where something is granted on it.
  const identitySequences = model.privileges.flatMap(({ on }) => (on.object === 'sequence' && on.identity && gone.has(key(on.schema, on.identity.table)) ? [key(on.schema, on.name)] : []));
  const relations = new Set([
    ...gone,
    ...sequences.map((s) => key(s.schema, s.name)),
    ...identitySequences,
    ...tables.flatMap((t) => t.indexes.map((i) => key(t.schema, i.name))),
  ]);
  const onGone = (on: GrantTarget) => RELATION_TARGETS.has(on.object) && 'schema' in on && relations.has(key(on.schema, on.name));
  return {
    model: {
      ...model,
      tables: model.tables.filter((t) => !gone.has(key(t.schema, t.name))),
      sequences: model.sequences.filter((s) => !relations.has(key(s.schema, s.name))),
      privileges: model.privileges.filter((p) => !onGone(p.on)),
      owners: model.owners.filter((o) => !onGone(o.on)),
    },
    relations,
  };
}

/** auditPathOutOfScope says whether an audit row (see audit-queries.ts) is about a relation left out of scope. */
export function auditPathOutOfScope(type: string, path: readonly string[], relations: ReadonlySet<string>): boolean {
  if (relations.size === 0) return false;
  const [a = '', b = '', c = ''] = path;
  return relations.has(key(a, b)) || (type === 'privileges' && relations.has(key(b, c)));
}
