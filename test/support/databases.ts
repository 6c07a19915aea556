import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { introspect, openDriver, openShadow, type Driver, type SchemaModel } from '../../src/index.js';

/**
 * Every database test runs on both targets: embedded PGlite and the PostgreSQL server named by
 * TIDEMARK_TEST_DATABASE_URL. Each test gets a database of its own and drops it afterwards.
 * A server that does not answer fails the tests; it never skips them.
 */
export const SERVER_URL = process.env['TIDEMARK_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** TestDatabase is a fresh, empty database and the way to remove it. */
export interface TestDatabase {
  readonly url: string;
  dispose(): Promise<void>;
}

/** DatabaseTarget creates fresh test databases of one kind. */
export interface DatabaseTarget {
  readonly name: 'pglite' | 'postgres';
  create(): Promise<TestDatabase>;
}

function uniqueName(): string {
  return `tm_test_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** withAdmin runs work on a connection to the server's admin database. */
export async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** serverUrlFor swaps the database name of the admin URL. */
export function serverUrlFor(database: string): string {
  const url = new URL(SERVER_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * CREATE DATABASE costs the server ~150 ms (it copies and syncs template1), most of it waiting on
 * the disk, and the suite creates hundreds. So a process keeps spare databases created ahead of
 * need, in the background while its tests run, and drops whatever spares are left when its event
 * loop drains (`beforeExit`), so nothing is left behind.
 */
const SPARES = 2;
const spares: Promise<string>[] = [];
let sparesDropped = false;

function createDatabase(): Promise<string> {
  const name = uniqueName();
  return withAdmin((c) => c.query(`CREATE DATABASE ${name}`)).then(() => name);
}

function dropDatabase(name: string): Promise<void> {
  return withAdmin(async (c) => void (await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)));
}

function refillSpares(): void {
  while (spares.length < SPARES) {
    const made = (spares.at(-1) ?? Promise.resolve('')).catch(() => '').then(createDatabase);
    made.catch(() => undefined);
    spares.push(made);
  }
}

process.on('beforeExit', () => {
  if (sparesDropped || spares.length === 0) return;
  sparesDropped = true;
  const left = spares.splice(0);
  void Promise.allSettled(left.map((made) => made.then(dropDatabase)));
});

export const postgresTarget: DatabaseTarget = {
  name: 'postgres',
  async create() {
    sparesDropped = false;
    const next = spares.shift();
    refillSpares();
    const name = next ? await next.catch(() => createDatabase()) : await createDatabase();
    return { url: serverUrlFor(name), dispose: () => dropDatabase(name) };
  },
};

export const pgliteTarget: DatabaseTarget = {
  name: 'pglite',
  async create() {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tm-pglite-'));
    return {
      url: `pglite:${path.join(dir, 'db')}`,
      dispose: () => fs.rm(dir, { recursive: true, force: true }),
    };
  },
};

/** targets is the matrix every database test runs over. */
export const targets: readonly DatabaseTarget[] = [pgliteTarget, postgresTarget];

/** withDriver opens a Tidemark driver on `url` for the time of `work`. */
export async function withDriver<T>(url: string, work: (db: Driver) => Promise<T>): Promise<T> {
  const db = await openDriver(url);
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

/** ScratchDatabase is an open, empty database that a test reaches only through `db`, in-process. */
export interface ScratchDatabase {
  readonly db: Driver;
  /** The database's URL; `pglite:memory` for PGlite, whose instance is reached through `db` only. */
  readonly url: string;
  dispose(): Promise<void>;
}

/**
 * openScratch opens an empty database of the target for a test that needs no URL another process
 * could open. On PGlite that is a shadow from Tidemark's pool: emptied after use and reused only
 * when its catalog census equals a never-used instance's, so a test pays PGlite's start once per
 * process, not once per database. On the server, a database of its own, dropped by `dispose`.
 */
export async function openScratch(target: DatabaseTarget): Promise<ScratchDatabase> {
  if (target.name === 'pglite') {
    const db = await openShadow();
    return { db, url: 'pglite:memory', dispose: () => db.close() };
  }
  const created = await target.create();
  const db = await openDriver(created.url).catch(async (error: unknown) => {
    await created.dispose();
    throw error;
  });
  return {
    db,
    url: created.url,
    dispose: async () => {
      await db.close();
      await created.dispose();
    },
  };
}

/** modelOf loads `sql` into a fresh database of `target` and returns its model; the database is dropped after. */
export async function modelOf(target: DatabaseTarget, sql: string): Promise<SchemaModel> {
  const scratch = await openScratch(target);
  try {
    await scratch.db.runScript(sql);
    return await introspect(scratch.db);
  } finally {
    await scratch.dispose();
  }
}
