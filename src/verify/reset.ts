import type { Driver } from '../driver/driver.js';
import { quoteIdent } from '../sql/quote.js';
import { compareFingerprints, readFingerprint, type Fingerprint, type FingerprintOptions } from './fingerprint.js';

/** Everything a schema load can leave in a database, database-wide objects included. */
const LEFTOVERS_SQL = `
SELECT 'schema' AS kind, n.nspname AS name FROM pg_catalog.pg_namespace n
 WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND n.nspname !~ '^pg_(toast_)?temp_'
UNION ALL SELECT 'extension', e.extname FROM pg_catalog.pg_extension e WHERE e.extname <> 'plpgsql'
UNION ALL SELECT 'event trigger', t.evtname FROM pg_catalog.pg_event_trigger t
UNION ALL SELECT 'publication', p.pubname FROM pg_catalog.pg_publication p`;

const TABLE_BATCH = 100;

/** Ordinary, partitioned and foreign tables outside partitions (a partition goes with its parent), quoted. */
const TABLES_SQL = `
SELECT pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname) AS name
  FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind IN ('r', 'p', 'f') AND NOT c.relispartition
   AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND n.nspname !~ '^pg_(toast_)?temp_'
   AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')`;

/**
 * emptyShadow takes a shadow back to the empty state it was opened in, so that a second schema can
 * be loaded without opening a second PGlite (opening one costs far more than dropping a schema):
 * every schema, extension, event trigger and publication is dropped and `public` recreated as
 * PostgreSQL makes it. Whether that worked is judged, not assumed: the result must have the
 * fingerprint `empty` taken when the shadow was opened (and `prepare`d again). Returns false when it does not; the caller
 * then opens a fresh shadow.
 */
export async function emptyShadow(db: Driver, empty: Fingerprint, options: FingerprintOptions, prepare?: (db: Driver) => Promise<void>): Promise<boolean> {
  try {
    // Tables go first, a batch per transaction: one transaction dropping a thousand tables with
    // their indexes needs more locks than the shadow's lock table holds.
    const tables = (await db.query<{ name: string }>(TABLES_SQL)).rows.map((r) => r.name);
    for (let i = 0; i < tables.length; i += TABLE_BATCH) await db.runScript(`DROP TABLE IF EXISTS ${tables.slice(i, i + TABLE_BATCH).join(', ')} CASCADE;`);
    const leftovers = (await db.query<{ kind: string; name: string }>(LEFTOVERS_SQL)).rows;
    const drops = leftovers.map(({ kind, name }) => `DROP ${kind.toUpperCase()} IF EXISTS ${quoteIdent(name)} CASCADE;`);
    await db.runScript(
      [
        'BEGIN;',
        ...drops,
        // As PostgreSQL 15+ creates it; on older versions the fingerprint check below says no.
        'CREATE SCHEMA public AUTHORIZATION pg_database_owner;',
        'GRANT USAGE ON SCHEMA public TO PUBLIC;',
        "COMMENT ON SCHEMA public IS 'standard public schema';",
        'COMMIT;',
        'RESET ALL;',
      ].join('\n'),
    );
    // What the shadow was given before the first load (a preset's prelude) is given again.
    if (prepare) await prepare(db);
  } catch {
    await db.runScript('ROLLBACK').catch(() => {});
    return false;
  }
  return compareFingerprints(await readFingerprint(db, options), empty).length === 0;
}
