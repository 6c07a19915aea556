import type { Driver } from '../driver/driver.js';
import { emptyDatabase } from './empty.js';

/**
 * Opening an embedded shadow is the dearest step of most commands (PGlite loads and starts
 * PostgreSQL: over a second of CPU), and a command often needs several in turn — the migrations
 * replayed, the schema files loaded, the plan proven. So a process keeps the shadows it is done
 * with: each is emptied and must then match, catalog by catalog, the census of a shadow that was
 * never used; one that does not is closed, never reused. A reused shadow is therefore as empty as
 * a new one by every count PostgreSQL keeps, not by Tidemark's model of it.
 */

/** Every catalog a schema, a role or a setting can leave a row in (PostgreSQL 17+, which PGlite is). */
const CATALOGS = [
  'pg_aggregate', 'pg_am', 'pg_amop', 'pg_amproc', 'pg_attrdef', 'pg_attribute', 'pg_auth_members', 'pg_authid', 'pg_cast',
  'pg_class', 'pg_collation', 'pg_constraint', 'pg_conversion', 'pg_database', 'pg_db_role_setting', 'pg_default_acl',
  'pg_depend', 'pg_description', 'pg_enum', 'pg_event_trigger', 'pg_extension', 'pg_foreign_data_wrapper',
  'pg_foreign_server', 'pg_foreign_table', 'pg_index', 'pg_inherits', 'pg_init_privs', 'pg_language',
  'pg_largeobject_metadata', 'pg_opclass', 'pg_operator', 'pg_opfamily', 'pg_parameter_acl', 'pg_partitioned_table',
  'pg_policy', 'pg_proc', 'pg_publication', 'pg_publication_namespace', 'pg_publication_rel', 'pg_range',
  'pg_replication_origin', 'pg_rewrite', 'pg_seclabel', 'pg_sequence', 'pg_shdepend', 'pg_shdescription',
  'pg_shseclabel', 'pg_statistic_ext', 'pg_subscription', 'pg_tablespace', 'pg_transform', 'pg_trigger',
  'pg_ts_config', 'pg_ts_config_map', 'pg_ts_dict', 'pg_ts_parser', 'pg_ts_template', 'pg_type', 'pg_user_mapping',
];

/**
 * CENSUS_SQL counts each catalog's rows (a session's temporary schemas aside) and digests what can
 * change in place on a built-in object: privileges and per-object settings.
 */
const CENSUS_SQL = `SELECT ${[
  ...CATALOGS.map((c) => `(SELECT count(*) FROM pg_catalog.${c})::text`),
  "(SELECT count(*) FROM pg_catalog.pg_namespace WHERE nspname !~ '^pg_(toast_)?temp_')::text",
  "(SELECT md5(string_agg(oid::text || proacl::text || coalesce(proconfig::text, ''), ',' ORDER BY oid)) FROM pg_catalog.pg_proc WHERE proacl IS NOT NULL OR proconfig IS NOT NULL)",
  "(SELECT md5(string_agg(oid::text || coalesce(relacl::text, '') || coalesce(reloptions::text, ''), ',' ORDER BY oid)) FROM pg_catalog.pg_class WHERE relacl IS NOT NULL OR reloptions IS NOT NULL)",
  "(SELECT md5(string_agg(attrelid::text || attname || attacl::text, ',' ORDER BY attrelid, attnum)) FROM pg_catalog.pg_attribute WHERE attacl IS NOT NULL)",
  "(SELECT md5(string_agg(nspname || coalesce(nspacl::text, ''), ',' ORDER BY nspname)) FROM pg_catalog.pg_namespace WHERE nspname !~ '^pg_(toast_)?temp_')",
  // Initial privileges count only while their object is still the one initdb made (same OID).
  "(SELECT md5(string_agg(coalesce(pg_catalog.pg_describe_object(classoid, objoid, objsubid), '?') || privtype::text || initprivs::text, ',' ORDER BY classoid, objoid, objsubid)) FROM pg_catalog.pg_init_privs)",
  "(SELECT md5(string_agg(oid::text || typacl::text, ',' ORDER BY oid)) FROM pg_catalog.pg_type WHERE typacl IS NOT NULL)",
  "(SELECT md5(string_agg(oid::text || coalesce(lanacl::text, ''), ',' ORDER BY oid)) FROM pg_catalog.pg_language)",
  "(SELECT md5(string_agg(datname || coalesce(datacl::text, '') || datallowconn::text || datconnlimit::text, ',' ORDER BY datname)) FROM pg_catalog.pg_database)",
  "(SELECT md5(string_agg(rolname || rolsuper::text || rolinherit::text || rolcreaterole::text || rolcreatedb::text || rolcanlogin::text || rolbypassrls::text, ',' ORDER BY rolname)) FROM pg_catalog.pg_authid)",
]
  // A NULL (an aggregate over no rows) would make the whole text NULL, so each part says '-' instead.
  .map((part) => `coalesce(${part}, '-')`)
  .join(' || \',\' || ')} AS census`;

/** How many emptied shadows a process keeps (each holds a few hundred MB). */
const MAX_IDLE = 2;

/**
 * A shadow holding more tables than this is closed, not emptied: dropping tables one by one in
 * PGlite costs a few milliseconds each, opening a fresh shadow about half a second.
 */
export const EMPTY_AT_MOST = 100;

const USER_TABLES_SQL = `SELECT count(*)::int AS n FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind IN ('r', 'p', 'm', 'f') AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND n.nspname !~ '^pg_(toast_)?temp_'`;

/**
 * How long a kept shadow waits for its next use. An idle PGlite instance keeps Node's event loop
 * alive, so kept shadows are closed after this pause (the timer itself holds nothing open); a
 * process that runs shadow after shadow, such as a test file, reuses them in between.
 */
const IDLE_MS = 1500;

const idle: Driver[] = [];
/** A shadow being opened ahead of its use (see {@link prewarmShadow}). */
let warming: Promise<Driver> | undefined;
let idleTimer: ReturnType<typeof setTimeout> | undefined;
let pristine: Promise<{ census: string; roles: ReadonlySet<string> }> | undefined;

async function censusOf(db: Driver): Promise<string> {
  return String((await db.query<{ census: string }>(CENSUS_SQL)).rows[0]?.census);
}

/**
 * takeShadow hands out an emptied shadow the process kept, or opens one with `open`. The driver it
 * returns goes back to the pool when closed.
 */
export async function takeShadow(open: () => Promise<Driver>): Promise<Driver> {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = undefined;
  let db = idle.pop();
  if (!db && warming) {
    const early = warming;
    warming = undefined;
    db = await early.catch(() => undefined);
  }
  if (!db) {
    db = await open();
    if (!pristine) {
      const fresh = db;
      pristine = (async () => ({
        census: await censusOf(fresh),
        roles: new Set((await fresh.query<{ name: string }>('SELECT rolname::text AS name FROM pg_catalog.pg_roles')).rows.map((r) => r.name)),
      }))();
      await pristine.catch(() => (pristine = undefined));
    }
  }
  return lent(db);
}

/** lent wraps a shadow so that closing it returns it instead; everything else is the shadow's own. */
function lent(db: Driver): Driver {
  let returned = false;
  const wrapper = Object.create(db) as Driver;
  Object.defineProperty(wrapper, 'close', {
    value: async () => {
      if (returned) return;
      returned = true;
      await giveBack(db);
    },
  });
  return wrapper;
}

async function giveBack(db: Driver): Promise<void> {
  const clean = pristine ? await pristine.catch(() => undefined) : undefined;
  if (clean && idle.length < MAX_IDLE) {
    try {
      const tables = Number((await db.query<{ n: number }>(USER_TABLES_SQL)).rows[0]?.n ?? Infinity);
      if (tables <= EMPTY_AT_MOST && (await emptyDatabase(db, clean.roles)) && (await censusOf(db)) === clean.census) {
        idle.push(db);
        if (idleTimer) clearTimeout(idleTimer);
        idleTimer = setTimeout(() => void closeIdleShadows().catch(() => {}), IDLE_MS);
        idleTimer.unref();
        return;
      }
    } catch {
      // A shadow that cannot even be emptied is closed below like any other that differs.
    }
  }
  await db.close();
}

/**
 * prewarmShadow starts opening a shadow with `open` for the next {@link takeShadow}, so that
 * PGlite starts while the command does other work (introspecting a server waits on the server).
 * Nothing happens when a kept shadow is waiting already.
 */
export function prewarmShadow(open: () => Promise<Driver>): void {
  if (warming || idle.length) return;
  warming = open();
  warming.catch(() => {});
}

/** closeIdleShadows closes the shadows the process keeps (tests that count open instances; shutdown). */
export async function closeIdleShadows(): Promise<void> {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = undefined;
  const early = warming;
  warming = undefined;
  if (early) await early.then((db) => db.close()).catch(() => {});
  await Promise.all(idle.splice(0).map((db) => db.close()));
}
