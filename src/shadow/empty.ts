import type { Driver } from '../driver/driver.js';
import { quoteIdent } from '../sql/quote.js';

/** Everything a schema load can leave in a database, database-wide objects included. */
const LEFTOVERS_SQL = `
SELECT 'schema' AS kind, n.nspname AS name FROM pg_catalog.pg_namespace n
 WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast', 'public') AND n.nspname !~ '^pg_(toast_)?temp_'
UNION ALL SELECT 'extension', e.extname FROM pg_catalog.pg_extension e WHERE e.extname <> 'plpgsql'
UNION ALL SELECT 'event trigger', t.evtname FROM pg_catalog.pg_event_trigger t
UNION ALL SELECT 'publication', p.pubname FROM pg_catalog.pg_publication p`;

const TABLE_BATCH = 100;

/**
 * What is left in `public` once tables, extensions and other schemas are gone, as the catalog
 * names it: pg_identify_object's type and identity read as DROP syntax for the kinds a schema
 * holds. `public` itself is kept, because a recreated one is not the same: initdb recorded its
 * initial privileges (pg_init_privs) against the original's OID, and introspection and pg_dump
 * read them.
 */
const PUBLIC_OBJECTS_SQL = `
SELECT upper(i.type) AS type, i.identity FROM pg_catalog.pg_depend d, pg_catalog.pg_identify_object(d.classid, d.objid, 0) i
 WHERE d.refclassid = 'pg_catalog.pg_namespace'::regclass AND d.refobjid = 'public'::regnamespace AND d.deptype = 'n'
   AND i.type IN ('view', 'materialized view', 'sequence', 'function', 'procedure', 'aggregate', 'type', 'domain', 'collation',
                  'conversion', 'operator', 'operator class', 'operator family', 'text search configuration', 'text search dictionary',
                  'text search parser', 'text search template', 'statistics object', 'foreign table')`;

/** Ordinary, partitioned and foreign tables outside partitions (a partition goes with its parent), quoted. */
const TABLES_SQL = `
SELECT pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname) AS name
  FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind IN ('r', 'p', 'f') AND NOT c.relispartition
   AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND n.nspname !~ '^pg_(toast_)?temp_'
   AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')`;

/**
 * emptyDatabase drops every schema but `public`, every object in `public`, every extension, event
 * trigger and publication of a database (recreating `public` as PostgreSQL 15+ makes it if it was dropped); with `keepRoles`, also every role not in that
 * list (after dropping what they own). It does not say whether that was enough: callers judge the
 * result against a record of the empty state (a fingerprint, or the shadow pool's census) and
 * throw the database away when it differs. Returns false when a drop failed.
 */
export async function emptyDatabase(db: Driver, keepRoles?: ReadonlySet<string>): Promise<boolean> {
  try {
    // Tables go first, a batch per transaction: one transaction dropping a thousand tables with
    // their indexes needs more locks than the shadow's lock table holds.
    const tables = (await db.query<{ name: string }>(TABLES_SQL)).rows.map((r) => r.name);
    for (let i = 0; i < tables.length; i += TABLE_BATCH) await db.runScript(`DROP TABLE IF EXISTS ${tables.slice(i, i + TABLE_BATCH).join(', ')} CASCADE;`);
    const leftovers = (await db.query<{ kind: string; name: string }>(LEFTOVERS_SQL)).rows;
    const drops = leftovers.map(({ kind, name }) => `DROP ${kind.toUpperCase()} IF EXISTS ${quoteIdent(name)} CASCADE;`);
    const hasPublic = (await db.query("SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = 'public'")).rows.length > 0;
    if (hasPublic) {
      // One at a time: a CASCADE may already have taken the next one, and what fails to drop is
      // caught by the caller's check of the result.
      for (const { type, identity } of (await db.query<{ type: string; identity: string }>(PUBLIC_OBJECTS_SQL)).rows) {
        await db.runScript(`DROP ${type} IF EXISTS ${identity} CASCADE;`).catch(() => {});
      }
    }
    const roles = keepRoles ? (await db.query<{ name: string }>('SELECT rolname::text AS name FROM pg_catalog.pg_roles')).rows.map((r) => r.name).filter((r) => !keepRoles.has(r)) : [];
    await db.runScript(
      [
        'BEGIN;',
        ...drops,
        // As PostgreSQL 15+ makes it; on older versions the caller's check says no.
        ...(hasPublic
          ? ['ALTER SCHEMA public OWNER TO pg_database_owner;']
          : ['CREATE SCHEMA public AUTHORIZATION pg_database_owner;', 'GRANT USAGE ON SCHEMA public TO PUBLIC;']),
        "COMMENT ON SCHEMA public IS 'standard public schema';",
        ...roles.flatMap((role) => [`DROP OWNED BY ${quoteIdent(role)} CASCADE;`, `DROP ROLE ${quoteIdent(role)};`]),
        'COMMIT;',
        'RESET ALL;',
      ].join('\n'),
    );
    return true;
  } catch {
    await db.runScript('ROLLBACK').catch(() => {});
    return false;
  }
}
