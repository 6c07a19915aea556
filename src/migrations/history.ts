import type { Driver } from '../driver/driver.js';
import { literalOrNull, quoteIdent, quoteQualified } from '../sql/quote.js';
import { UsageError } from '../errors.js';

/**
 * The history store lives in the control schema: `migrations` holds what is applied now, one row
 * per version; `migration_log` keeps every apply, revert and stamp, so `history` can say who did
 * what and when even after a revert removed the version from `migrations`.
 */

/** AppliedMigration is a row of the control schema's `migrations` table. */
export interface AppliedMigration {
  readonly version: string;
  readonly name: string;
  readonly checksum: string;
  readonly appliedAt: string;
  readonly executionMs: number;
  readonly appliedBy: string;
}

/** HistoryEvent is a row of `migration_log`: one apply, revert or stamp. */
export interface HistoryEvent {
  readonly id: number;
  readonly version: string;
  readonly name: string;
  readonly checksum: string;
  readonly action: 'up' | 'down' | 'stamp';
  readonly at: string;
  readonly executionMs: number;
  readonly by: string;
  /** The comment above `-- migrate:up` in the migration's file, when the file is there and has one. */
  readonly description?: string | null;
}

const ISO = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** HistoryTables names the two history tables; tenant schemas use prefixed names (see src/tenants). */
export interface HistoryTables {
  readonly migrations: string;
  readonly log: string;
}

/** HistoryStore reads and writes the applied-migration history of one control schema. */
export class HistoryStore {
  readonly schema: string;
  private readonly migrationsTable: string;
  private readonly logTable: string;

  constructor(schema: string, tables: HistoryTables = { migrations: 'migrations', log: 'migration_log' }) {
    this.schema = schema;
    this.migrationsTable = quoteQualified(schema, tables.migrations);
    this.logTable = quoteQualified(schema, tables.log);
  }

  /** createSql is the idempotent DDL of the control schema; run it under the migration lock. */
  createSql(): string {
    return [
      `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(this.schema)};`,
      `CREATE TABLE IF NOT EXISTS ${this.migrationsTable} (
  version text PRIMARY KEY,
  name text NOT NULL,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now(),
  execution_ms integer NOT NULL,
  applied_by text NOT NULL
);`,
      `CREATE TABLE IF NOT EXISTS ${this.logTable} (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  version text NOT NULL,
  name text NOT NULL,
  checksum text NOT NULL,
  action text NOT NULL CHECK (action IN ('up', 'down', 'stamp')),
  at timestamptz NOT NULL DEFAULT now(),
  execution_ms integer NOT NULL,
  by text NOT NULL
);`,
    ].join('\n');
  }

  /** exists tells whether the control schema's tables were created yet (reads never create them). */
  async exists(db: Driver): Promise<boolean> {
    const { rows } = await db.query<{ present: boolean }>(
      'SELECT to_regclass($1) IS NOT NULL AND to_regclass($2) IS NOT NULL AS present',
      [this.migrationsTable, this.logTable],
    );
    return rows[0]?.present === true;
  }

  /** ensure creates the control schema when it is missing. */
  async ensure(db: Driver): Promise<void> {
    if (!(await this.exists(db))) await db.runScript(this.createSql());
  }

  /** applied lists the applied migrations (unsorted; callers order versions numerically). */
  async applied(db: Driver): Promise<AppliedMigration[]> {
    if (!(await this.exists(db))) return [];
    const { rows } = await db.query<{ version: string; name: string; checksum: string; applied_at: string; execution_ms: number; applied_by: string }>(
      `SELECT version, name, checksum, ${ISO('applied_at')} AS applied_at, execution_ms, applied_by FROM ${this.migrationsTable}`,
    );
    return rows.map((r) => ({
      version: r.version,
      name: r.name,
      checksum: r.checksum,
      appliedAt: r.applied_at,
      executionMs: Number(r.execution_ms),
      appliedBy: r.applied_by,
    }));
  }

  /** events lists the log, newest first. */
  async events(db: Driver, limit?: number): Promise<HistoryEvent[]> {
    // The limit is interpolated: anything but a positive whole number must never reach SQL.
    if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 1)) throw new UsageError(`--limit must be a positive whole number, got ${limit}`);
    if (!(await this.exists(db))) return [];
    const { rows } = await db.query<{ id: number | string; version: string; name: string; checksum: string; action: HistoryEvent['action']; at: string; execution_ms: number; by: string }>(
      `SELECT id::int8::text AS id, version, name, checksum, action, ${ISO('at')} AS at, execution_ms, by FROM ${this.logTable} AS log ORDER BY log.id DESC` +
        (limit === undefined ? '' : ` LIMIT ${limit}`),
    );
    return rows.map((r) => ({ id: Number(r.id), version: r.version, name: r.name, checksum: r.checksum, action: r.action, at: r.at, executionMs: Number(r.execution_ms), by: r.by }));
  }

  /**
   * recordSql returns the statements that record an action, to be sent in the same script as the
   * migration itself. `executionMs` may be SQL (it is for applies, measured inside the transaction).
   */
  recordSql(args: { action: 'up' | 'down' | 'stamp'; version: string; name: string; checksum: string; appliedBy: string; executionMsSql: string; squashes?: readonly string[] | undefined }): string {
    const values = [args.version, args.name, args.checksum].map(literalOrNull);
    const by = literalOrNull(args.appliedBy);
    const log = `INSERT INTO ${this.logTable} (version, name, checksum, action, execution_ms, by) VALUES (${values.join(', ')}, ${literalOrNull(args.action)}, ${args.executionMsSql}, ${by});`;
    if (args.action === 'down') {
      // Reverting a squash baseline also removes the rows of the versions it replaced, which a
      // database migrated before the squash still holds: it is then back at "nothing applied".
      const versions = [args.version, ...(args.squashes ?? [])].map(literalOrNull);
      return `DELETE FROM ${this.migrationsTable} WHERE version IN (${[...new Set(versions)].join(', ')});\n${log}`;
    }
    const upsert =
      `INSERT INTO ${this.migrationsTable} (version, name, checksum, execution_ms, applied_by) VALUES (${values.join(', ')}, ${args.executionMsSql}, ${by})` +
      ` ON CONFLICT (version) DO UPDATE SET name = EXCLUDED.name, checksum = EXCLUDED.checksum, applied_at = now(), execution_ms = EXCLUDED.execution_ms, applied_by = EXCLUDED.applied_by;`;
    return `${upsert}\n${log}`;
  }
}

/** ELAPSED_MS_SQL measures, inside a transaction, the milliseconds since it began. */
export const ELAPSED_MS_SQL = '(extract(epoch FROM clock_timestamp() - now()) * 1000)::integer';
