import fs from 'node:fs/promises';
import path from 'node:path';
import { LockTimeoutError } from '../../errors.js';

/**
 * A PGlite data directory may be opened by one process at a time; a second opener would corrupt
 * it. acquireDirLock takes `<dataDir>.lock` (created exclusively, holding our pid), waits while a
 * live process holds it, and clears it when its holder died without releasing it.
 */
export async function acquireDirLock(dataDir: string, timeoutMs: number): Promise<() => Promise<void>> {
  const lockPath = `${dataDir}.lock`;
  const deadline = Date.now() + timeoutMs;
  let delay = 25;
  await fs.mkdir(path.dirname(lockPath), { recursive: true });
  for (;;) {
    try {
      const handle = await fs.open(lockPath, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return async () => {
        await fs.rm(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number.parseInt(await fs.readFile(lockPath, 'utf8').catch(() => ''), 10);
    if (Number.isInteger(holder) && !isAlive(holder)) {
      await fs.rm(lockPath, { force: true });
      continue;
    }
    if (Date.now() >= deadline) {
      throw new LockTimeoutError(`PGlite data directory ${dataDir} is in use by process ${holder} (lock file ${lockPath})`);
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 250);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
