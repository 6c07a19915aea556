import { ScriptError, databaseErrorFields, type Driver, type QueryResult } from '../driver.js';
import { ConnectionError } from '../../errors.js';
import { acquireDirLock, type LockNotice } from './dir-lock.js';
import { IncompleteDataDirError, seedDataDir } from './template.js';
import { createPglite } from './create.js';

/**
 * PGLITE_INSTANCE keys the PGlite instance behind a driver, for a tool that must speak to the open
 * database itself — the tests' WebAssembly pg_dump — since a data directory cannot be opened twice.
 */
export const PGLITE_INSTANCE: unique symbol = Symbol('tidemark.pgliteInstance');

/** Options for {@link openPgliteDriver}. */
export interface PgliteDriverOptions {
  /** How long to wait for another process to release the data directory (default 60 s). */
  readonly lockWaitMs?: number;
  /** Receives the line saying a stale lock file was taken over (default: `notice: …` on stderr). */
  readonly onNotice?: LockNotice;
}

/** The part of a PGlite instance Tidemark uses: depending on the shape keeps the import lazy. */
interface PgliteLike {
  query<Row>(sql: string, params?: unknown[]): Promise<{ rows: Row[]; affectedRows?: number }>;
  execProtocol(message: Uint8Array, options?: { throwOnError?: boolean }): Promise<{ messages: BackendMessage[] }>;
  close(): Promise<void>;
}

interface BackendMessage {
  readonly name: string;
  readonly [field: string]: unknown;
}

/**
 * openFailure says in one line why PGlite did not open: PGlite itself says only "Aborted()" or
 * "PGlite failed to initialize properly" about a directory it cannot use, which names neither the
 * directory nor what to do about it.
 */
function openFailure(error: unknown, dataDir: string | undefined): string {
  const message = error instanceof Error ? error.message : String(error);
  const first = message.split('\n')[0] ?? message;
  if (error instanceof IncompleteDataDirError || dataDir === undefined) return first;
  if (/^Aborted|failed to initiali[sz]e/i.test(first)) {
    return `PGlite could not open data directory ${dataDir} (${first.replace(/\.$/, '')}): it is damaged (an interrupted first open by an older Tidemark leaves it so) or was written by another PGlite version; if it holds nothing you need, remove it and run again`;
  }
  return first;
}

/** Frames a simple-protocol Query message: 'Q', int32 length, the text, NUL. */
function simpleQueryMessage(sql: string): Uint8Array {
  const text = Buffer.from(`${sql}\0`, 'utf8');
  const message = Buffer.alloc(5 + text.length);
  message.write('Q', 0, 'latin1');
  message.writeInt32BE(4 + text.length, 1);
  text.copy(message, 5);
  return new Uint8Array(message.buffer, message.byteOffset, message.length);
}

/**
 * openPgliteDriver opens embedded PostgreSQL. With `dataDir` undefined the database lives in
 * memory; otherwise it persists in `dataDir`, which is seeded from a cached template on first use
 * and held under a lock file while open.
 */
export async function openPgliteDriver(
  dataDir: string | undefined,
  displayUrl: string,
  options: PgliteDriverOptions = {},
): Promise<Driver> {
  const release = dataDir ? await acquireDirLock(dataDir, options.lockWaitMs ?? 60_000, options.onNotice) : async () => {};
  let db: PgliteLike;
  try {
    if (dataDir) await seedDataDir(dataDir);
    db = (await createPglite(dataDir)) as unknown as PgliteLike;
  } catch (error) {
    await release();
    throw new ConnectionError(displayUrl, openFailure(error, dataDir), { cause: error });
  }

  // One session serves every caller of this driver. PGlite serializes its own query() calls but not
  // a raw protocol exchange (runScript) against them: a simple-query message arriving between a
  // query's Parse and Execute drops its unnamed statement. So every call takes its turn here, as
  // a pg client queues its queries.
  let turn: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(work: () => Promise<T>): Promise<T> => {
    const run = turn.then(work, work);
    turn = run.catch(() => undefined);
    return run;
  };

  const driver: Driver & { readonly [PGLITE_INSTANCE]: unknown } = {
    [PGLITE_INSTANCE]: db,
    kind: 'pglite',
    displayUrl,
    async query<Row extends Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>> {
      const result = await inTurn(() => db.query<Row>(sql, params ? [...params] : undefined));
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
    async runScript(sql: string): Promise<void> {
      const { messages } = await inTurn(() => db.execProtocol(simpleQueryMessage(sql), { throwOnError: false }));
      let completed = 0;
      for (const message of messages) {
        if (message.name === 'commandComplete') completed++;
        else if (message.name === 'error') throw new ScriptError(databaseErrorFields(message), completed);
      }
    },
    async close(): Promise<void> {
      try {
        await db.close();
      } finally {
        await release();
      }
    },
  };
  return driver;
}
