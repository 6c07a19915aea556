import fs from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { readMigrationDir, compareVersions } from '../migrations/files.js';

/** timestampVersion formats a date as the 14-digit UTC version YYYYMMDDHHMMSS. */
export function timestampVersion(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** NewMigrationOptions: the clock is injectable so tests get stable names. */
export interface NewMigrationOptions {
  readonly now?: () => Date;
  readonly root?: string;
  /** Up and down SQL to write into the sections (the generate command fills these). */
  readonly up?: string;
  readonly down?: string;
  /** False marks both sections `transaction:false` (for CREATE INDEX CONCURRENTLY). */
  readonly transactional?: boolean;
}

/**
 * newMigration writes `<dir>/<YYYYMMDDHHMMSS>_<name>.sql` with empty up and down sections and
 * returns its path. A version that would not sort after every existing one is bumped past the newest,
 * so a new file is never out of order on the machine that made it.
 */
export async function newMigration(dir: string, name: string, options: NewMigrationOptions = {}): Promise<string> {
  const slug = name.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  if (!slug) throw new UsageError(`migration name "${name}" has no letters or digits`);
  await fs.mkdir(dir, { recursive: true });
  const files = await readMigrationDir(dir, options.root);
  let version = timestampVersion((options.now ?? (() => new Date()))());
  const newest = files.at(-1)?.version;
  if (newest && compareVersions(version, newest) <= 0) version = (BigInt(newest) + 1n).toString();
  const file = path.join(dir, `${version}_${slug}.sql`);
  const marker = options.transactional === false ? ' transaction:false' : '';
  const body = `-- migrate:up${marker}\n${options.up ?? ''}\n\n-- migrate:down${marker}\n${options.down ?? ''}\n`;
  await fs.writeFile(file, body, { flag: 'wx' });
  return file;
}
