import os from 'node:os';
import { createHash, randomBytes } from 'node:crypto';
import type { Driver } from '../driver/driver.js';
import { parseDatabaseUrl, redactUrl, withDatabase } from '../driver/url.js';
import { DevDatabaseError, ExitCode, UsageError } from '../errors.js';
import { quoteIdent } from '../sql/quote.js';
import { interrupted, onInterrupt } from './interrupt.js';

/**
 * A server shadow is a fresh database on the dev database server (config `devDatabase`,
 * `--dev-database`; Atlas's dev URL, Prisma's shadow database): created from `template0` under a
 * unique name, used like a PGlite shadow, and dropped when closed — also when the work failed, and
 * on SIGINT/SIGTERM (see interrupt.ts). Its extensions and version are the server's, so a schema
 * that uses an extension PGlite lacks or has in another version loads as it does in production.
 *
 * What a shadow cannot clean up is a process killed outright (`kill -9`, a crash of the machine):
 * its database stays. Each shadow database's name says which host and process made it, and
 * opening a shadow first drops the stale ones — made on this host by a process that no longer
 * runs, and with no session connected.
 */

/** SHADOW_PREFIX starts every shadow database's name; nothing else on the server is touched. */
export const SHADOW_PREFIX = 'tidemark_shadow_';

/** hostTag is 6 hex digits of the host name's hash: names stay short (63 bytes) and say nothing about the host. */
function hostTag(host = os.hostname()): string {
  return createHash('sha256').update(host).digest('hex').slice(0, 6);
}

/**
 * shadowDatabaseName is `tidemark_shadow_<pid>_<host>_<random>`: unique, and says which process
 * on which host made it — in the name, because CREATE DATABASE cannot share a transaction with
 * anything that would record it, and a process killed in between must still be recognized.
 */
export function shadowDatabaseName(): string {
  return `${SHADOW_PREFIX}${process.pid}_${hostTag()}_${randomBytes(4).toString('hex')}`;
}

const NAME = new RegExp(`^${SHADOW_PREFIX}(\\d+)_([0-9a-f]{6})_[0-9a-f]{8}$`);

/** devDatabaseLabel names the dev database in messages, password redacted. */
export function devDatabaseLabel(url: string): string {
  return `dev database ${redactUrl(url)}`;
}

/** checkDevDatabaseUrl refuses anything but a server URL: a dev database is a PostgreSQL server. */
export function checkDevDatabaseUrl(url: string): void {
  if (!/^postgres(ql)?:\/\//i.test(url.trim()) || parseDatabaseUrl(url, process.cwd()).kind !== 'postgres') {
    throw new UsageError(`invalid ${devDatabaseLabel(url)}: expected a postgres:// or postgresql:// URL (the dev database is a server; shadows default to in-process PGlite)`);
  }
}

/** shadowUrl is the dev database URL with the shadow database in place of its database. */
function shadowUrl(devUrl: string, name: string): string {
  return withDatabase(devUrl, name);
}

const swept = new Set<string>();

/**
 * openServerShadow creates a shadow database on the dev database server and connects to it. The
 * returned driver's `close` drops the database (WITH (FORCE), so sessions left open by a failed
 * command do not keep it); it throws a {@link DevDatabaseError} naming the database when that fails.
 * An unreachable server is a ConnectionError (exit 3) naming the redacted URL.
 */
export async function openServerShadow(devUrl: string): Promise<Driver> {
  checkDevDatabaseUrl(devUrl);
  const label = devDatabaseLabel(devUrl);
  // The driver's connection error adds the redacted URL itself.
  const connectLabel = 'dev database';
  const { openPgDriver } = await import('../driver/pg/pg-driver.js');
  // The connection that creates the shadow stays open to drop it: a database cannot be dropped
  // from a session connected to it, and a signal handler must not wait for a new connection.
  const admin = await openPgDriver(devUrl, { label: connectLabel, applicationName: 'tidemark shadow admin' });
  const name = shadowDatabaseName();
  if (!swept.has(devUrl)) {
    swept.add(devUrl);
    await sweepStaleShadows(admin);
  }
  if (interrupted()) {
    await admin.close();
    throw new DevDatabaseError(`${label}: interrupted, no shadow database created`, ExitCode.failed);
  }
  // Registered in the same turn as the CREATE is sent, so a signal from here on drops the
  // database once its creation is done, and a signal before it found `interrupted()` true.
  const creating = admin.runScript(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0`);
  let shadow: Driver | undefined;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      const created = await creating.then(
        () => true,
        () => false,
      );
      // A session still busy (an interrupted command) is ended by the FORCE below; its own
      // close is not waited for longer than a moment.
      if (shadow) await Promise.race([shadow.close(), new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
      try {
        if (created) await dropDatabase(admin, name, devUrl, openPgDriver, label);
      } finally {
        unregister();
        await admin.close();
      }
    })();
    return closing;
  };
  const unregister = onInterrupt(close);
  try {
    await creating;
  } catch (error) {
    await close();
    const reason = error instanceof Error ? error.message : String(error);
    throw new DevDatabaseError(`${label}: cannot create a shadow database: ${reason} (the user needs CREATEDB)`, ExitCode.usage, { cause: error });
  }
  try {
    shadow = await openPgDriver(shadowUrl(devUrl, name), { label: connectLabel, applicationName: 'tidemark shadow' });
  } catch (error) {
    await close().catch(() => {});
    throw error;
  }
  const opened = shadow;
  return {
    kind: opened.kind,
    displayUrl: opened.displayUrl,
    query: (sql, params) => opened.query(sql, params),
    runScript: (sql) => opened.runScript(sql),
    close,
    ...(opened.connectAgain ? { connectAgain: opened.connectAgain } : {}),
  };
}

type OpenPg = typeof import('../driver/pg/pg-driver.js').openPgDriver;

/** Drops the shadow; a lost admin connection (a server restart) gets one fresh try. */
async function dropDatabase(admin: Driver, name: string, devUrl: string, openPg: OpenPg, label: string): Promise<void> {
  const sql = `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`;
  try {
    await admin.runScript(sql);
  } catch {
    try {
      const again = await openPg(devUrl, { label: 'dev database', applicationName: 'tidemark shadow admin' });
      try {
        await again.runScript(sql);
      } finally {
        await again.close();
      }
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new DevDatabaseError(`${label}: could not drop shadow database ${name}: ${reason} (drop it by hand)`, ExitCode.failed, { cause: error });
    }
  }
}

const STALE_SQL = `
SELECT d.datname AS name,
       EXISTS (SELECT 1 FROM pg_catalog.pg_stat_activity a WHERE a.datid = d.oid) AS busy
  FROM pg_catalog.pg_database d
 WHERE starts_with(d.datname, $1)`;

/**
 * sweepStaleShadows drops shadow databases left by processes of this host that no longer run
 * (killed with SIGKILL, or a crash). One that another host made, one whose creator still runs, or
 * one with a session, is left alone; a database a session opens
 * meanwhile makes the plain DROP fail, and that failure is ignored. Returns the names dropped.
 */
export async function sweepStaleShadows(admin: Driver): Promise<string[]> {
  const dropped: string[] = [];
  const rows = await admin.query<{ name: string; busy: boolean }>(STALE_SQL, [SHADOW_PREFIX]).then(
    (r) => r.rows,
    () => [],
  );
  for (const row of rows) {
    const [, pid, host] = NAME.exec(row.name) ?? [];
    if (pid === undefined || row.busy || host !== hostTag() || Number(pid) === process.pid || isRunning(Number(pid))) continue;
    const ok = await admin.runScript(`DROP DATABASE IF EXISTS ${quoteIdent(row.name)}`).then(
      () => true,
      () => false,
    );
    if (ok) dropped.push(row.name);
  }
  return dropped;
}

/** isRunning: signal 0 tests for a process without touching it; EPERM means it runs as someone else. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
