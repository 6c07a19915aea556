import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LockTimeoutError } from '../../src/index.js';
import { openPgliteDriver } from '../../src/driver/pglite/pglite-driver.js';
import { cacheRoot, templateDataDir, templateFiles } from '../../src/driver/pglite/template.js';
import { CLI, runCli, spawnCli } from '../support/cli.js';
import { createProject, type TestProject } from '../support/project.js';

/**
 * PGlite directories only (a server has no data directory of ours): the states a kill leaves on
 * disk — a lock file without a live holder, a seed copy not renamed into place, a directory an
 * older version half-copied — are made by hand, then the CLI or the API is run over them.
 */

const MIGRATION = '-- migrate:up\nCREATE TABLE survived (id int);\n-- migrate:down\nDROP TABLE survived;\n';

async function withProject(work: (project: TestProject, dataDir: string) => Promise<void>): Promise<void> {
  const project = await createProject({ migrations: { '001_survived.sql': MIGRATION } });
  try {
    await work(project, path.join(project.dir, 'db'));
  } finally {
    await project.dispose();
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

async function appliedTables(project: TestProject): Promise<string> {
  const result = await runCli(['inspect', '--json', '--database', 'pglite:db'], { cwd: project.dir });
  assert.equal(result.code, 0, result.stderr);
  return result.stdout;
}

describe('a PGlite lock file nobody holds is taken over with one notice', () => {
  it("a directory Tidemark made opens with a plain new PGlite(dir) in the user's own app, extensions used or not", async () => {
    await withProject(async (project, dataDir) => {
      const migrated = await runCli(['migrate', '--database', `pglite:${dataDir}`], { cwd: project.dir });
      assert.equal(migrated.code, 0, migrated.stderr);
      // pg_stat_statements is the contrib module that asks to be preloaded: its preload must not
      // end up in the directory's postgresql.conf, where a plain PGlite could not honour it.
      const db = await openPgliteDriver(dataDir, 'pglite:db');
      await db.runScript('CREATE EXTENSION pg_stat_statements; CREATE TABLE plain_reads_this (id int)');
      await db.close();
      const { PGlite } = await import('@electric-sql/pglite');
      const plain = new PGlite(dataDir);
      try {
        const { rows } = await plain.query<{ name: string }>("SELECT relname AS name FROM pg_class WHERE relname IN ('survived', 'plain_reads_this') ORDER BY 1");
        assert.deepEqual(rows.map((r) => r.name), ['plain_reads_this', 'survived']);
      } finally {
        await plain.close();
      }
    });
  });

  const past = new Date(Date.now() - 60_000);

  it('empty (an older version killed between creating and writing it): the CLI goes ahead at once, says so in one line', async () => {
    await withProject(async (project, dataDir) => {
      const lockPath = `${dataDir}.lock`;
      await fs.writeFile(lockPath, '');
      await fs.utimes(lockPath, past, past);
      const started = Date.now();
      const result = await runCli(['migrate', '--database', 'pglite:db'], { cwd: project.dir });
      assert.equal(result.code, 0, result.stderr);
      assert.ok(Date.now() - started < 60_000, 'no 60 s lock wait for a holder that is not there');
      const notices = result.stderr.split('\n').filter((line) => line.startsWith('notice:'));
      assert.deepEqual(notices, [`notice: took over the lock of PGlite data directory ${dataDir}: it is empty (lock file ${lockPath})`], result.stderr);
      assert.ok(!result.stderr.includes('NaN'));
      assert.equal(await fs.stat(lockPath).then(() => true, () => false), false, 'lock released after the run');
      assert.match(await appliedTables(project), /survived/);
    });
  });

  it('garbage, a dead process, an unreadable lock: the API goes ahead at once, one notice each through onNotice', async () => {
    await withProject(async (_project, dataDir) => {
      const lockPath = `${dataDir}.lock`;
      const states: readonly { make: () => Promise<void>; why: RegExp }[] = [
        { make: () => fs.writeFile(lockPath, 'not-a-pid\n'), why: /: it holds "not-a-pid", not a process id \(lock file / },
        { make: async () => fs.writeFile(lockPath, String(await deadPid())), why: /: process \d+, which holds it, is not running \(lock file / },
        { make: () => fs.mkdir(lockPath), why: /: it cannot be read \(EISDIR\) \(lock file / },
      ];
      for (const state of states) {
        await state.make();
        await fs.utimes(lockPath, past, past);
        const notices: string[] = [];
        const db = await openPgliteDriver(dataDir, 'pglite:db', { lockWaitMs: 60_000, onNotice: (m) => notices.push(m) });
        try {
          assert.equal(notices.length, 1, notices.join('\n'));
          assert.match(notices[0]!, new RegExp(`^took over the lock of PGlite data directory ${escapeRegExp(dataDir)}: `));
          assert.match(notices[0]!, state.why);
          assert.equal((await db.query<{ one: number }>('SELECT 1 AS one')).rows[0]?.one, 1);
        } finally {
          await db.close();
        }
        assert.equal(await fs.stat(lockPath).then(() => true, () => false), false, 'lock released');
      }
    });
  });

  it('through the API the notice goes to onNotice; a lock of a live process is still waited for, and named', async () => {
    await withProject(async (_project, dataDir) => {
      await fs.writeFile(`${dataDir}.lock`, 'x');
      const notices: string[] = [];
      const db = await openPgliteDriver(dataDir, 'pglite:db', { onNotice: (m) => notices.push(m) });
      await db.query('SELECT 1');
      assert.equal(notices.length, 1);
      assert.match(notices[0]!, /it holds "x", not a process id/);
      // Held now, by this (live) process: a second opener waits, then says who holds it.
      await assert.rejects(openPgliteDriver(dataDir, 'pglite:db', { lockWaitMs: 300, onNotice: (m) => notices.push(m) }), (error: Error) => {
        assert.ok(error instanceof LockTimeoutError);
        assert.match(error.message, new RegExp(`in use by process ${process.pid} `));
        return true;
      });
      assert.equal(notices.length, 1, 'a live holder is never taken over');
      await db.close();
    });
  });

  it('three processes racing to take over the same stale lock run one at a time and apply the migration once', async () => {
    await withProject(async (project, dataDir) => {
      await fs.writeFile(`${dataDir}.lock`, String(await deadPid()));
      const results = await Promise.all([0, 1, 2].map(() => spawnCli(['migrate', '--database', 'pglite:db'], { cwd: project.dir })));
      for (const result of results) assert.equal(result.code, 0, result.stderr);
      const notices = results.flatMap((r) => r.stderr.split('\n').filter((l) => l.startsWith('notice:')));
      assert.ok(notices.length >= 1, 'the stale lock was reported');
      const history = await runCli(['history', '--json', '--database', 'pglite:db'], { cwd: project.dir });
      assert.equal(history.code, 0, history.stderr);
      const events = (JSON.parse(history.stdout) as { events: { version: string; action: string }[] }).events;
      assert.deepEqual(events.map((e) => `${e.action} ${e.version}`), ['up 001'], history.stdout);
    });
  });
});

describe('a PGlite directory is seeded whole or not at all', () => {
  it('a seed copy and lock scratch files left by a kill are removed, and the directory seeded again', async () => {
    await withProject(async (_project, dataDir) => {
      const leftover = `${dataDir}.seeding-12345-1`;
      await fs.mkdir(path.join(leftover, 'base'), { recursive: true });
      await fs.writeFile(path.join(leftover, 'PG_VERSION'), '17\n');
      const dead = await deadPid();
      const scratch = [`${dataDir}.lock.${dead}-deadbeef`, `${dataDir}.lock.stale-${dead}-cafebabe`];
      for (const file of scratch) await fs.writeFile(file, String(dead));
      // A live process's scratch file is its own business.
      const live = `${dataDir}.lock.${process.pid}-0badc0de`;
      await fs.writeFile(live, String(process.pid));
      const db = await openPgliteDriver(dataDir, 'pglite:db');
      try {
        assert.equal((await db.query<{ one: number }>('SELECT 1 AS one')).rows[0]?.one, 1);
      } finally {
        await db.close();
      }
      assert.equal(await fs.stat(leftover).then(() => true, () => false), false, 'leftover removed');
      for (const file of scratch) assert.equal(await fs.stat(file).then(() => true, () => false), false, `${file} removed`);
      assert.equal(await fs.stat(live).then(() => true, () => false), true, 'a live process\'s file is kept');
    });
  });

  it('kill -9 during the first open — lock taken, copy under way, directory in place — leaves a directory the next run opens', async () => {
    await withProject(async (project, dataDir) => {
      const parent = path.dirname(dataDir);
      const base = path.basename(dataDir);
      // Each moment is watched for on disk, so the kill lands there on a busy machine as on a quiet one.
      const moments: readonly { name: string; reached: (names: readonly string[]) => boolean; thenMs: number }[] = [
        { name: 'lock taken', reached: (names) => names.includes(`${base}.lock`), thenMs: 0 },
        { name: 'copy under way', reached: (names) => names.some((n) => n === base || n.startsWith(`${base}.seeding-`)), thenMs: 0 },
        { name: 'directory in place, PGlite starting', reached: (names) => names.includes(base), thenMs: 200 },
      ];
      for (const moment of moments) {
        await fs.rm(dataDir, { recursive: true, force: true });
        const child = spawn(process.execPath, [CLI, 'migrate', '--database', 'pglite:db'], { cwd: project.dir, stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } });
        const exited = new Promise((resolve) => child.on('exit', resolve));
        let done = false;
        void exited.then(() => (done = true));
        while (!done && !moment.reached(await fs.readdir(parent))) await new Promise((resolve) => setTimeout(resolve, 2));
        assert.ok(!done, `the run ended before "${moment.name}" was seen`);
        if (moment.thenMs > 0) await new Promise((resolve) => setTimeout(resolve, moment.thenMs));
        child.kill('SIGKILL');
        await exited;
        const again = await runCli(['migrate', '--database', 'pglite:db'], { cwd: project.dir });
        assert.equal(again.code, 0, `after a kill at "${moment.name}":\n${again.stderr}`);
      }
      assert.match(await appliedTables(project), /survived/);
    });
  });

  it('a directory half-copied by an older version is refused in one line naming it and what to do, and left alone', async () => {
    await withProject(async (project, dataDir) => {
      await fs.mkdir(path.join(dataDir, 'base'), { recursive: true });
      await fs.writeFile(path.join(dataDir, 'PG_VERSION'), '17\n');
      const before = (await fs.readdir(dataDir)).sort();
      const result = await runCli(['status', '--database', 'pglite:db'], { cwd: project.dir });
      assert.equal(result.code, 3);
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
      assert.match(result.stderr, new RegExp(`PGlite data directory ${escapeRegExp(dataDir)} is incomplete \\(no global/pg_control;.*remove it \\(rm -rf`));
      assert.ok(!/Aborted/.test(result.stderr));
      assert.deepEqual((await fs.readdir(dataDir)).sort(), before, 'nothing removed or added');
    });
  });

  it('a directory with every file initdb leaves but damaged inside says so, not "Aborted()"', async () => {
    const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'tm-pglite-damaged-'));
    try {
      const dataDir = path.join(scratch, 'db');
      await (await openPgliteDriver(dataDir, 'pglite:db')).close();
      await fs.rm(path.join(dataDir, 'pg_xact'), { recursive: true });
      await assert.rejects(openPgliteDriver(dataDir, 'pglite:db'), (error: Error & { exitCode?: number }) => {
        assert.equal(error.exitCode, 3);
        assert.match(error.message, new RegExp(`PGlite could not open data directory ${escapeRegExp(dataDir)} \\(.*\\): it is damaged .*remove it and run again$`));
        assert.equal(error.message.split('\n').length, 1);
        return true;
      });
    } finally {
      await fs.rm(scratch, { recursive: true, force: true });
    }
  });

  it('what a template build killed half-way left in the cache is removed by the next process that reads the template', async () => {
    const template = await templateDataDir();
    const saved = process.env['TIDEMARK_CACHE_DIR'];
    const cache = await fs.mkdtemp(path.join(os.tmpdir(), 'tm-cache-'));
    try {
      process.env['TIDEMARK_CACHE_DIR'] = cache;
      const folder = path.join(cacheRoot(), path.basename(path.dirname(template)));
      await fs.cp(template, path.join(folder, 'template'), { recursive: true });
      const dead = await deadPid();
      const leftovers = [`template.building-${dead}-1`, `template.tar.dir-${dead}-2`].map((n) => path.join(folder, n));
      for (const dir of leftovers) await fs.mkdir(path.join(dir, 'base'), { recursive: true });
      await templateFiles();
      assert.deepEqual((await fs.readdir(folder)).sort(), ['template']);
    } finally {
      if (saved === undefined) delete process.env['TIDEMARK_CACHE_DIR'];
      else process.env['TIDEMARK_CACHE_DIR'] = saved;
      await fs.rm(cache, { recursive: true, force: true });
    }
  });
});
