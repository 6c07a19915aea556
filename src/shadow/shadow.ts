import fs from 'node:fs/promises';
import path from 'node:path';
import type { Driver } from '../driver/driver.js';
import { openDriver } from '../driver/open.js';
import { UsageError, MigrationFileError } from '../errors.js';
import { SqlSyntaxError, splitStatements } from '../parser/parser.js';
import { codePointToIndex, lineColumnAt } from '../parser/text-position.js';
import { ScriptError } from '../driver/driver.js';
import { explainShadowError } from './extensions.js';
import { prewarmShadow as warm, takeShadow } from './pool.js';

/**
 * ShadowOptions say where shadows come from. Without `devDatabase` a shadow is an in-memory PGlite
 * opened from the cached initialized template, and no server is needed. With it (config
 * `devDatabase`, `--dev-database`), a shadow is a fresh temporary database on that PostgreSQL
 * server, dropped after use (see server.ts) — for extensions PGlite lacks, or has in another
 * version than production.
 */
export interface ShadowOptions {
  /** A postgres:// URL of the dev database server; each shadow is a new database there. */
  readonly devDatabase?: string | undefined;
}

/** prewarmShadow starts opening the in-process shadow the next {@link openShadow} will take (PGlite only). */
export function prewarmShadow(options: ShadowOptions = {}): void {
  if (options.devDatabase === undefined) warm(() => openDriver('pglite:memory'));
}

/**
 * openShadow opens an empty shadow database, used to turn SQL into a model: declarative schema
 * files are loaded into it, or a migrations directory is replayed into it, and the result is
 * introspected. Closing a PGlite shadow hands it back to the process's pool (see pool.ts), which
 * reuses it only once it is proven empty; closing a dev-database shadow drops it.
 */
export async function openShadow(options: ShadowOptions = {}): Promise<Driver> {
  if (options.devDatabase !== undefined) {
    const { openServerShadow } = await import('./server.js');
    return openServerShadow(options.devDatabase);
  }
  return takeShadow(() => openDriver('pglite:memory'));
}

/**
 * withShadow runs `work` against a fresh shadow database and always closes (and, on a dev
 * database, drops) it. When `work` fails, its error is the one thrown, not a failure to clean up.
 */
export async function withShadow<T>(work: (db: Driver) => Promise<T>, options: ShadowOptions = {}): Promise<T> {
  const db = await openShadow(options);
  let result: T;
  try {
    result = await work(db);
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
  await db.close();
  return result;
}

/**
 * loadSqlFiles runs every `.sql` file of a directory (or one file), in file-name order, into `db`.
 * A failure names the file, line and column. Files are split by PostgreSQL's parser first, so a
 * syntax error anywhere is reported before anything runs.
 */
export async function loadSqlFiles(db: Driver, target: string, root: string): Promise<void> {
  const stat = await fs.stat(target).catch(() => undefined);
  if (!stat) throw new UsageError(`schema source ${path.relative(root, target) || target} does not exist`);
  const files = stat.isDirectory()
    ? (await fs.readdir(target)).filter((f) => f.endsWith('.sql')).sort().map((f) => path.join(target, f))
    : [target];
  const loaded: { file: string; text: string }[] = [];
  for (const file of files) {
    const text = await fs.readFile(file, 'utf8');
    const display = path.relative(root, file) || file;
    try {
      await splitStatements(text);
    } catch (error) {
      if (error instanceof SqlSyntaxError) {
        const { line, column } = lineColumnAt(text, error.index);
        throw new MigrationFileError(`${display}:${line}:${column}: ${error.message}`, { cause: error });
      }
      throw error;
    }
    loaded.push({ file: display, text });
  }
  for (const { file, text } of loaded) {
    try {
      await db.runScript(text);
    } catch (error) {
      if (error instanceof ScriptError) {
        const statements = await splitStatements(text);
        const at =
          error.fields.position !== undefined
            ? codePointToIndex(text, error.fields.position - 1)
            : (statements[error.completedStatements]?.start ?? 0);
        const { line, column } = lineColumnAt(text, at);
        const state = error.fields.sqlState ? ` (SQLSTATE ${error.fields.sqlState})` : '';
        throw new MigrationFileError(`${file}:${line}:${column}: ${explainShadowError(error.fields.message, db.kind)}${state}`, { cause: error });
      }
      throw error;
    }
  }
}
