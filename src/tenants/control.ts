import type { Driver } from '../driver/driver.js';
import { isAlive } from './connections.js';

/**
 * ControlSource gives the fleet its control connection (the one holding the registry and the audit
 * log) and replaces it when it died. The Tidemark facade implements it on its own connection, so
 * a replacement is also what later calls of the same Tidemark use.
 */
export interface ControlSource {
  current(): Promise<Driver>;
  /** replace closes `dead` and returns a fresh connection (or the current one if already replaced). */
  replace(dead: Driver): Promise<Driver>;
}

/**
 * resilientControl wraps the control connection for a fleet's workers:
 *
 * - calls take turns (node-postgres deprecates overlapping queries on one client);
 * - a call that fails because the connection died (its backend was terminated, the network
 *   dropped) is sent once more on a fresh connection, so one lost connection does not fail every
 *   later tenant and leave it without an audit row.
 *
 * Resending is safe only for statements that can run twice with one effect; everything the fleet
 * sends here is written so (audit rows are inserted with their id chosen by Tidemark and
 * `ON CONFLICT DO NOTHING`, outcomes are updates by id, the rest reads or `IF NOT EXISTS`). A SQL
 * error on a live connection is never resent. PGlite is in-process and cannot lose its session.
 */
export function resilientControl(source: ControlSource, first: Driver): Driver {
  let driver = first;
  let tail: Promise<unknown> = Promise.resolve();
  const turn = <T>(work: (db: Driver) => Promise<T>): Promise<T> => {
    const attempt = async (): Promise<T> => {
      const db = driver;
      try {
        return await work(db);
      } catch (error) {
        if (db.kind !== 'postgres' || (await isAlive(db))) throw error;
        driver = await source.replace(db);
        return work(driver);
      }
    };
    const run = tail.then(attempt, attempt);
    tail = run.catch(() => undefined);
    return run;
  };
  return {
    get kind() {
      return driver.kind;
    },
    get displayUrl() {
      return driver.displayUrl;
    },
    query: (sql, params) => turn((db) => db.query(sql, params)),
    runScript: (sql) => turn((db) => db.runScript(sql)),
    // The connection belongs to the source (the Tidemark facade), which closes it.
    close: async () => {},
  };
}
