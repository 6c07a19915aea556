import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isAlive } from './dir-lock.js';
import { cacheRoot } from './cache-root.js';
import { pgliteVersion } from './package.js';
import { prepareFileSet, writeFileSetToDisk, type FileSet } from './preloaded-fs.js';
import type { TarEntry } from './tar.js';

/**
 * PGlite's initdb costs seconds and hundreds of megabytes; copying an initialized data directory
 * and reopening it costs a fraction of that. This module keeps one pristine, initialized data
 * directory per PGlite version in a cache folder and seeds new data directories from it.
 */

export { cacheRoot } from './cache-root.js';

async function exists(p: string): Promise<boolean> {
  return fs.access(p).then(
    () => true,
    () => false,
  );
}

/**
 * templateDataDir returns the path of the cached initialized data directory, creating it on first
 * use. Concurrent first uses each build into a private folder and the first rename wins, so no
 * process ever sees a half-written template.
 */
export async function templateDataDir(): Promise<string> {
  const template = templatePath();
  if (await exists(path.join(template, 'PG_VERSION'))) return template;
  await fs.mkdir(path.dirname(template), { recursive: true });
  await removeDeadBuilds(path.dirname(template));
  const building = `${template}.building-${process.pid}-${Date.now()}`;
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create({ dataDir: building });
  await db.close();
  try {
    await fs.rename(building, template);
  } catch {
    // Another process finished first; its template is as good as ours.
    await fs.rm(building, { recursive: true, force: true });
  }
  return template;
}

/**
 * removeDeadBuilds removes what a template build killed half-way left (each is a whole initdb's
 * size); `template.tar.dir-` folders are an older Tidemark's.
 */
async function removeDeadBuilds(folder: string): Promise<void> {
  for (const name of await fs.readdir(folder).catch(() => [] as string[])) {
    const pid = /^template(?:\.building|\.tar\.dir)-(\d+)-\d+$/.exec(name)?.[1];
    if (pid !== undefined && !isAlive(Number(pid))) await fs.rm(path.join(folder, name), { recursive: true, force: true });
  }
}

/**
 * The files initdb leaves that a data directory cannot open without. An older Tidemark copied the
 * template into place file by file; a kill during that left a directory with some of them only.
 */
const ESSENTIAL = ['PG_VERSION', 'global/pg_control', 'postgresql.conf', 'base', 'pg_wal'];

/** SEEDING marks the temporary sibling a data directory is seeded into before it is renamed into place. */
const SEEDING = '.seeding-';

/** IncompleteDataDirError: a data directory that is neither empty nor a whole PostgreSQL data directory. */
export class IncompleteDataDirError extends Error {
  constructor(readonly dataDir: string, missing: string) {
    super(
      `PGlite data directory ${dataDir} is incomplete (no ${missing}; an interrupted first open by an older Tidemark leaves it so): ` +
        `if it holds nothing you need, remove it (rm -rf ${JSON.stringify(dataDir)}) and run again`,
    );
    this.name = 'IncompleteDataDirError';
  }
}

/**
 * seedDataDir fills an absent or empty data directory with a copy of the template. The copy is made
 * in a temporary sibling and renamed into place, so a kill at any moment leaves either no data
 * directory or a whole one (plus a sibling the next open removes). The caller holds the directory's
 * lock, which is why any sibling still being seeded is a leftover. A directory that is neither empty
 * nor whole is refused with {@link IncompleteDataDirError} rather than handed to PGlite, whose only
 * answer is "Aborted()".
 */
export async function seedDataDir(dataDir: string): Promise<void> {
  await removeLeftoverSeeds(dataDir);
  const entries = await fs.readdir(dataDir).catch(() => [] as string[]);
  if (entries.length > 0) {
    for (const file of ESSENTIAL) {
      if (!(await exists(path.join(dataDir, file)))) throw new IncompleteDataDirError(dataDir, file);
    }
    return;
  }
  const template = await templateFiles();
  await fs.mkdir(path.dirname(dataDir), { recursive: true });
  const seeding = `${dataDir}${SEEDING}${process.pid}-${Date.now()}`;
  try {
    await writeFileSetToDisk(template, PGDATA, seeding);
    // rename(2) replaces an empty directory (one made by mkdir or mkdtemp) in the same step.
    await fs.rename(seeding, dataDir);
  } finally {
    await fs.rm(seeding, { recursive: true, force: true });
  }
}

async function removeLeftoverSeeds(dataDir: string): Promise<void> {
  const prefix = `${path.basename(dataDir)}${SEEDING}`;
  const siblings = await fs.readdir(path.dirname(dataDir)).catch(() => [] as string[]);
  for (const name of siblings) {
    if (name.startsWith(prefix)) await fs.rm(path.join(path.dirname(dataDir), name), { recursive: true, force: true });
  }
}

// Keyed by the template's path: the cache folder may change within a process (TIDEMARK_CACHE_DIR).
const prepared = new Map<string, Promise<FileSet>>();

/**
 * templateFiles returns the template's files, read once per process, at PGlite's data directory:
 * written into an in-memory instance's file system (see preloaded-fs.ts), or into a new data
 * directory on disk by {@link seedDataDir}. The template folder was closed cleanly, so an instance
 * started from it skips the crash recovery a copy of a running database would need.
 */
export function templateFiles(): Promise<FileSet> {
  const key = templatePath();
  let files = prepared.get(key);
  if (!files) {
    files = readTemplate();
    prepared.set(key, files);
    files.catch(() => prepared.delete(key));
  }
  return files;
}

/** PGDATA is where PGlite keeps the data directory in its file system. */
const PGDATA = '/pglite/data';

function templatePath(): string {
  return path.join(cacheRoot(), `pglite-${pgliteVersion()}`, 'template');
}

async function readTemplate(): Promise<FileSet> {
  const template = await templateDataDir();
  // Whoever reads the template also clears what builds killed half-way left next to it.
  await removeDeadBuilds(path.dirname(template));
  const entries: TarEntry[] = [];
  const walk = async (dir: string, prefix: string): Promise<void> => {
    for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
      const relative = `${prefix}${entry.name}`;
      if (entry.isDirectory()) {
        entries.push({ path: relative, kind: 'dir', data: new Uint8Array(0) });
        await walk(path.join(dir, entry.name), `${relative}/`);
      } else {
        entries.push({ path: relative, kind: 'file', data: await fs.readFile(path.join(dir, entry.name)) });
      }
    }
  };
  await walk(template, '');
  return prepareFileSet(PGDATA, entries);
}
