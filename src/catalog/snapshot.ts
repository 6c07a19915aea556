import type { Driver } from '../driver/driver.js';
import { quoteLiteral } from '../sql/quote.js';
import { str, type Row } from './rows.js';

/** Rows runs one catalog query and returns its rows. */
export type Rows = (sql: string, params?: unknown[]) => Promise<Row[]>;

/**
 * The settings every catalog read runs under. They fix how PostgreSQL deparses names and constants
 * (as pg_dump fixes them): every name qualified, timestamps in partition bounds and defaults in UTC
 * and ISO style, floats exact. JIT is off: the catalog queries are estimated costly enough to be
 * compiled, which takes far longer (0.4 s for the audit query) than running them.
 */
const READ_SETTINGS =
  "SET LOCAL search_path = ''; SET LOCAL timezone = 'UTC'; SET LOCAL datestyle = 'ISO, MDY'; " +
  "SET LOCAL intervalstyle = 'postgres'; SET LOCAL extra_float_digits = 3; SET LOCAL jit = off";

const BEGIN = 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY';

/**
 * CatalogSnapshot is one consistent, read-only view of the catalog, read through two lanes. `main`
 * is the caller's connection; `side` is a second connection that imported main's snapshot
 * (pg_export_snapshot), so both server processes see exactly the same catalog and the slow queries
 * run beside the others, as pg_dump's parallel mode reads one snapshot from several workers. Where
 * no second connection can be had (PGlite, a pooler that refuses snapshot import, a full
 * connection limit) `side` is `main` and everything runs in turn.
 */
export interface CatalogSnapshot {
  readonly main: Rows;
  readonly side: Rows;
  /** Ends both transactions (they only read, so commit and rollback are the same). */
  end(): Promise<void>;
}

/** openSnapshot begins the read-only snapshot on `db` and, where it can, a second lane into it. */
export async function openSnapshot(db: Driver): Promise<CatalogSnapshot> {
  // The second connection is opened while the first begins, so its cost hides behind the first queries.
  const other = db.connectAgain?.().catch(() => undefined);
  try {
    await db.runScript(`${BEGIN}; ${READ_SETTINGS}`);
  } catch (error) {
    // The connection was closed under the read (a command failing elsewhere): the second lane,
    // still connecting, must not be left open to keep the process alive.
    void other?.then((second) => second?.close());
    throw error;
  }
  const main = inTurn(async (sql, params) => (await db.query<Row>(sql, params)).rows);
  const end = () => db.runScript('ROLLBACK').catch(() => {});
  const second = await other;
  if (!second) return { main, side: main, end };
  try {
    const exported = await main('SELECT pg_catalog.pg_export_snapshot() AS id');
    await second.runScript(`${BEGIN}; SET TRANSACTION SNAPSHOT ${quoteLiteral(str(exported[0]?.['id']))}; ${READ_SETTINGS}`);
  } catch {
    await second.close();
    // A failed export aborted main's transaction too: begin it again, alone.
    await db.runScript(`ROLLBACK; ${BEGIN}; ${READ_SETTINGS}`);
    return { main, side: main, end };
  }
  return {
    main,
    side: inTurn(async (sql, params) => (await second.query<Row>(sql, params)).rows),
    end: async () => {
      await Promise.all([end(), second.close()]);
    },
  };
}

/**
 * inTurn queues a lane's queries: several readers share a lane, and a connection runs one query
 * at a time (node-postgres deprecates queueing on the client itself).
 */
function inTurn(run: Rows): Rows {
  let last: Promise<unknown> = Promise.resolve();
  return (sql, params) => {
    const result = last.then(() => run(sql, params));
    last = result.catch(() => {});
    return result;
  };
}
