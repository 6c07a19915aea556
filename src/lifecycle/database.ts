import fs from 'node:fs/promises';
import path from 'node:path';
import type { ResolvedConfig } from '../config/load.js';
import { parseDatabaseUrl, parseServerUrl, redactUrl, withDatabase } from '../driver/url.js';
import { openDriver } from '../driver/open.js';
import { acquireDirLock } from '../driver/pglite/dir-lock.js';
import { UsageError } from '../errors.js';
import { quoteIdent } from '../sql/quote.js';
import { refuseUnlessDisposable } from './guard.js';

/** DatabaseLifecycleResult says what `db create` / `db drop` did; `changed` is false when there was nothing to do. */
export interface DatabaseLifecycleResult {
  readonly database: string;
  readonly kind: 'postgres' | 'pglite';
  readonly changed: boolean;
}

/**
 * The database a server URL names and the URL of the maintenance database `postgres` on the
 * same server, which CREATE/DROP DATABASE must be sent from.
 */
function serverParts(url: string): { name: string; maintenance: string } {
  const parsed = parseServerUrl(url);
  const name = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!name) throw new UsageError(`${redactUrl(url)} names no database (postgres://host/<database>)`);
  if (name === 'postgres') throw new UsageError(`${redactUrl(url)} is the maintenance database "postgres": Tidemark neither creates nor drops it`);
  return { name, maintenance: withDatabase(url, 'postgres') };
}

async function onMaintenance<T>(url: string, root: string, work: (query: (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>) => Promise<T>): Promise<T> {
  const db = await openDriver(url, root);
  try {
    return await work(async (sql, params) => (await db.query(sql, params)).rows);
  } finally {
    await db.close();
  }
}

/** createDatabase creates the project's database: on a server from `postgres`; for PGlite, its data directory. */
export async function createDatabase(project: ResolvedConfig): Promise<DatabaseLifecycleResult> {
  const target = parseDatabaseUrl(project.databaseUrl, project.root);
  const database = redactUrl(project.databaseUrl);
  if (target.kind === 'pglite') {
    if (target.dataDir === undefined) throw new UsageError('pglite:memory has nothing to create: it exists while a command runs');
    const existed = await fs.stat(path.join(target.dataDir, 'PG_VERSION')).then(() => true, () => false);
    // Opening a PGlite directory creates it (from the cached template).
    if (!existed) await (await openDriver(project.databaseUrl, project.root)).close();
    return { database, kind: 'pglite', changed: !existed };
  }
  const { name, maintenance } = serverParts(target.url);
  return onMaintenance(maintenance, project.root, async (query) => {
    const [row] = await query('SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_database WHERE datname = $1) AS present', [name]);
    if (row?.['present'] === true) return { database, kind: 'postgres' as const, changed: false };
    await query(`CREATE DATABASE ${quoteIdent(name)}`);
    return { database, kind: 'postgres' as const, changed: true };
  });
}

/**
 * dropDatabase drops the project's database (a server's with DROP DATABASE, a PGlite directory
 * removed); refused for a database that is not local, or an environment other than `dev`,
 * without `force` (see src/lifecycle/guard.ts).
 */
export async function dropDatabase(project: ResolvedConfig, options: { force?: boolean | undefined } = {}): Promise<DatabaseLifecycleResult> {
  refuseUnlessDisposable(project, 'db drop', options.force);
  const target = parseDatabaseUrl(project.databaseUrl, project.root);
  const database = redactUrl(project.databaseUrl);
  if (target.kind === 'pglite') {
    if (target.dataDir === undefined) throw new UsageError('pglite:memory has nothing to drop: it is gone when a command ends');
    const dir = target.dataDir;
    const present = await fs.stat(dir).then(() => true, () => false);
    if (!present) return { database, kind: 'pglite', changed: false };
    // Only ever delete a PostgreSQL data directory, never whatever directory a typo named.
    if (!(await fs.stat(path.join(dir, 'PG_VERSION')).then(() => true, () => false))) {
      throw new UsageError(`${path.relative(project.root, dir) || dir} is not a PGlite data directory (no PG_VERSION); not removing it`);
    }
    // The directory's lock: no other Tidemark process has it open while it goes.
    const release = await acquireDirLock(dir, 0);
    try {
      await fs.rm(dir, { recursive: true, force: true });
    } finally {
      await release();
    }
    return { database, kind: 'pglite', changed: true };
  }
  const { name, maintenance } = serverParts(target.url);
  return onMaintenance(maintenance, project.root, async (query) => {
    const [row] = await query('SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_database WHERE datname = $1) AS present', [name]);
    if (row?.['present'] !== true) return { database, kind: 'postgres' as const, changed: false };
    await query(`DROP DATABASE ${quoteIdent(name)}`);
    return { database, kind: 'postgres' as const, changed: true };
  });
}
