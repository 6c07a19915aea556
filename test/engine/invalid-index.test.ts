import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import pg from 'pg';
import { openTidemark, MigrationExecutionError, type MigrationEvent } from '../../src/index.js';
import { postgresTarget, targets, withDriver } from '../support/databases.js';
import { withScenario } from '../support/scenario.js';
import { CLI, runCli } from '../support/cli.js';

// A concurrent index build that fails or whose backend dies leaves an INVALID index; a rerun's
// IF NOT EXISTS must not skip it and record the migration as applied.
const TABLES = `create table t (id int, v text);
insert into t values (1, 'a'), (2, 'a'), (3, 'b');
create table u (v text);
insert into u values ('x'), ('x');`;

const UNIQUE_KEY = '-- migrate:up transaction:false\ncreate unique index concurrently if not exists t_v_key on t (v);\n-- migrate:down transaction:false\ndrop index concurrently if exists t_v_key;\n';

const VALIDITY = "select c.relname as name, i.indisvalid as valid from pg_index i join pg_class c on c.oid = i.indexrelid where c.relname in ('t_v_key', 'u_v_idx') order by 1";

for (const target of targets) {
  describe(`invalid indexes [${target.name}]`, () => {
    it('a failed concurrent build is not recorded, says how to recover, and the next migrate drops and rebuilds it', () =>
      withScenario(target, { migrations: { '1_tables.sql': TABLES, '2_key.sql': UNIQUE_KEY } }, async ({ project }) => {
        const events: MigrationEvent[] = [];
        const tm = await openTidemark({ cwd: project.dir, onEvent: (e) => events.push(e) });
        try {
          const db = await tm.db();
          const failsOnDuplicates = (error: unknown) => {
            assert.ok(error instanceof MigrationExecutionError);
            assert.equal(error.sqlState, '23505');
            assert.deepEqual(error.location, { file: 'migrations/2_key.sql', line: 2, column: 1 });
            assert.match(error.message, /could not create unique index "t_v_key".*; it left the INVALID index public\.t_v_key; the migration is not recorded: fix the cause and rerun "tidemark migrate", which drops the invalid index and builds it again/);
            return true;
          };
          await assert.rejects(tm.migrate(), failsOnDuplicates);
          assert.deepEqual((await db.query(VALIDITY)).rows, [{ name: 't_v_key', valid: false }]);
          assert.deepEqual((await tm.status()).migrations.map((m) => m.state), ['applied', 'pending']);

          // Without the fix, IF NOT EXISTS would skip the invalid index and record 2 as applied.
          await assert.rejects(tm.migrate(), failsOnDuplicates);
          assert.equal(events.filter((e) => e.type === 'repair').length, 1);
          assert.deepEqual((await tm.status()).migrations.map((m) => m.state), ['applied', 'pending']);

          await db.runScript("delete from t where id = 2");
          assert.deepEqual((await tm.migrate()).map((s) => s.version), ['2']);
          assert.equal(events.filter((e) => e.type === 'repair').length, 2);
          assert.deepEqual((await db.query(VALIDITY)).rows, [{ name: 't_v_key', valid: true }]);

          // An invalid index of the same name on another table is not ours to drop: IF NOT EXISTS
          // skips the build, and the check after it refuses to record the migration.
          await assert.rejects(db.runScript('create unique index concurrently u_v_idx on u (v)'), /could not create unique index/);
          await project.write('3_idx.sql', '-- migrate:up transaction:false\ncreate index concurrently if not exists u_v_idx on t (v);\n');
          await assert.rejects(tm.migrate(), (error: unknown) => {
            assert.ok(error instanceof MigrationExecutionError);
            assert.match(error.message, /IF NOT EXISTS skipped the build: the index public\.u_v_idx of another table has that name and is INVALID; drop it/);
            return true;
          });
          assert.deepEqual((await tm.status()).migrations.map((m) => m.state), ['applied', 'applied', 'pending']);
        } finally {
          await tm.close();
        }
      }));
  });
}

describe('invalid indexes [postgres, killed build]', () => {
  it('a build whose backend is terminated leaves the migration pending; the rerun drops the invalid index and builds it', () =>
    withScenario(postgresTarget, { migrations: {
        '1_tables.sql': 'create table t (id int, v text);\ninsert into t values (1, \'a\'), (2, \'b\');',
        '2_key.sql': UNIQUE_KEY,
      } }, async ({ db, project, cli }) => {
      assert.equal((await cli('migrate', '--to', '1')).code, 0);
      const blocker = new pg.Client({ connectionString: db.url });
      const watcher = new pg.Client({ connectionString: db.url });
      await blocker.connect();
      await watcher.connect();
      try {
        // An open writing transaction makes the concurrent build wait after it created the (invalid) index.
        await blocker.query("begin; insert into t values (3, 'c')");
        const run = new Promise<number>((resolve) => {
          const child = spawn(process.execPath, [CLI, 'migrate'], { cwd: project.dir, env: { ...process.env, NO_COLOR: '1' }, stdio: 'ignore' });
          child.on('close', (code) => resolve(code ?? 1));
        });
        let killed = false;
        for (let i = 0; i < 300 && !killed; i++) {
          const { rows } = await watcher.query<{ ok: boolean }>(
            "select pg_terminate_backend(pid) as ok from pg_stat_activity where query ilike 'create unique index concurrently%' and wait_event_type = 'Lock' and datname = current_database()",
          );
          killed = rows.some((r) => r.ok);
          if (!killed) await new Promise((resolve) => setTimeout(resolve, 100));
        }
        assert.ok(killed, 'the build was seen waiting and terminated');
        assert.notEqual(await run, 0);
        await blocker.query('rollback');
        const { rows } = await watcher.query(VALIDITY);
        assert.deepEqual(rows, [{ name: 't_v_key', valid: false }]);
      } finally {
        await blocker.end();
        await watcher.end();
      }
      const rerun = await runCli(['migrate'], { cwd: project.dir });
      assert.equal(rerun.code, 0, rerun.stderr);
      assert.match(rerun.stdout, /repair 2_key: dropped INVALID index public\.t_v_key left by an earlier attempt; building it again/);
      await withDriver(db.url, async (d) => {
        assert.deepEqual((await d.query(VALIDITY)).rows, [{ name: 't_v_key', valid: true }]);
        assert.deepEqual((await d.query("select version from tidemark.migrations order by version")).rows, [{ version: '1' }, { version: '2' }]);
      });
    }));
});
