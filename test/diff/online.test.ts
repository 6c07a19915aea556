import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { introspect, openTidemark, planChanges, type Plan, type PlanStatement } from '../../src/index.js';
import { diffModels } from '../../src/diff/diff.js';
import { postgresTarget, targets, withDriver, type DatabaseTarget } from '../support/databases.js';
import { createProject, FIXTURES, type TestProject } from '../support/project.js';
import { runCli } from '../support/cli.js';
import { converge } from '../support/converge.js';
import { assertSameDump, dumpSchema } from '../support/pg-dump.js';

// Tables that hold rows before the change, so every online form has something to protect.
const BEFORE = `
CREATE TABLE accounts (id integer PRIMARY KEY, code text);
CREATE TABLE orders (id integer PRIMARY KEY, account_id integer, email text, qty integer);
INSERT INTO accounts SELECT g, 'c' || g FROM generate_series(1, 100) g;
INSERT INTO orders SELECT g, 1 + g % 100, 'e' || g, g FROM generate_series(1, 2000) g;
`;
const AFTER = `
CREATE TABLE accounts (id integer PRIMARY KEY, code text CONSTRAINT accounts_code_key UNIQUE);
CREATE TABLE orders (
  id integer PRIMARY KEY,
  account_id integer CONSTRAINT orders_account_fkey REFERENCES accounts (id),
  email text NOT NULL,
  qty integer CONSTRAINT orders_qty_check CHECK (qty > 0)
);
CREATE INDEX orders_email_idx ON orders (email);
CREATE TABLE notes (id integer PRIMARY KEY, order_id integer REFERENCES orders (id), body text NOT NULL);
CREATE INDEX notes_order_idx ON notes (order_id);
`;

interface Setup {
  project: TestProject;
  url: string;
  cli: (...args: string[]) => ReturnType<typeof runCli>;
}

/** A project whose one migration makes BEFORE (rows included) and whose declarative schema is AFTER. */
async function withProject(target: DatabaseTarget, config: Record<string, unknown>, test: (s: Setup) => Promise<void>): Promise<void> {
  const db = await target.create();
  const project = await createProject({ config: { database: db.url, ...config }, migrations: { '001_start.sql': BEFORE } });
  try {
    await fs.mkdir(path.join(project.dir, 'schema'));
    await fs.writeFile(path.join(project.dir, 'schema', 'schema.sql'), AFTER);
    await test({ project, url: db.url, cli: (...args) => runCli(args, { cwd: project.dir }) });
  } finally {
    await project.dispose();
    await db.dispose();
  }
}

/** dumpOf loads `sql` into a fresh database of the target and returns its pg_dump. */
async function dumpOf(target: DatabaseTarget, sql: string): Promise<string> {
  const db = await target.create();
  try {
    return await withDriver(db.url, async (driver) => {
      await driver.runScript(sql);
      return dumpSchema(db.url, { open: driver });
    });
  } finally {
    await db.dispose();
  }
}

const written = (stdout: string) => [...stdout.matchAll(/wrote (\S+)/g)].map((m) => m[1]!);

for (const target of targets) {
  describe(`online plans [${target.name}]`, () => {
    it('generate splits changes to tables with rows into online migrations that lint clean, migrate, converge and go back down', () =>
      withProject(target, {}, async ({ project, url, cli }) => {
        const generated = await cli('generate', 'tighten');
        assert.equal(generated.code, 0, generated.stderr);
        const files = written(generated.stdout);
        assert.deepEqual(files.map((f) => f.replace(/^migrations\/\d+_/, '')), ['tighten.sql', 'tighten_concurrently.sql', 'tighten_validate.sql']);
        const [main, concurrent, validate] = await Promise.all(files.map((f) => fs.readFile(path.join(project.dir, f), 'utf8')));
        // Phase 1, one transaction: constraints NOT VALID, the NOT NULL check; the new table plain.
        assert.match(main!, /^-- migrate:up\n/);
        assert.match(main!, /ADD CONSTRAINT orders_account_fkey FOREIGN KEY \(account_id\) REFERENCES public\.accounts\(id\) NOT VALID;/);
        assert.match(main!, /ADD CONSTRAINT orders_qty_check CHECK \(\(qty > 0\)\) NOT VALID;/);
        assert.match(main!, /CHECK \(email IS NOT NULL\) NOT VALID;/);
        assert.match(main!, /CREATE INDEX notes_order_idx ON public\.notes/, 'a table created in the plan needs no CONCURRENTLY');
        assert.doesNotMatch(main!, /SET NOT NULL|CONCURRENTLY|VALIDATE/);
        // Phase 2, no transaction: the index builds, both ways.
        assert.match(concurrent!, /^-- migrate:up transaction:false\n/);
        assert.match(concurrent!, /CREATE INDEX CONCURRENTLY orders_email_idx ON public\.orders/);
        assert.match(concurrent!, /CREATE UNIQUE INDEX CONCURRENTLY accounts_code_key ON public\.accounts USING btree \(code\);/);
        assert.match(concurrent!, /-- migrate:down transaction:false\n[\s\S]*DROP INDEX CONCURRENTLY public\.orders_email_idx;/);
        // Phase 3: validation, and what waits for it.
        assert.match(validate!, /VALIDATE CONSTRAINT orders_account_fkey;/);
        assert.match(validate!, /VALIDATE CONSTRAINT orders_qty_check;/);
        assert.match(validate!, /VALIDATE CONSTRAINT orders_email_not_null_check;[\s\S]*ALTER COLUMN email SET NOT NULL;[\s\S]*DROP CONSTRAINT orders_email_not_null_check;/);
        assert.match(validate!, /ADD CONSTRAINT accounts_code_key UNIQUE USING INDEX accounts_code_key;/);
        assert.match(generated.stdout, /Created index 'orders_email_idx' on 'orders'\. \[locks SHARE UPDATE EXCLUSIVE; index build; concurrent\]/);

        const tm = await openTidemark({ cwd: project.dir });
        try {
          const lint = await tm.lint({ files });
          assert.equal(lint.errors, 0, lint.findings.map((f) => `${f.file}:${f.line} ${f.rule} ${f.message}`).join('\n'));
        } finally {
          await tm.close();
        }

        const migrate = await cli('migrate');
        assert.equal(migrate.code, 0, migrate.stderr);
        assertSameDump(await dumpSchema(url), await dumpOf(target, AFTER), 'the online migrations do not give the declarative schema', 'migrated', 'schema');
        assert.equal((await cli('drift')).code, 0);
        const down = await cli('down', '--steps', '3');
        assert.equal(down.code, 0, down.stderr);
        assertSameDump(await dumpSchema(url), await dumpOf(target, BEFORE), 'the down sections do not restore the start', 'reverted', 'start');
        const rows = await withDriver(url, (db) => db.query<{ n: string }>('SELECT count(*) AS n FROM orders'));
        assert.equal(Number(rows.rows[0]!.n), 2000, 'no row was lost on the way');
      }));

    it('config online: false and --no-online give the plain forms in one migration', () =>
      withProject(target, { online: false }, async ({ project, cli }) => {
        const sql = await cli('diff', '--from', 'migrations:migrations', '--format', 'sql');
        assert.equal(sql.code, 0, sql.stderr);
        assert.match(sql.stdout, /CREATE INDEX orders_email_idx/);
        assert.doesNotMatch(sql.stdout, /CONCURRENTLY/, 'config online: false holds for diff too');
        const generated = await cli('generate', 'plain');
        assert.equal(generated.code, 0, generated.stderr);
        const files = written(generated.stdout);
        assert.equal(files.length, 1, generated.stdout);
        const text = await fs.readFile(path.join(project.dir, files[0]!), 'utf8');
        assert.doesNotMatch(text, /CONCURRENTLY|NOT VALID|VALIDATE|USING INDEX/);
        assert.match(text, /CREATE INDEX orders_email_idx ON public\.orders/);
        assert.match(text, /ALTER COLUMN email SET NOT NULL;/);
        await project.remove(path.basename(files[0]!));
        // Removing a migration by hand is what tidemark.sum exists to catch; the user rewrites it.
        assert.equal((await cli('sum')).code, 0);
        await fs.writeFile(path.join(project.dir, 'tidemark.config.json'), JSON.stringify({ database: 'pglite:memory' }));
        const online = await cli('diff', '--from', 'migrations:migrations', '--format', 'sql');
        assert.match(online.stdout, /CREATE INDEX CONCURRENTLY orders_email_idx/);
        const flag = await cli('generate', 'flagged', '--no-online');
        assert.equal(flag.code, 0, flag.stderr);
        assert.equal(written(flag.stdout).length, 1, flag.stdout);
        assert.doesNotMatch(await fs.readFile(path.join(project.dir, written(flag.stdout)[0]!), 'utf8'), /CONCURRENTLY|NOT VALID/);
      }));

    it('diff --format json gives every statement its phase and hazards', () =>
      withProject(target, {}, async ({ cli }) => {
        const result = await cli('diff', '--from', 'migrations:migrations', '--format', 'json');
        assert.equal(result.code, 0, result.stderr);
        const plan = JSON.parse(result.stdout) as { changes: { summary: string; statements: { sql: string; phase: string; hazards: Record<string, unknown> }[] }[] };
        const statementsOf = (summary: RegExp) => plan.changes.find((c) => summary.test(c.summary))!.statements;
        assert.deepEqual(statementsOf(/index 'orders_email_idx'/).map((s) => [s.phase, s.hazards]), [['concurrent', { lock: 'SHARE UPDATE EXCLUSIVE', indexBuild: true }]]);
        assert.deepEqual(statementsOf(/foreign key constraint 'orders_account_fkey'/).map((s) => [s.phase, s.hazards['lock']]), [['main', 'SHARE ROW EXCLUSIVE'], ['validate', 'SHARE UPDATE EXCLUSIVE']]);
        assert.deepEqual(statementsOf(/Created table 'notes'/).map((s) => s.hazards), [{}], 'a new table costs nobody a lock');
        const plain = JSON.parse((await cli('diff', '--from', 'migrations:migrations', '--format', 'json', '--no-online')).stdout) as typeof plan;
        const index = plain.changes.find((c) => /index 'orders_email_idx'/.test(c.summary))!.statements;
        assert.deepEqual(index.map((s) => [s.phase, s.hazards]), [['main', { lock: 'SHARE', indexBuild: true }]]);
      }));

    it('push applies an online plan (concurrent builds outside the transaction) and converges', () =>
      withProject(target, {}, async ({ url, cli }) => {
        assert.equal((await cli('migrate')).code, 0);
        const pushed = await cli('push');
        assert.equal(pushed.code, 0, pushed.stderr);
        assertSameDump(await dumpSchema(url), await dumpOf(target, AFTER), 'push did not converge', 'pushed', 'schema');
      }));

    it('a concurrent build that fails leaves no INVALID index behind, and says what stays applied', () =>
      withProject(target, {}, async ({ project, url, cli }) => {
        assert.equal((await cli('migrate')).code, 0);
        // Duplicates make the unique build fail after the first phase has committed.
        await withDriver(url, (db) => db.runScript("UPDATE accounts SET code = 'same' WHERE id <= 2"));
        const pushed = await cli('push');
        assert.equal(pushed.code, 1, pushed.stdout);
        assert.match(pushed.stderr, /CREATE UNIQUE INDEX CONCURRENTLY accounts_code_key .* failed: .*; what it left behind was dropped, and the \d+ statement\(s\) before it stay applied/);
        const invalid = await withDriver(url, (db) => db.query("SELECT indexrelid::regclass::text AS name FROM pg_index WHERE NOT indisvalid"));
        assert.deepEqual(invalid.rows, []);
        void project;
      }));

    it('every convergence fixture converges both ways with the online forms', async () => {
      const cases = path.join(FIXTURES, 'diff');
      for (const name of (await fs.readdir(cases)).sort()) {
        const [a, b] = await Promise.all(['a.sql', 'b.sql'].map((f) => fs.readFile(path.join(cases, name, f), 'utf8')));
        await converge(target, a!, b!, { online: true });
        await converge(target, b!, a!, { online: true });
      }
    });
  });
}

/**
 * The locks the online forms take, read from pg_locks by a second connection while the statement
 * runs. Server only: PGlite is one connection, so no second session can watch (or be blocked).
 */
describe('online plans take the locks they claim [postgres]', () => {
  const SLOW = `
CREATE FUNCTION slow_positive(integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT pg_sleep(0.001) IS NOT NULL AND $1 > 0';
`;

  /** Plans BEFORE → `after` on the server, online or not. */
  async function planOn(url: string, after: string, online: boolean): Promise<Plan> {
    const goal = await postgresTarget.create();
    try {
      const to = await withDriver(goal.url, async (db) => {
        await db.runScript(after);
        return introspect(db);
      });
      const from = await withDriver(url, (db) => introspect(db));
      return await planChanges(diffModels(from, to), from, to, { online });
    } finally {
      await goal.dispose();
    }
  }

  const clients = async (url: string, n: number) =>
    Promise.all(
      Array.from({ length: n }, async () => {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        return c;
      }),
    );

  /**
   * locksWhile runs `sql` on one connection while another holds `holder` in an open transaction,
   * and returns the locks the first holds or waits for on `table`, seen from a third connection,
   * and whether that third connection could write to the table meanwhile.
   */
  async function locksWhile(url: string, holder: string | null, sql: string, table: string): Promise<{ locks: string[]; wrote: boolean }> {
    const [runner, blocker, watcher] = await clients(url, 3);
    try {
      if (holder) await blocker!.query(`BEGIN; ${holder}`);
      const pid = (await runner!.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      const running = runner!.query(sql).then(() => null, (error: unknown) => error);
      let locks: string[] = [];
      for (let i = 0; i < 100 && locks.length === 0; i++) {
        const rows = await watcher!.query<{ mode: string; granted: boolean }>('SELECT mode, granted FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE l.pid = $1 AND c.relname = $2', [pid, table]);
        locks = rows.rows.map((r) => `${r.mode}${r.granted ? '' : ' (waiting)'}`);
        if (locks.length === 0) await new Promise((r) => setTimeout(r, 20));
      }
      await watcher!.query("SET statement_timeout = '3s'");
      const wrote = await watcher!.query(`INSERT INTO ${table} (id) VALUES (100000 + (random() * 100000)::integer)`).then(() => true, () => false);
      if (holder) await blocker!.query('COMMIT');
      const failed = await running;
      assert.equal(failed, null, `${sql}: ${String(failed)}`);
      return { locks, wrote };
    } finally {
      await Promise.all([runner, blocker, watcher].map((c) => c!.end()));
    }
  }

  const pick = (plan: Plan, test: (s: PlanStatement) => boolean) => {
    const found = plan.up.find(test);
    assert.ok(found, plan.up.map((s) => s.sql).join('\n'));
    return found.sql;
  };

  it('CREATE INDEX CONCURRENTLY holds SHARE UPDATE EXCLUSIVE and lets writes through; the plain form waits for SHARE', async () => {
    const db = await postgresTarget.create();
    try {
      await withDriver(db.url, (d) => d.runScript(BEFORE));
      const after = `${BEFORE.split('INSERT')[0]}CREATE INDEX orders_email_idx ON orders (email);`;
      const online = pick(await planOn(db.url, after, true), (s) => s.phase === 'concurrent' && s.hazards.indexBuild === true);
      // An open writing transaction makes the concurrent build wait for it: long enough to watch.
      const seen = await locksWhile(db.url, 'INSERT INTO orders (id) VALUES (99999)', online, 'orders');
      assert.deepEqual(seen.locks, ['ShareUpdateExclusiveLock']);
      assert.ok(seen.wrote, 'a write went through while the index was being built');
      await withDriver(db.url, (d) => d.runScript('DROP INDEX orders_email_idx'));
      const plain = pick(await planOn(db.url, after, false), (s) => s.hazards.indexBuild === true);
      const blocked = await locksWhile(db.url, 'INSERT INTO orders (id) VALUES (99998)', plain, 'orders');
      assert.deepEqual(blocked.locks, ['ShareLock (waiting)']);
      assert.equal(blocked.wrote, false, 'the plain build blocks writes');
    } finally {
      await db.dispose();
    }
  });

  it('a foreign key NOT VALID asks only SHARE ROW EXCLUSIVE, and VALIDATE scans under SHARE UPDATE EXCLUSIVE while writes go on', async () => {
    const db = await postgresTarget.create();
    try {
      await withDriver(db.url, (d) => d.runScript(`${SLOW}${BEFORE}`));
      const after = `${SLOW}${BEFORE.split('INSERT')[0]}
ALTER TABLE orders ADD CONSTRAINT orders_account_fkey FOREIGN KEY (account_id) REFERENCES accounts (id);
ALTER TABLE orders ADD CONSTRAINT orders_qty_check CHECK (slow_positive(qty));`;
      const plan = await planOn(db.url, after, true);
      const addFk = pick(plan, (s) => s.phase === 'main' && s.sql.includes('orders_account_fkey'));
      const seen = await locksWhile(db.url, 'INSERT INTO orders (id) VALUES (99999)', addFk, 'orders');
      assert.deepEqual(seen.locks, ['ShareRowExclusiveLock (waiting)'], 'NOT VALID waits only for the lock, never for a scan');
      const addCheck = pick(plan, (s) => s.phase === 'main' && s.sql.includes('orders_qty_check'));
      await withDriver(db.url, (d) => d.runScript(addCheck));
      // The slow CHECK makes validation take seconds; no transaction needs to hold it up.
      const validate = pick(plan, (s) => s.phase === 'validate' && s.sql.includes('VALIDATE CONSTRAINT orders_qty_check'));
      const validating = await locksWhile(db.url, null, validate, 'orders');
      assert.deepEqual(validating.locks, ['ShareUpdateExclusiveLock']);
      assert.ok(validating.wrote, 'a write went through during validation');
    } finally {
      await db.dispose();
    }
  });
});
