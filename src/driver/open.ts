import type { Driver } from './driver.js';
import { parseDatabaseUrl, redactUrl } from './url.js';

/**
 * openDriver connects to the database a URL names. Each adapter is imported only when its kind is
 * used, so a command against a server never loads PGlite's WebAssembly, and vice versa.
 *
 * @example const db = await openDriver('pglite:memory'); await db.query('select 1'); await db.close();
 */
export async function openDriver(url: string, cwd: string = process.cwd()): Promise<Driver> {
  const target = parseDatabaseUrl(url, cwd);
  if (target.kind === 'pglite') {
    const { openPgliteDriver } = await import('./pglite/pglite-driver.js');
    return openPgliteDriver(target.dataDir, target.url);
  }
  const { openPgDriver } = await import('./pg/pg-driver.js');
  return openPgDriver(target.url);
}

export { redactUrl };
