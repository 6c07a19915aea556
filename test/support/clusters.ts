import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import pg from 'pg';
import type { TestDatabase } from './databases.js';

const run = promisify(execFile);

/**
 * Throw-away PostgreSQL clusters for tests (and bench/tenants) that need several servers: a shard
 * stopped mid-run, a fleet spread over three machines. Each cluster is `initdb` + `pg_ctl` from the
 * installed server (the newest /usr/lib/postgresql/<version>/bin, as .ci/run finds it, or
 * TIDEMARK_TEST_PG_BINDIR), run as user `postgres` when we are root, trust auth, listening on
 * 127.0.0.1 on a free port, its socket and data directory in a temp dir removed by `teardown` (and,
 * should a test file die before that, by an exit hook).
 *
 * @example const clusters = await startClusters(3); after(() => clusters.teardown());
 */
export interface Cluster {
  readonly name: string;
  readonly port: number;
  readonly running: boolean;
  /** url is a URL of a database on this cluster (default `postgres`). */
  url(database?: string): string;
  /** stop stops the server: `immediate` (default) is a crash (no checkpoint, backends killed), `fast` a clean shutdown. */
  stop(mode?: 'immediate' | 'fast'): Promise<void>;
  /** start starts it again on the same port and data directory. */
  start(): Promise<void>;
  /** createDatabase makes a fresh database on this cluster; dispose drops it (a no-op while the cluster is stopped). */
  createDatabase(): Promise<TestDatabase>;
}

/** Clusters is a set of running throw-away clusters and the way to remove them. */
export interface Clusters {
  readonly all: readonly Cluster[];
  /** urls of `database` (default `postgres`) on every cluster, in order. */
  urls(database?: string): string[];
  /** teardown stops every server at once (`pg_ctl -m immediate`) and removes the temp dir. Safe to call twice. */
  teardown(): Promise<void>;
}

/** ClusterOptions of {@link startClusters}. */
export interface ClusterOptions {
  /**
   * fsync and full-page writes off: they guard against the machine crashing, and a throw-away
   * cluster does not outlive that; tests run faster. A stopped server (even `-m immediate`) loses
   * nothing committed: synchronous_commit stays on. Default true; bench/tenants keeps the defaults.
   */
  readonly fast?: boolean;
  /** max_connections of each server (default 40). */
  readonly maxConnections?: number;
}

/**
 * pgBinDir finds the installed server's bin directory. A machine without one fails the test with
 * this message; cluster tests are never skipped silently.
 */
export function pgBinDir(): string {
  const fromEnv = process.env['TIDEMARK_TEST_PG_BINDIR'];
  const candidates = fromEnv ? [fromEnv] : listBinDirs();
  const dir = candidates.at(-1);
  if (!dir || !fs.existsSync(path.join(dir, 'initdb')) || !fs.existsSync(path.join(dir, 'pg_ctl'))) {
    throw new Error(
      `cluster tests need PostgreSQL's server binaries (initdb, pg_ctl): none in ${fromEnv ?? '/usr/lib/postgresql/*/bin'}; install the postgresql server package or set TIDEMARK_TEST_PG_BINDIR`,
    );
  }
  return dir;
}

function listBinDirs(): string[] {
  const base = '/usr/lib/postgresql';
  const versions = fs.existsSync(base) ? fs.readdirSync(base).filter((v) => /^\d+(\.\d+)?$/.test(v)) : [];
  // `sort -V`: numeric versions, newest last.
  return versions.sort((a, b) => Number(a) - Number(b)).map((v) => path.join(base, v, 'bin'));
}

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** pgUser returns the uid/gid of `postgres` (the server refuses to run as root). */
function pgUser(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch (error) {
    throw new Error('cluster tests run as root need a "postgres" system user to run the servers as', { cause: error });
  }
}

/** command runs a server binary as `postgres` when we are root, as ourselves otherwise. */
function command(bin: string, args: readonly string[]): [string, string[]] {
  return asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, [...args]];
}

async function exec(bin: string, args: readonly string[]): Promise<void> {
  const [file, argv] = command(bin, args);
  await run(file, argv, { timeout: 120_000 });
}

/** freePort asks the kernel for a port nobody listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Directories still to remove should the process exit before teardown (a crashed test file). */
const live = new Map<string, () => void>();
let hooked = false;
function onExit(key: string, cleanup: () => void): void {
  live.set(key, cleanup);
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    for (const fn of live.values()) fn();
  });
}

/**
 * startClusters initializes `n` clusters (one initdb, the others copies of its data directory: an
 * initdb costs seconds of CPU) and starts them in parallel.
 */
export async function startClusters(n: number, options: ClusterOptions = {}): Promise<Clusters> {
  const bin = pgBinDir();
  const pgctl = path.join(bin, 'pg_ctl');
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tm-clusters-'));
  const owner = asRoot ? pgUser() : undefined;
  if (owner) fs.chownSync(root, owner.uid, owner.gid);
  const dataDir = (i: number) => path.join(root, `c${i}`);
  const killAll = () => {
    for (let i = 0; i < n; i++) {
      if (!fs.existsSync(path.join(dataDir(i), 'postmaster.pid'))) continue;
      const [file, argv] = command(pgctl, ['-D', dataDir(i), '-m', 'immediate', 'stop']);
      try {
        execFileSync(file, argv, { stdio: 'ignore', timeout: 30_000 });
      } catch {
        // Already stopped.
      }
    }
    fs.rmSync(root, { recursive: true, force: true });
  };
  onExit(root, killAll);

  const settings = [
    '-c listen_addresses=127.0.0.1',
    `-c max_connections=${options.maxConnections ?? 40}`,
    ...(options.fast === false ? [] : ['-c fsync=off', '-c full_page_writes=off']),
  ];
  try {
    await exec(path.join(bin, 'initdb'), ['-D', dataDir(0), '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync']);
    // cp -a keeps the owner and the 0700 mode the server insists on.
    for (let i = 1; i < n; i++) await run('cp', ['-a', dataDir(0), dataDir(i)]);
    const clusters = await Promise.all(Array.from({ length: n }, (_, i) => makeCluster(`c${i}`, dataDir(i), root, pgctl, settings)));
    let done = false;
    return {
      all: clusters,
      urls: (database) => clusters.map((c) => c.url(database)),
      async teardown() {
        if (done) return;
        done = true;
        live.delete(root);
        await Promise.all(clusters.map((c) => (c.running ? c.stop('immediate').catch(() => {}) : undefined)));
        fs.rmSync(root, { recursive: true, force: true });
      },
    };
  } catch (error) {
    live.delete(root);
    killAll();
    throw error;
  }
}

async function makeCluster(name: string, dataDir: string, root: string, pgctl: string, settings: readonly string[]): Promise<Cluster> {
  let port = 0;
  let running = false;
  const log = path.join(root, `${name}.log`);
  const start = async (): Promise<void> => {
    // A port found free can be taken before the server binds it (another test file): try another.
    for (let attempt = 0; ; attempt++) {
      if (port === 0 || attempt > 0) port = await freePort();
      try {
        await exec(pgctl, ['-D', dataDir, '-l', log, '-w', '-t', '60', '-o', [`-p ${port}`, `-k ${root}`, ...settings].join(' '), 'start']);
        running = true;
        return;
      } catch (error) {
        const tail = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').slice(-15).join('\n') : '';
        if (attempt < 3 && /already in use/i.test(tail)) continue;
        throw new Error(`could not start throw-away cluster ${name} on port ${port}: ${(error as Error).message}\n${tail}`, { cause: error });
      }
    }
  };
  const cluster: Cluster = {
    name,
    get port() {
      return port;
    },
    get running() {
      return running;
    },
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async stop(mode = 'immediate') {
      await exec(pgctl, ['-D', dataDir, '-m', mode, '-w', 'stop']);
      running = false;
    },
    async start() {
      // Restart on the port the fleet's config names.
      await exec(pgctl, ['-D', dataDir, '-l', log, '-w', '-t', '60', '-o', [`-p ${port}`, `-k ${root}`, ...settings].join(' '), 'start']);
      running = true;
    },
    async createDatabase() {
      const database = `tm_test_${process.pid}_${randomBytes(4).toString('hex')}`;
      await admin(cluster.url(), `CREATE DATABASE ${database}`);
      return {
        url: cluster.url(database),
        dispose: async () => {
          if (running) await admin(cluster.url(), `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
        },
      };
    },
  };
  await start();
  return cluster;
}

async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
