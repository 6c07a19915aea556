import fs from 'node:fs/promises';
import path from 'node:path';
import type { Driver } from '../../driver/driver.js';
import { MigrationFileError, MigrationStateError, UsageError } from '../../errors.js';
import type { QualifiedName } from '../../model/types.js';
import { quoteQualified } from '../../sql/quote.js';

/** safeName turns another tool's migration name into one Tidemark's file names accept. */
export function safeName(name: string): string {
  const cleaned = name.replace(/[^\w.-]+/g, '_').replace(/^[^A-Za-z0-9]+/, '');
  return cleaned || 'migration';
}

/** shown is a path relative to the project root, for messages. */
export function shown(root: string, file: string): string {
  return path.relative(root, file) || file;
}

/** readText reads a migration file as text, without a byte-order mark. */
export async function readText(file: string): Promise<string> {
  return (await fs.readFile(file, 'utf8')).replace(/^\uFEFF/, '');
}

/** listDir lists a folder's entries, sorted; a missing folder is a usage error naming it. */
export async function listDir(dir: string, root: string): Promise<import('node:fs').Dirent[]> {
  try {
    return (await fs.readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') {
      throw new UsageError(`${shown(root, dir)} is not a folder`);
    }
    throw error;
  }
}

/** isDir tells whether a path is a folder. */
export async function isDir(p: string): Promise<boolean> {
  return fs.stat(p).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

/**
 * withSections builds a Tidemark file from an up and an optional down script, keeping both texts
 * as they were and adding only the marker lines.
 */
export function withSections(up: string, down: string | undefined, options: { transactional?: boolean } = {}): string {
  const end = (s: string) => (s === '' || s.endsWith('\n') ? s : `${s}\n`);
  const flag = options.transactional === false ? ' transaction:false' : '';
  return `-- migrate:up${flag}\n${end(up)}${down === undefined ? '' : `-- migrate:down${flag}\n${end(down)}`}`;
}

/** checkIncreasing fails when a folder's order (the tool's) is not the numeric order of the Tidemark versions. */
export function checkIncreasing(items: readonly { version: string; source: string }[]): void {
  for (let i = 1; i < items.length; i++) {
    const [a, b] = [items[i - 1]!, items[i]!];
    if (BigInt(b.version) <= BigInt(a.version)) {
      throw new MigrationFileError(`${b.source}: its version ${b.version} does not come after ${a.version} (${a.source}), so Tidemark cannot keep the tool's order`);
    }
  }
}

/**
 * historyRows reads a history table, or fails with a message that names it: a missing table
 * usually means the wrong database or a custom table name (--history-table).
 */
export async function historyRows<Row extends Record<string, unknown>>(db: Driver, table: QualifiedName, select: (qualified: string) => string): Promise<Row[]> {
  const qualified = quoteQualified(table.schema, table.name);
  const { rows } = await db.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [qualified]);
  if (!rows[0]?.present) {
    throw new MigrationStateError(`${db.displayUrl} has no history table ${table.schema}.${table.name} (name another with --history-table <schema.table>)`);
  }
  return (await db.query<Row>(select(qualified))).rows;
}
