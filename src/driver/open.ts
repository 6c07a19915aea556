import type { Driver } from './driver.js';
import { parseDatabaseUrl, redactUrl } from './url.js';

/** OpenDriverOptions tune a new connection. */
export interface OpenDriverOptions {
  /** Every transaction of the session is READ ONLY (`default_transaction_read_only`): Studio's connections. */
  readonly readOnly?: boolean;
}

/**
 * openDriver connects to the database a URL names. Each adapter is imported only when its kind is
 * used, so a command against a server never loads PGlite's WebAssembly, and vice versa.
 *
 * @example const db = await openDriver('pglite:memory'); await db.query('select 1'); await db.close();
 */
export async function openDriver(url: string, cwd: string = process.cwd(), options: OpenDriverOptions = {}): Promise<Driver> {
  const target = parseDatabaseUrl(url, cwd);
  let driver: Driver;
  if (target.kind === 'pglite') {
    const { openPgliteDriver } = await import('./pglite/pglite-driver.js');
    driver = await openPgliteDriver(target.dataDir, target.url);
  } else {
    const { openPgDriver } = await import('./pg/pg-driver.js');
    driver = await openPgDriver(target.url);
  }
  if (options.readOnly) {
    // The server enforces it, for every statement of the session: a write fails with SQLSTATE
    // 25006 whatever code path sent it, which no check of our own could promise.
    try {
      await driver.query('SET SESSION default_transaction_read_only = on');
    } catch (error) {
      await driver.close().catch(() => {});
      throw error;
    }
  }
  return driver;
}

export { redactUrl };
