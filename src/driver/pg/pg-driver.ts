import pg from 'pg';
import { from as copyFromStdin, to as copyToStdout } from 'pg-copy-streams';
import { ConnectionError, UsageError } from '../../errors.js';
import { redactUrl } from '../url.js';
import { ScriptError, databaseErrorFields, type Driver, type QueryResult } from '../driver.js';
import { connectAttempts } from './ssl-mode.js';

/** Options for {@link openPgDriver}. */
export interface PgDriverOptions {
  /** Give up connecting after this many milliseconds (default 10 000). */
  readonly connectTimeoutMs?: number;
  /** Reported in pg_stat_activity. */
  readonly applicationName?: string;
  /** Names the database in a connection error before its URL (e.g. "dev database"). */
  readonly label?: string;
}

/**
 * Counts CommandComplete messages so a failed simple-protocol script can report which statement
 * failed: PostgreSQL stops at the first error and sends nothing for the statements after it.
 */
class CountingQuery extends pg.Query {
  completed = 0;

  handleCommandComplete(message: unknown, connection: unknown): void {
    this.completed++;
    (pg.Query.prototype as unknown as { handleCommandComplete(m: unknown, c: unknown): void }).handleCommandComplete.call(
      this,
      message,
      connection,
    );
  }
}

/**
 * openPgDriver connects to a PostgreSQL server with node-postgres, one dedicated connection.
 * Connection failures become a {@link ConnectionError} naming the redacted URL.
 */
export async function openPgDriver(url: string, options: PgDriverOptions = {}): Promise<Driver> {
  const displayUrl = redactUrl(url);
  const client = await connect(url, displayUrl, options);
  return {
    kind: 'postgres',
    displayUrl,
    async query<Row extends Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>> {
      const result = await client.query<Row>(sql, params as unknown[] | undefined);
      return { rows: result.rows, rowCount: result.rowCount ?? 0 };
    },
    runScript(sql: string): Promise<void> {
      return new Promise((resolve, reject) => {
        const query = new CountingQuery(sql);
        (query as unknown as { callback: (err: Error | null) => void }).callback = (err) => {
          if (err) reject(new ScriptError(databaseErrorFields(err), query.completed, { cause: err }));
          else resolve();
        };
        void client.query(query);
      });
    },
    async close(): Promise<void> {
      await client.end().catch(() => {});
    },
    connectAgain: () => openPgDriver(url, options),
    // pg-copy-streams speaks the COPY sub-protocol (CopyData framing, CopyDone, CopyFail on error).
    copyTo: (sql: string) => client.query(copyToStdout(sql)),
    copyFrom: (sql: string) => client.query(copyFromStdin(sql)),
  };
}

/** connect tries the URL's connection attempts (more than one for sslmode=prefer/allow) in order. */
async function connect(url: string, displayUrl: string, options: PgDriverOptions): Promise<pg.Client> {
  let failure: unknown;
  for (const attempt of connectAttempts(url)) {
    let client: pg.Client;
    try {
      client = new pg.Client({
        connectionString: attempt.connectionString,
        connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
        application_name: options.applicationName ?? 'tidemark',
      });
    } catch (error) {
      // Parsing the URL failed in node-postgres: e.g. an sslrootcert/sslcert file that cannot be read.
      throw new UsageError(`invalid database URL ${displayUrl}: ${firstLine(error)}`, { cause: error });
    }
    // A server-side disconnect (e.g. pg_terminate_backend) surfaces as the failing query's error;
    // without a listener the same event would crash the process.
    client.on('error', () => {});
    try {
      await client.connect();
      return client;
    } catch (error) {
      await client.end().catch(() => {});
      failure = error;
      if (!attempt.fallBackOn?.(error)) break;
    }
  }
  throw new ConnectionError(options.label ? `${options.label} ${displayUrl}` : displayUrl, connectReason(failure), { cause: failure });
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

function connectReason(error: unknown): string {
  const e = error as { code?: string; message?: string };
  switch (e?.code) {
    case 'ECONNREFUSED':
      return 'connection refused (is the server running?)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found';
    case 'ETIMEDOUT':
      return 'connection timed out';
    default:
      return firstLine(error) || 'unknown error';
  }
}
