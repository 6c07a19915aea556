import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { openDriver } from '../../src/index.js';
import { CLI } from './cli.js';
import { dumpSchema } from './pg-dump.js';

/**
 * Studio's tests drive the page in the machine's Chromium (Debian's `chromium`, found on PATH; `.ci/run`
 * installs it when missing) through playwright-core. Without it they fail, never skip: the page
 * is only tested where a browser renders it.
 */
export function chromiumPath(): string {
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter)) {
    for (const name of ['chromium', 'chromium-browser']) {
      const candidate = path.join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  throw new Error('no chromium on PATH: install Debian\'s "chromium" package (.ci/run does)');
}

/** withBrowser runs `work` with a page of a fresh headless Chromium profile, removed afterwards. */
export async function withBrowser<T>(work: (page: Page, context: BrowserContext) => Promise<T>, viewport = { width: 1400, height: 900 }): Promise<T> {
  const profile = await fs.mkdtemp(path.join(os.tmpdir(), 'tm-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    // Without the background-networking flags Chromium keeps trying hosts this closed network refuses.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport,
    acceptDownloads: true,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const result = await work(page, context);
    if (errors.length) throw new Error(`the page threw: ${errors.join('; ')}`);
    return result;
  } finally {
    await context.close().catch(() => {});
    await fs.rm(profile, { recursive: true, force: true });
  }
}

/** StudioProcess is `tidemark studio` running as a user starts it. */
export interface StudioProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything it printed on stderr so far. */
  stderr(): string;
  /** stop sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** startStudio runs the built CLI's `studio --port 0` in `cwd` and waits for the address it prints. */
export async function startStudio(cwd: string, args: readonly string[] = [], extraEnv: Record<string, string> = {}): Promise<StudioProcess> {
  const env = Object.fromEntries(Object.entries({ ...process.env, NO_COLOR: '1', ...extraEnv }).filter(([k, v]) => v !== undefined && k !== 'DATABASE_URL')) as Record<string, string>;
  const child = spawn(process.execPath, [CLI, 'studio', '--port', '0', ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      stdout += d;
      const found = /Studio: (http:\/\/\S+)/.exec(stdout);
      if (found) resolve(found[1]!);
    });
    void exited.then((code) => reject(new Error(`tidemark studio exited with ${code} before listening: ${stderr.trim()}`)));
  });
  return {
    url,
    child,
    stderr: () => stderr,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/**
 * databaseSnapshot is everything Studio must leave alone: the schema as pg_dump prints it, and a
 * digest of every row of every table — the application's, the tenants' and Tidemark's own
 * history, registry and audit log.
 */
export async function databaseSnapshot(url: string): Promise<{ schema: string; rows: Record<string, string> }> {
  const schema = await dumpSchema(url);
  const db = await openDriver(url);
  try {
    const { rows: tables } = await db.query<{ name: string }>(
      `SELECT format('%I.%I', n.nspname, c.relname) AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%' ORDER BY 1`,
    );
    const rows: Record<string, string> = {};
    for (const { name } of tables) {
      const { rows: digest } = await db.query<{ n: string; md5: string | null }>(`SELECT count(*)::text AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS md5 FROM ${name} AS t`);
      rows[name] = `${digest[0]!.n} ${digest[0]!.md5 ?? '-'}`;
    }
    return { schema, rows };
  } finally {
    await db.close();
  }
}

/** getJson fetches one of Studio's endpoints. */
export async function getJson(base: string, endpoint: string, init?: RequestInit): Promise<{ status: number; body: unknown }> {
  const response = await fetch(new URL(endpoint, base), init);
  return { status: response.status, body: await response.json().catch(() => null) };
}
