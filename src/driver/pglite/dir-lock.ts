import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { LockTimeoutError } from '../../errors.js';

/**
 * A PGlite data directory may be opened by one process at a time; a second opener would corrupt
 * it. The lock is `<dataDir>.lock`, holding the holder's pid. It is created complete — written to a
 * private file, then hard-linked into place, which fails if a lock exists — so a lock file is never
 * empty while its holder lives, and a kill can leave no half-written one. Older versions created
 * it first and wrote the pid after; what they left when killed in between is taken over too.
 */

/** onNotice receives the one line saying a stale lock was taken over (default: stderr). */
export type LockNotice = (message: string) => void;

const defaultNotice: LockNotice = (message) => process.stderr.write(`notice: ${message}\n`);

/** An empty lock younger than this may be an older Tidemark between creating and writing it. */
const EMPTY_GRACE_MS = 2_000;

/** What a lock file holds: a live holder to wait for, or why it is stale. */
type Holder = { readonly live: true; readonly pid: number } | { readonly live: false; readonly why: string; readonly ino: number | undefined };

async function readHolder(lockPath: string): Promise<Holder | undefined> {
  let text: string;
  let stat: { ino: number; mtimeMs: number };
  try {
    stat = await fs.stat(lockPath);
    text = await fs.readFile(lockPath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined; // released meanwhile: try again
    const ino = await fs.stat(lockPath).then((s) => s.ino, () => undefined);
    return { live: false, why: `it cannot be read (${code ?? String(error)})`, ino };
  }
  const trimmed = text.trim();
  if (trimmed === '') {
    if (Date.now() - stat.mtimeMs < EMPTY_GRACE_MS) return { live: true, pid: Number.NaN };
    return { live: false, why: 'it is empty', ino: stat.ino };
  }
  if (!/^\d+$/.test(trimmed)) return { live: false, why: `it holds ${JSON.stringify(trimmed.slice(0, 40))}, not a process id`, ino: stat.ino };
  const pid = Number(trimmed);
  if (!isAlive(pid)) return { live: false, why: `process ${pid}, which holds it, is not running`, ino: stat.ino };
  return { live: true, pid };
}

/**
 * takeOver moves a stale lock aside and removes it. Another process may have judged the same lock
 * stale, removed it and taken the directory in between: the lock moved aside is then not the one
 * judged (another inode, or a live holder's), and it is put back.
 */
async function takeOver(lockPath: string, ino: number | undefined): Promise<boolean> {
  const aside = `${lockPath}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await fs.rename(lockPath, aside);
  } catch {
    return false; // gone already: someone else took it over
  }
  const moved = await fs.stat(aside).then((s) => s.ino, () => undefined);
  // Judged again, not only by inode: a freed inode is soon reused, by the taker's own new lock too.
  if ((ino !== undefined && moved !== ino) || (await readHolder(aside))?.live === true) {
    await fs.link(aside, lockPath).catch(() => {});
    await fs.rm(aside, { force: true, recursive: true });
    return false;
  }
  await fs.rm(aside, { force: true, recursive: true });
  return true;
}

/**
 * removeDeadScratch removes the files a process killed while creating or taking over the lock left
 * beside the data directory (`<dir>.lock.<pid>-<hex>`, `<dir>.lock.stale-<pid>-<hex>`), once their
 * process is gone.
 */
async function removeDeadScratch(lockPath: string): Promise<void> {
  const pattern = new RegExp(`^${escapeRegExp(path.basename(lockPath))}\\.(?:stale-)?(\\d+)-[0-9a-f]{8}$`);
  const names = await fs.readdir(path.dirname(lockPath)).catch(() => [] as string[]);
  for (const name of names) {
    const pid = pattern.exec(name)?.[1];
    if (pid !== undefined && !isAlive(Number(pid))) await fs.rm(path.join(path.dirname(lockPath), name), { force: true, recursive: true });
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** createLock creates the lock file with our pid in it in one step; false if a lock exists. */
async function createLock(lockPath: string): Promise<boolean> {
  const mine = `${lockPath}.${process.pid}-${randomBytes(4).toString('hex')}`;
  await fs.writeFile(mine, String(process.pid), { flag: 'wx' });
  try {
    await fs.link(mine, lockPath);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await fs.rm(mine, { force: true });
  }
}

/**
 * acquireDirLock takes `<dataDir>.lock`, waits up to `timeoutMs` while a live process holds it, and
 * takes over — with one line through `onNotice` — a lock that is empty, unreadable, not a process id,
 * or names a process that is not running. Returns the function that releases it.
 */
export async function acquireDirLock(dataDir: string, timeoutMs: number, onNotice: LockNotice = defaultNotice): Promise<() => Promise<void>> {
  const lockPath = `${dataDir}.lock`;
  const deadline = Date.now() + timeoutMs;
  let delay = 25;
  await fs.mkdir(path.dirname(lockPath), { recursive: true });
  await removeDeadScratch(lockPath);
  for (;;) {
    if (await createLock(lockPath)) {
      return async () => {
        await fs.rm(lockPath, { force: true });
      };
    }
    const holder = await readHolder(lockPath);
    if (holder === undefined) continue;
    if (!holder.live) {
      if (await takeOver(lockPath, holder.ino)) onNotice(`took over the lock of PGlite data directory ${dataDir}: ${holder.why} (lock file ${lockPath})`);
      continue;
    }
    if (Date.now() >= deadline) {
      const who = Number.isNaN(holder.pid) ? 'another process (its lock file is still being written)' : `process ${holder.pid}`;
      throw new LockTimeoutError(`PGlite data directory ${dataDir} is in use by ${who} (lock file ${lockPath})`);
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 250);
  }
}

/** isAlive: a process with this id exists (EPERM: it does, under another user). */
export function isAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
