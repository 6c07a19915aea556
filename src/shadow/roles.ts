import { ScriptError, type Driver } from '../driver/driver.js';
import { MigrationExecutionError, UsageError } from '../errors.js';
import { loadIdentQuoter } from '../sql/ident.js';
import { withShadow, type ShadowOptions } from './shadow.js';

/**
 * ShadowRoles are the roles a shadow needs before SQL that grants to them (or sets them as owners)
 * can run there. A plan never creates or drops roles; a PGlite shadow is thrown away, so it may.
 * On a dev database server roles are cluster-wide: a missing one is created there and left in place
 * (another Tidemark run may be using it at the same moment), and an existing one is never touched.
 */
export interface ShadowRoles {
  /** Config `roles`: created in every shadow. */
  readonly names: readonly string[];
  /** The live database's roles, asked for only when SQL needs a role `names` lacks. */
  readonly live?: () => Promise<readonly string[]>;
  /**
   * SQL loaded after the roles and before the project's SQL: a preset's stand-in for its platform
   * (config `preset`; see src/presets). It is part of the empty shadow, never of the project.
   */
  readonly prelude?: string | undefined;
}

/** LIVE_ROLES_SQL lists a database's roles but PostgreSQL's own (pg_*). */
export const LIVE_ROLES_SQL = "SELECT rolname::text AS name FROM pg_catalog.pg_roles WHERE rolname !~ '^pg_' ORDER BY 1";

/** liveRoles reads the roles of a live database. */
export async function liveRoles(db: Driver): Promise<string[]> {
  return (await db.query<{ name: string }>(LIVE_ROLES_SQL)).rows.map((r) => r.name);
}

/**
 * createRoles creates in `db` each of `names` that does not exist there yet. On a server another
 * process may create the same role between the check and the CREATE; that is not an error.
 */
export async function createRoles(db: Driver, names: readonly string[]): Promise<void> {
  if (names.length === 0) return;
  const existing = new Set(await liveRoles(db));
  const quote = await loadIdentQuoter();
  const missing = [...new Set(names)].filter((name) => !existing.has(name) && !name.startsWith('pg_'));
  if (missing.length === 0) return;
  if (db.kind === 'pglite') return db.runScript(missing.map((name) => `CREATE ROLE ${quote(name)};`).join('\n'));
  for (const name of missing) {
    await db.runScript(`CREATE ROLE ${quote(name)}`).catch((error: unknown) => {
      // 42710 duplicate_object: created meanwhile by another run on the same server.
      if (!(error instanceof ScriptError && error.fields.sqlState === '42710')) throw error;
    });
  }
}

/** prepareShadow gives a fresh (or emptied) shadow what {@link ShadowRoles} says it needs before the project's SQL. */
export async function prepareShadow(db: Driver, roles: Pick<ShadowRoles, 'prelude'>, names: readonly string[]): Promise<void> {
  await createRoles(db, names);
  if (roles.prelude) await db.runScript(roles.prelude);
}

/**
 * missingRole is the role a failed load needed and did not find: PostgreSQL's `role "x" does not
 * exist` (SQLSTATE 42704) anywhere in the error's causes.
 */
export function missingRole(error: unknown): string | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof ScriptError && e.fields.sqlState === '42704') {
      // PostgreSQL names the role only in its message; no error field carries it.
      const role = /^role "(.+)" does not exist$/.exec(e.fields.message)?.[1];
      if (role !== undefined) return role;
    }
  }
  return undefined;
}

/** Where a file's SQL failed, as the loaders report it. */
function whereOf(error: unknown): string {
  if (error instanceof MigrationExecutionError && error.location) return ` (${error.location.file}:${error.location.line}:${error.location.column})`;
  // loadSqlFiles' messages start with `file:line:column: `.
  const at = error instanceof Error ? /^(\S+:\d+:\d+): /.exec(error.message)?.[1] : undefined;
  return at ? ` (${at})` : '';
}

/**
 * withRoleShadow runs `load` in a fresh shadow that has the configured roles. When the SQL needs a
 * role that is not configured, the live database's roles are asked for once and the load runs again
 * in a new shadow with them; a role that exists nowhere is one usage error naming it. `shadow`
 * says where shadows come from (PGlite, or a dev database server).
 *
 * @example const model = await withRoleShadow({ names: ['authenticated'] }, async (db) => { await loadSqlFiles(db, dir, root); return introspect(db); });
 */
export async function withRoleShadow<T>(roles: ShadowRoles, load: (db: Driver) => Promise<T>, shadow: ShadowOptions = {}): Promise<T> {
  let names = [...roles.names];
  let askedLive = roles.live === undefined;
  for (;;) {
    try {
      return await withShadow(async (db) => {
        await prepareShadow(db, roles, names);
        return load(db);
      }, shadow);
    } catch (error) {
      const role = missingRole(error);
      if (role === undefined) throw error;
      if (!askedLive) {
        askedLive = true;
        const live = await roles.live!().catch((): readonly string[] => []);
        if (live.includes(role)) {
          names = [...new Set([...names, ...live])];
          continue;
        }
      }
      throw new UsageError(`role "${role}" does not exist: add it to config roles${whereOf(error)}`, { cause: error });
    }
  }
}
