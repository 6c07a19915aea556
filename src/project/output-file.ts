import fs from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../errors.js';

/**
 * Generated files (`docs --out`, `types --out`, `inspect --out`) are written through here, not
 * with `fs.mkdir(…, { recursive: true })`: Node's recursive mkdir spins forever at 100 % CPU on a
 * parent it cannot create (`/proc/x/y.md`), and a path through a file fails as a bare ENOTDIR.
 * Both become one UsageError naming the path (exit 2: the flag or config key must change).
 */

/** STDOUT_PATH is the `--out` value that means standard output. */
export const STDOUT_PATH = '-';

function unwritable(file: string, reason: string, cause?: unknown): UsageError {
  return new UsageError(`cannot write ${file}: ${reason}`, { cause });
}

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'ENOTDIR':
      return 'a parent of it is a file, not a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOENT':
      return 'no such file or directory';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/**
 * readExisting returns the text of a generated file to compare against, or undefined when there is
 * none. Only regular files are read: reading `/dev/stdout` or a FIFO would block forever.
 */
export async function readExisting(file: string): Promise<string | undefined> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw unwritable(file, reasonOf(error), error);
  }
  if (stat.isDirectory()) throw unwritable(file, 'it is a directory');
  if (!stat.isFile()) return undefined;
  return fs.readFile(file, 'utf8').catch((error: unknown) => {
    throw unwritable(file, reasonOf(error), error);
  });
}

/** ensureParent creates the missing directories above `file` one level at a time. */
async function ensureParent(file: string): Promise<void> {
  const missing: string[] = [];
  let dir = path.dirname(file);
  for (;;) {
    try {
      const stat = await fs.stat(dir);
      if (!stat.isDirectory()) throw unwritable(file, `${dir} is a file, not a directory`);
      break;
    } catch (error) {
      if (error instanceof UsageError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') throw unwritable(file, reasonOf(error), error);
      missing.push(dir);
      const parent = path.dirname(dir);
      if (parent === dir) throw unwritable(file, reasonOf(error), error);
      dir = parent;
    }
  }
  for (const d of missing.reverse()) {
    await fs.mkdir(d).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw unwritable(file, `cannot create ${d}: ${reasonOf(error)}`, error);
    });
  }
}

/** writeOutput writes a generated file, creating its directory, or fails with one line naming it. */
export async function writeOutput(file: string, text: string): Promise<void> {
  await ensureParent(file);
  await fs.writeFile(file, text).catch((error: unknown) => {
    throw unwritable(file, reasonOf(error), error);
  });
}
