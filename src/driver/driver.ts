import type { Readable, Writable } from 'node:stream';

/**
 * Driver is the one seam between Tidemark and a PostgreSQL implementation. node-postgres and PGlite
 * differ only behind it; everything above speaks SQL through these few calls.
 */
export interface Driver {
  /** Which implementation: 'postgres' (node-postgres) or 'pglite' (embedded). */
  readonly kind: 'postgres' | 'pglite';
  /** The database URL with its password redacted, safe to print. */
  readonly displayUrl: string;
  /** query runs one statement with bound parameters (extended protocol). */
  query<Row extends Record<string, unknown> = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<QueryResult<Row>>;
  /**
   * runScript sends a multi-statement script in one round trip (simple protocol). On failure it
   * throws a {@link ScriptError} that says how many statements completed before the failing one,
   * so the caller can name the failing statement without having parsed the script first.
   */
  runScript(sql: string): Promise<void>;
  /** close releases the connection (and, for PGlite, flushes and closes the data directory). */
  close(): Promise<void>;
  /**
   * connectAgain opens one more connection to the same database, for work that can run beside
   * this one (reading the catalog in parallel under an exported snapshot). Absent where a second
   * connection is impossible (PGlite is single-connection).
   */
  readonly connectAgain?: () => Promise<Driver>;
  /**
   * copyTo runs `COPY … TO STDOUT` and returns its data as a stream; copyFrom runs
   * `COPY … FROM STDIN` and returns the stream to write its data into (it finishes once the server
   * acknowledged the COPY). Streaming between two servers (`tenants move`) pipes one into the
   * other. Absent on PGlite, whose COPY goes through files, not the protocol's streams.
   *
   * @example await pipeline(source.copyTo!('COPY t TO STDOUT'), target.copyFrom!('COPY t FROM STDIN'));
   */
  readonly copyTo?: (sql: string) => Readable;
  readonly copyFrom?: (sql: string) => Writable;
}

/** QueryResult holds the rows of one statement. */
export interface QueryResult<Row> {
  readonly rows: Row[];
  readonly rowCount: number;
}

/**
 * DatabaseErrorFields are the fields of a PostgreSQL ErrorResponse that Tidemark reports.
 * `position` is 1-based, in characters, relative to the whole text that was sent.
 */
export interface DatabaseErrorFields {
  readonly message: string;
  readonly sqlState: string | undefined;
  readonly position: number | undefined;
  readonly detail: string | undefined;
  readonly hint: string | undefined;
}

/** ScriptError is thrown by {@link Driver.runScript}: the server's error plus the statement index. */
export class ScriptError extends Error {
  readonly fields: DatabaseErrorFields;
  /** Number of statements of the script that completed before the failing one. */
  readonly completedStatements: number;

  constructor(fields: DatabaseErrorFields, completedStatements: number, options?: { cause?: unknown }) {
    super(fields.message, options);
    this.name = 'ScriptError';
    this.fields = fields;
    this.completedStatements = completedStatements;
  }
}

/** databaseErrorFields extracts the reportable fields of an error thrown by either client. */
export function databaseErrorFields(error: unknown): DatabaseErrorFields {
  const e = (error ?? {}) as Record<string, unknown>;
  const position = e['position'] === undefined || e['position'] === null ? undefined : Number(e['position']);
  return {
    message: typeof e['message'] === 'string' ? e['message'] : String(error),
    sqlState: typeof e['code'] === 'string' ? e['code'] : undefined,
    position: Number.isFinite(position) ? position : undefined,
    detail: typeof e['detail'] === 'string' ? e['detail'] : undefined,
    hint: typeof e['hint'] === 'string' ? e['hint'] : undefined,
  };
}

/** isDatabaseError tells a server-side SQL error (it has a SQLSTATE) from a client or I/O failure. */
export function isDatabaseError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
}
