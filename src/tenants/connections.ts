import type { Driver } from '../driver/driver.js';
import { openDriver } from '../driver/open.js';
import { parseDatabaseUrl } from '../driver/url.js';

/**
 * ConnectionPool hands out at most `size` connections to one database (one shard). Each is a
 * Driver (a dedicated node-postgres client) rather than a pg.Pool client, so tenant migrations
 * run through the same runScript path — and its failing-statement accounting — as `migrate`.
 * PGlite is one session: its pool has size 1, and for the project's own database it lends the
 * control connection itself (the data directory can be opened only once).
 */
export class ConnectionPool {
  readonly url: string;
  readonly size: number;
  private readonly idle: Driver[] = [];
  private readonly all = new Set<Driver>();
  private readonly waiters: ((driver: Driver | undefined) => void)[] = [];
  private opening = 0;
  private readonly root: string;
  private readonly borrowed: Driver | undefined;
  private readonly readOnly: boolean;

  constructor(url: string, size: number, root: string, borrowed?: Driver, readOnly = false) {
    this.url = url;
    this.readOnly = readOnly;
    this.root = root;
    this.borrowed = borrowed;
    this.size = parseDatabaseUrl(url, root).kind === 'pglite' ? 1 : Math.max(1, size);
    if (borrowed) {
      this.idle.push(borrowed);
      this.all.add(borrowed);
    }
  }

  /** acquire waits for a free connection, opening a new one while below `size`. */
  async acquire(): Promise<Driver> {
    const free = this.idle.pop();
    if (free) return free;
    if (this.all.size + this.opening < this.size) {
      this.opening++;
      try {
        const driver = await openDriver(this.url, this.root, { readOnly: this.readOnly });
        this.all.add(driver);
        return driver;
      } finally {
        this.opening--;
      }
    }
    const handed = await new Promise<Driver | undefined>((resolve) => this.waiters.push(resolve));
    return handed ?? this.acquire();
  }

  /**
   * release returns a connection. A broken one (its backend was terminated, say) is closed and
   * forgotten, so the next acquire opens a fresh one instead of failing every later tenant.
   */
  async release(driver: Driver, broken = false): Promise<void> {
    if (broken && driver !== this.borrowed) {
      this.all.delete(driver);
      await driver.close().catch(() => {});
      this.waiters.shift()?.(undefined);
      return;
    }
    const waiter = this.waiters.shift();
    if (waiter) waiter(driver);
    else this.idle.push(driver);
  }

  /** close closes every connection this pool opened (never a borrowed one). */
  async close(): Promise<void> {
    const owned = [...this.all].filter((d) => d !== this.borrowed);
    this.all.clear();
    this.idle.length = 0;
    await Promise.all(owned.map((d) => d.close().catch(() => {})));
  }
}

/** isAlive tells whether a connection still answers (after a failure, to decide whether to drop it). */
export async function isAlive(driver: Driver): Promise<boolean> {
  try {
    await driver.query('SELECT 1');
    return true;
  } catch {
    return false;
  }
}

/** ShardPools keeps one {@link ConnectionPool} per database a run touches. */
export class ShardPools {
  private readonly pools = new Map<string, ConnectionPool>();

  constructor(
    private readonly mainUrl: string,
    private readonly shards: Readonly<Record<string, string>>,
    private readonly root: string,
    private readonly size: number,
    private readonly control: Driver,
    private readonly readOnly = false,
  ) {}

  /** urlOf is the database URL of a shard (null: the project's database). */
  urlOf(shard: string | null): string {
    if (shard === null) return this.mainUrl;
    const url = this.shards[shard];
    if (url === undefined) throw new Error(`shard "${shard}" is not in the tenants.shards config key`);
    return url;
  }

  /** pool returns the pool for a shard, creating it on first use. */
  pool(shard: string | null): ConnectionPool {
    const key = shard ?? '';
    let pool = this.pools.get(key);
    if (!pool) {
      const url = this.urlOf(shard);
      const borrow = url === this.mainUrl && parseDatabaseUrl(url, this.root).kind === 'pglite' ? this.control : undefined;
      pool = new ConnectionPool(url, this.size, this.root, borrow, this.readOnly);
      this.pools.set(key, pool);
    }
    return pool;
  }

  /** close closes every pool. */
  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((p) => p.close()));
    this.pools.clear();
  }
}
