import type { Driver } from '../driver/driver.js';
import { LockTimeoutError } from '../errors.js';

/**
 * The migration lock is a session-level advisory lock keyed by the control schema. It is taken by
 * polling pg_try_advisory_lock between short sleeps rather than by a blocking pg_advisory_lock:
 * a waiter blocked inside a statement holds a snapshot, and CREATE INDEX CONCURRENTLY run by the
 * lock holder waits for every older snapshot — a deadlock (the one Flyway users hit). Between
 * polls a waiter is idle, outside any transaction, and never holds up a concurrent index build.
 */
export interface MigrationLock {
  release(): Promise<void>;
}

/** acquireMigrationLock waits up to `waitMs` for the lock; `onWait` fires once if it must wait. */
export async function acquireMigrationLock(
  db: Driver,
  controlSchema: string,
  waitMs: number,
  onWait?: () => void,
): Promise<MigrationLock> {
  const key = `tidemark:${controlSchema}`;
  const deadline = Date.now() + waitMs;
  let delay = 20;
  let announced = false;
  for (;;) {
    const { rows } = await db.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked', [key]);
    if (rows[0]?.locked) {
      return {
        async release() {
          await db.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key]);
        },
      };
    }
    if (!announced) {
      announced = true;
      onWait?.();
    }
    if (Date.now() + delay > deadline) {
      throw new LockTimeoutError(`another Tidemark process held the migration lock for more than ${Math.round(waitMs / 1000)}s (lockWait)`);
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 500);
  }
}
