import type { Driver } from '../driver/driver.js';
import type { ResolvedConfig } from '../config/load.js';
import { registeredTenantSchemas, schemaFilter, tableFilter } from '../catalog/scope.js';
import { acquireMigrationLock } from '../migrations/lock.js';
import { quoteIdent, quoteQualified } from '../sql/quote.js';

/**
 * Emptying a database for `tidemark reset`: everything the declarative scope owns goes (one rule
 * with every other command, see src/catalog/scope.ts), nothing else does. A schema in scope is
 * dropped whole — unless it is `public` (which PostgreSQL creates with its own owner and grants,
 * and which must stay) or it holds a table out of scope (another tool's history, config
 * `excludeTables`): those are emptied object by object around what they keep. Tenant schemas,
 * other tools' schemas and the tenant registry stay; Tidemark's migration history is dropped, so
 * `migrate` starts from the first file.
 */

/** ResetDrops says what {@link emptyScope} dropped. */
export interface ResetDrops {
  /** Schemas dropped whole. */
  readonly schemas: readonly string[];
  /** Objects dropped one by one from schemas that stay (`table public.users`, `function public.f(integer)`, …). */
  readonly objects: readonly string[];
  /** Tables in scope's schemas that were kept because they are out of scope. */
  readonly kept: readonly string[];
}

type Rows = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

const rowsOf = (db: Driver): Rows => async (sql, params) => (await db.query(sql, params)).rows;

// Objects that belong to an extension go with the extension, never on their own.
const NOT_EXTENSION_MEMBER = (catalog: string, oid: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = '${catalog}'::regclass AND d.objid = ${oid} AND d.deptype = 'e')`;

const RELATIONS_SQL = `
SELECT c.relname AS name, c.relkind::text AS kind
FROM pg_catalog.pg_class c
WHERE c.relnamespace = $1::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
  AND NOT c.relispartition AND ${NOT_EXTENSION_MEMBER('pg_class', 'c.oid')}
  -- a sequence owned by a column goes with its table (kept or not)
  AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i')))
ORDER BY c.relname`;

const ROUTINES_SQL = `
SELECT p.proname AS name, pg_catalog.pg_get_function_identity_arguments(p.oid) AS args, p.prokind::text AS kind
FROM pg_catalog.pg_proc p
WHERE p.pronamespace = $1::regnamespace AND ${NOT_EXTENSION_MEMBER('pg_proc', 'p.oid')}
ORDER BY p.proname, 2`;

const TYPES_SQL = `
SELECT t.typname AS name
FROM pg_catalog.pg_type t
WHERE t.typnamespace = $1::regnamespace AND t.typtype IN ('e', 'd', 'r', 'c')
  AND (t.typrelid = 0 OR (SELECT c.relkind FROM pg_catalog.pg_class c WHERE c.oid = t.typrelid) = 'c')
  AND ${NOT_EXTENSION_MEMBER('pg_type', 't.oid')}
ORDER BY t.typname`;

const RELATION_KINDS: Record<string, string> = { r: 'TABLE', p: 'TABLE', v: 'VIEW', m: 'MATERIALIZED VIEW', f: 'FOREIGN TABLE', S: 'SEQUENCE' };
const ROUTINE_KINDS: Record<string, string> = { f: 'FUNCTION', w: 'FUNCTION', p: 'PROCEDURE', a: 'AGGREGATE' };

/** dropStatements lists what empties one schema that stays, leaving the tables `keep` says to keep. */
async function emptySchemaStatements(rows: Rows, schema: string, keep: (schema: string, name: string) => boolean, dropped: string[], kept: string[]): Promise<string[]> {
  const statements: string[] = [];
  for (const r of await rows(`SELECT e.extname AS name FROM pg_catalog.pg_extension e WHERE e.extnamespace = $1::regnamespace ORDER BY 1`, [schema])) {
    statements.push(`DROP EXTENSION IF EXISTS ${quoteIdent(String(r['name']))} CASCADE;`);
    dropped.push(`extension ${String(r['name'])}`);
  }
  for (const r of await rows(RELATIONS_SQL, [schema])) {
    const [name, kind] = [String(r['name']), String(r['kind'])];
    if ((kind === 'r' || kind === 'p') && keep(schema, name)) {
      kept.push(`${schema}.${name}`);
      continue;
    }
    // IF EXISTS: an earlier CASCADE (a table's view) may have taken it already.
    statements.push(`DROP ${RELATION_KINDS[kind]} IF EXISTS ${quoteQualified(schema, name)} CASCADE;`);
    dropped.push(`${RELATION_KINDS[kind]!.toLowerCase()} ${schema}.${name}`);
  }
  for (const r of await rows(ROUTINES_SQL, [schema])) {
    const [name, args, kind] = [String(r['name']), String(r['args']), String(r['kind'])];
    // The argument list is PostgreSQL's own rendering of the signature, quoted by the server.
    statements.push(`DROP ${ROUTINE_KINDS[kind] ?? 'FUNCTION'} IF EXISTS ${quoteQualified(schema, name)}(${args}) CASCADE;`);
    dropped.push(`${(ROUTINE_KINDS[kind] ?? 'FUNCTION').toLowerCase()} ${schema}.${name}(${args})`);
  }
  for (const r of await rows(TYPES_SQL, [schema])) {
    statements.push(`DROP TYPE IF EXISTS ${quoteQualified(schema, String(r['name']))} CASCADE;`);
    dropped.push(`type ${schema}.${String(r['name'])}`);
  }
  return statements;
}

/**
 * emptyScope drops what the project's scope owns and Tidemark's migration history, in one
 * transaction under the migration lock: it all goes, or nothing does.
 */
export async function emptyScope(db: Driver, project: ResolvedConfig): Promise<ResetDrops> {
  const { config } = project;
  const lock = await acquireMigrationLock(db, config.controlSchema, config.lockWait);
  try {
    const rows = rowsOf(db);
    const inScope = schemaFilter({
      include: config.schemas,
      excludeSchemas: config.excludeSchemas,
      controlSchema: config.controlSchema,
      tenantSchemas: await registeredTenantSchemas(rows, config.controlSchema),
    });
    const outOfScope = tableFilter(config.excludeTables);
    const schemas = (
      await rows(`SELECT n.nspname AS name FROM pg_catalog.pg_namespace n
        WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema' AND ${NOT_EXTENSION_MEMBER('pg_namespace', 'n.oid')} ORDER BY 1`)
    )
      .map((r) => String(r['name']))
      .filter(inScope);
    const tables = await rows(`SELECT n.nspname AS schema, c.relname AS name FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p')`);
    const holdsKept = new Set(tables.filter((t) => outOfScope(String(t['schema']), String(t['name']))).map((t) => String(t['schema'])));

    const statements: string[] = [];
    const droppedSchemas: string[] = [];
    const objects: string[] = [];
    const kept: string[] = [];
    for (const schema of schemas) {
      if (schema !== 'public' && !holdsKept.has(schema)) {
        statements.push(`DROP SCHEMA ${quoteIdent(schema)} CASCADE;`);
        droppedSchemas.push(schema);
      } else statements.push(...(await emptySchemaStatements(rows, schema, outOfScope, objects, kept)));
    }
    const control = config.controlSchema;
    statements.push(`DROP TABLE IF EXISTS ${quoteQualified(control, 'migrations')}, ${quoteQualified(control, 'migration_log')};`);
    await db.runScript(`BEGIN;\n${statements.join('\n')}\nCOMMIT;`).catch(async (error: unknown) => {
      await db.runScript('ROLLBACK').catch(() => {});
      throw error;
    });
    return { schemas: droppedSchemas, objects, kept };
  } finally {
    await lock.release().catch(() => {});
  }
}
