import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { openTidemark, SHADOW_PREFIX, type Tidemark } from '../../src/index.js';
import { onInterrupt, pendingCleanups } from '../../src/shadow/interrupt.js';
import { SERVER_URL, postgresTarget, targets, withAdmin } from '../support/databases.js';
import { createProject, type TestProject } from '../support/project.js';
import { CLI, runCli } from '../support/cli.js';
import { tenantProject } from '../tenants/helpers.js';

// The dev database is a server: every test here uses the test server as the dev database, and
// checks pg_database for the shadow databases (`tidemark_shadow_<pid>_<random>`) a run leaves.

/** shadowsOf lists the shadow databases a process created (all of them without a pid). */
async function shadowsOf(pid?: number): Promise<string[]> {
  const prefix = pid === undefined ? SHADOW_PREFIX : `${SHADOW_PREFIX}${pid}_`;
  return withAdmin(async (c) => (await c.query<{ datname: string }>('SELECT datname FROM pg_database WHERE starts_with(datname, $1) ORDER BY 1', [prefix])).rows.map((r) => r.datname));
}

async function dropShadowsOf(pid: number): Promise<void> {
  for (const name of await shadowsOf(pid)) await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

const MIGRATION = `-- migrate:up
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL, mood mood);
-- migrate:down
DROP TABLE users;
DROP TYPE mood;
`;

const SCHEMA = `
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL UNIQUE, mood mood);
CREATE TABLE posts (id int PRIMARY KEY, user_id int NOT NULL REFERENCES users (id) ON DELETE CASCADE, title text);
CREATE INDEX posts_user_id ON posts (user_id);
`;

async function fixture(database: string): Promise<TestProject> {
  const project = await createProject({ config: { database, online: false }, migrations: { '001_users.sql': MIGRATION } });
  await fs.mkdir(path.join(project.dir, 'schema'));
  await fs.writeFile(path.join(project.dir, 'schema', 'schema.sql'), SCHEMA);
  return project;
}

/** What generate, diff and drift make of the fixture, through one Tidemark instance. */
async function results(tm: Tidemark, project: TestProject): Promise<Record<string, unknown>> {
  const diff = await tm.diff();
  const drift = await tm.drift();
  const generated = await tm.generate('posts', { now: () => new Date(Date.UTC(2026, 0, 2, 3, 4, 5)) });
  const files = await Promise.all(generated.files.map(async (f) => [f, await fs.readFile(path.join(project.dir, f), 'utf8')]));
  for (const f of generated.files) await fs.rm(path.join(project.dir, f));
  // Removing a migration by hand is what tidemark.sum catches; rewrite it as a user would.
  await tm.sum();
  const sql = (plan: { up: readonly { sql: string }[]; down: readonly { sql: string }[] }) => ({ up: plan.up.map((s) => s.sql), down: plan.down.map((s) => s.sql) });
  return {
    diff: { ...sql(diff), verified: diff.verified },
    drift: { drifted: drift.drifted, ...sql(drift.plan) },
    generate: { files, verified: generated.verified },
  };
}

for (const target of targets) {
  describe(`dev database: the same results as PGlite shadows [target ${target.name}]`, () => {
    it('generate, diff (verified) and drift agree, and no shadow database is left', async () => {
      const db = await target.create();
      const project = await fixture(db.url);
      try {
        const pglite = await openTidemark({ cwd: project.dir });
        let expected: Record<string, unknown>;
        try {
          await pglite.migrate();
          // Drift: a column the migrations do not have.
          await (await pglite.db()).runScript('ALTER TABLE users ADD COLUMN nickname text');
          expected = await results(pglite, project);
        } finally {
          await pglite.close();
        }
        const dev = await openTidemark({ cwd: project.dir, devDatabase: SERVER_URL });
        try {
          assert.equal(dev.project.devDatabase, SERVER_URL);
          const actual = await results(dev, project);
          assert.deepEqual(actual, expected);
          // The fixture is not trivial: each command found something to do, and plans were proven.
          assert.equal((expected['drift'] as { drifted: boolean }).drifted, true);
          assert.equal((expected['diff'] as { verified: unknown }).verified, true);
          assert.equal((expected['generate'] as { files: unknown[] }).files.length, 1);
        } finally {
          await dev.close();
        }
        assert.deepEqual(await shadowsOf(process.pid), []);
      } finally {
        await project.dispose();
        await db.dispose();
      }
    });
  });
}

describe('dev database on the server', () => {
  it('replays into a temporary database of the server (from the API) and drops it; roles are created only when missing and never dropped', async () => {
    const existing = `tm_devdb_old_${randomBytes(3).toString('hex')}`;
    const created = `tm_devdb_new_${randomBytes(3).toString('hex')}`;
    // The replay records the database it runs in, as the comment of its table.
    const recording = `-- migrate:up\nCREATE TABLE t (id int);\nDO $$ BEGIN EXECUTE format('COMMENT ON TABLE t IS %L', current_database()); END $$;\nGRANT SELECT ON t TO ${existing}, ${created};\n-- migrate:down\nDROP TABLE t;\n`;
    const project = await createProject({ config: { devDatabase: SERVER_URL, roles: [existing, created] }, migrations: { '001_t.sql': recording } });
    await withAdmin((c) => c.query(`CREATE ROLE ${existing}`));
    try {
      const tm = await openTidemark({ cwd: project.dir });
      try {
        const model = await tm.model('migrations:migrations');
        const table = model.tables.find((t) => t.name === 't');
        assert.match(table?.comment ?? '', new RegExp(`^${SHADOW_PREFIX}${process.pid}_[0-9a-f]{6}_[0-9a-f]{8}$`));
        assert.deepEqual(await shadowsOf(process.pid), [], 'the shadow database was dropped');
        assert.equal(pendingCleanups(), 0, 'no interrupt handler stays registered');
      } finally {
        await tm.close();
      }
      const roles = await withAdmin(async (c) => (await c.query<{ rolname: string }>('SELECT rolname FROM pg_roles WHERE rolname = ANY($1) ORDER BY 1', [[existing, created]])).rows.map((r) => r.rolname));
      assert.deepEqual(roles, [created, existing].sort(), 'the role that existed is still there; the one created is left (README)');
    } finally {
      await withAdmin((c) => c.query(`DROP ROLE IF EXISTS ${existing}; DROP ROLE IF EXISTS ${created}`));
      await project.dispose();
    }
  });

  it('a failing command drops its shadow database; bad and unreachable dev databases are one line with the URL redacted', async () => {
    const failing = `-- migrate:up\nDO $$ BEGIN RAISE EXCEPTION 'replayed in %', current_database(); END $$;\n-- migrate:down\nSELECT 1;\n`;
    const project = await createProject({ migrations: { '001_fail.sql': failing } });
    try {
      const before = await shadowsOf();
      const cli = (...args: string[]) => runCli(args, { cwd: project.dir });
      const failed = await cli('--dev-database', SERVER_URL, 'diff', '--from', 'migrations:migrations', '--to', 'migrations:migrations');
      assert.equal(failed.code, 1, failed.stderr);
      const name = new RegExp(`replayed in (${SHADOW_PREFIX}\\d+_[0-9a-f]{6}_[0-9a-f]{8})`).exec(failed.stderr)?.[1];
      assert.ok(name, failed.stderr);
      const after = await shadowsOf();
      assert.ok(!after.includes(name), `${name} was dropped`);
      assert.deepEqual(after.filter((n) => !before.includes(n) && n.startsWith(name.replace(/[0-9a-f]{8}$/, ''))), []);

      const unreachable = new URL(SERVER_URL);
      unreachable.port = '1';
      unreachable.password = 'hunter2';
      const refused = await cli('--dev-database', unreachable.toString(), 'diff', '--from', 'migrations:migrations', '--to', 'migrations:migrations');
      assert.equal(refused.code, 3);
      assert.equal(refused.stderr.trim().split('\n').length, 1, refused.stderr);
      assert.match(refused.stderr, /^error: could not connect to dev database postgres:\/\/\S*:\*\*\*@127\.0\.0\.1:1\/\S*: connection refused/);
      assert.doesNotMatch(refused.stderr, /hunter2/);

      const embedded = await cli('--dev-database', 'pglite:memory', 'inspect');
      assert.equal(embedded.code, 2);
      assert.match(embedded.stderr, /^error: invalid dev database pglite:memory: expected a postgres:\/\/ or postgresql:\/\/ URL/);
    } finally {
      await project.dispose();
    }
  });

  it('a tenant-defined schema is loaded in a shadow database on the dev server', async () => {
    const db = await postgresTarget.create();
    const p = await tenantProject({ database: db.url, devDatabase: SERVER_URL }, {});
    try {
      const fleet = p.tm.tenants();
      await fleet.add('acme');
      // The definition records the database it is loaded in; the plan carries that comment to the tenant.
      const definition = "create table invoices (id int primary key);\nDO $$ BEGIN EXECUTE format('COMMENT ON TABLE invoices IS %L', current_database()); END $$;\n";
      const applied = await fleet.applyTenantSchema('acme', definition);
      assert.equal(applied.status, 'success', applied.details);
      const [row] = await p.rows<{ comment: string }>("select obj_description('tenant_acme.invoices'::regclass, 'pg_class') as comment");
      assert.match(row?.comment ?? '', new RegExp(`^${SHADOW_PREFIX}${process.pid}_`));
      assert.deepEqual(await shadowsOf(process.pid), []);
    } finally {
      await p.dispose();
      await db.dispose();
    }
  });

  it("drift with a dev database: a server database using citext, migrations that create it — no changes, no version note", async () => {
    const db = await postgresTarget.create();
    const migration = '-- migrate:up\nCREATE EXTENSION IF NOT EXISTS citext;\nCREATE TABLE users (id int PRIMARY KEY, email citext NOT NULL UNIQUE);\n-- migrate:down\nDROP TABLE users;\nDROP EXTENSION citext;\n';
    const project = await createProject({ config: { database: db.url }, migrations: { '001_users.sql': migration } });
    try {
      const cli = (...args: string[]) => runCli(args, { cwd: project.dir });
      const migrated = await cli('migrate');
      assert.equal(migrated.code, 0, migrated.stderr);
      const drift = await cli('--dev-database', SERVER_URL, 'drift', '--json');
      assert.equal(drift.code, 0, drift.stderr);
      const report = JSON.parse(drift.stdout) as { drifted: boolean };
      assert.equal(report.drifted, false, drift.stdout);
      // The shadow's citext is the server's own: the same version, so nothing to note either.
      assert.doesNotMatch(drift.stderr, /citext/);
      const text = await cli('--dev-database', SERVER_URL, 'drift');
      assert.equal(text.code, 0, text.stderr);
      assert.match(text.stdout, /No drift/);
      assert.doesNotMatch(text.stdout + text.stderr, /Dropped extension/);
    } finally {
      await project.dispose();
      await db.dispose();
    }
  });
});

/** startSlow starts a CLI whose migrations replay sleeps, and resolves once the sleep runs in its shadow. */
async function startSlow(project: TestProject): Promise<{ pid: number; shadow: string; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>; kill: (s: NodeJS.Signals) => void }> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env['DATABASE_URL'];
  const child = spawn(process.execPath, [CLI, '--dev-database', SERVER_URL, 'diff', '--from', 'migrations:migrations', '--to', 'migrations:migrations'], { cwd: project.dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr })));
  const pid = child.pid!;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const rows = await withAdmin(async (c) => (await c.query<{ datname: string }>("SELECT datname FROM pg_stat_activity WHERE starts_with(datname, $1) AND query LIKE '%pg_sleep%' AND state = 'active'", [`${SHADOW_PREFIX}${pid}_`])).rows);
    if (rows[0]) return { pid, shadow: rows[0].datname, exited, kill: (s) => child.kill(s) };
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`the slow replay never started: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('dev database: interrupted commands', () => {
  it('SIGINT and SIGTERM mid-replay drop the shadow database before the process exits (130, 143)', async () => {
    const project = await createProject({ migrations: { '001_slow.sql': '-- migrate:up\nSELECT pg_sleep(60);\n-- migrate:down\nSELECT 1;\n' } });
    try {
      for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
        const run = await startSlow(project);
        try {
          assert.ok((await shadowsOf(run.pid)).includes(run.shadow));
          run.kill(signal);
          const exit = await run.exited;
          assert.equal(exit.code, code, exit.stderr);
          assert.deepEqual(await shadowsOf(run.pid), [], `${signal}: the shadow database is gone`);
        } finally {
          await dropShadowsOf(run.pid);
        }
      }
    } finally {
      await project.dispose();
    }
  });

  it('kill -9 leaves the shadow database; the next run on this host drops it once no session uses it', async () => {
    const project = await createProject({ migrations: { '001_slow.sql': '-- migrate:up\nSELECT pg_sleep(1);\n-- migrate:down\nSELECT 1;\n' } });
    const fast = await createProject({ migrations: { '001_t.sql': '-- migrate:up\nCREATE TABLE t (id int);\n-- migrate:down\nDROP TABLE t;\n' } });
    let pid: number | undefined;
    try {
      const run = await startSlow(project);
      pid = run.pid;
      run.kill('SIGKILL');
      await run.exited;
      const orphans = await shadowsOf(run.pid);
      assert.ok(orphans.includes(run.shadow), 'nothing runs on SIGKILL');
      // The orphaned session ends when its sleep does and it finds its client gone.
      for (let i = 0; i < 100; i++) {
        const busy = await withAdmin(async (c) => (await c.query('SELECT 1 FROM pg_stat_activity WHERE datname = ANY($1)', [orphans])).rowCount);
        if (!busy) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      // A run of its own: a process sweeps once, at its first shadow.
      const next = await runCli(['--dev-database', SERVER_URL, 'diff', '--from', 'migrations:migrations', '--to', 'migrations:migrations'], { cwd: fast.dir, process: true });
      assert.equal(next.code, 0, next.stderr);
      assert.deepEqual(await shadowsOf(run.pid), [], 'the stale shadow was swept');
    } finally {
      if (pid !== undefined) await dropShadowsOf(pid);
      await project.dispose();
      await fast.dispose();
    }
  });

  it('interrupt handlers are installed only while a shadow is open', async () => {
    const before = process.listenerCount('SIGINT');
    const done = onInterrupt(async () => {});
    assert.equal(process.listenerCount('SIGINT'), before + 1);
    assert.equal(process.listenerCount('SIGTERM') > 0, true);
    done();
    assert.equal(process.listenerCount('SIGINT'), before);
    // A shadow opened and closed through the API leaves no listener behind either.
    const shadow = await (await import('../../src/shadow/shadow.js')).openShadow({ devDatabase: SERVER_URL });
    assert.equal(process.listenerCount('SIGINT'), before + 1);
    await shadow.close();
    assert.equal(process.listenerCount('SIGINT'), before);
  });
});
