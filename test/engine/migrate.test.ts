import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openTidemark, MigrationExecutionError, MigrationFileError, type MigrationEvent } from '../../src/index.js';
import { targets } from '../support/databases.js';
import { withScenario } from '../support/scenario.js';
import { catalogSnapshot, queryRows } from '../support/inspect.js';

for (const target of targets) {
  describe(`migrate [${target.name}]`, () => {
    it('applies pending migrations in version order, records them, and is idempotent', () =>
      withScenario(target, { config: { appliedBy: 'ci-bot' }, migrations: {
          '1_users.sql': '-- migrate:up\ncreate table users (id bigint primary key, "limit" int);\n-- migrate:down\ndrop table users;\n',
          '2_posts.sql': 'create table posts (id bigint primary key, user_id bigint references users);',
          '10_index.sql': '-- migrate:up\ncreate index posts_user_id_idx on posts (user_id);\n-- migrate:down\ndrop index posts_user_id_idx;',
        } }, async ({ db, cli }) => {
        const first = await cli('migrate');
        assert.equal(first.code, 0, first.stderr);
        assert.match(first.stdout, /applied\s+1_users[\s\S]*applied\s+2_posts[\s\S]*applied\s+10_index/);
        const again = await cli('migrate', '--json');
        assert.equal(again.code, 0, again.stderr);
        assert.deepEqual(JSON.parse(again.stdout).applied, []);
        const status = JSON.parse((await cli('status', '--json')).stdout);
        assert.equal(status.current, '10');
        assert.deepEqual(status.migrations.map((m: { state: string }) => m.state), ['applied', 'applied', 'applied']);
        assert.equal(status.migrations[0].appliedBy, 'ci-bot');
        assert.ok(status.migrations.every((m: { executionMs: number }) => Number.isInteger(m.executionMs) && m.executionMs >= 0));
        const log = await queryRows<{ n: number }>(db.url, "SELECT count(*)::int AS n FROM tidemark.migration_log WHERE action = 'up'");
        assert.equal(log[0]!.n, 3);
      }));

    it('a failing migration leaves none of its objects; earlier ones stay; the error names file, line, column and SQLSTATE', () =>
      withScenario(target, { migrations: {
          '1_ok.sql': 'create table kept (id int);',
          '2_bad.sql': '-- migrate:up\ncreate table half_done (id int);\ncreate index half_done_idx on half_done (id);\ninsert into   missing_table values (1);\n-- migrate:down\ndrop table half_done;',
          '3_later.sql': 'create table never (id int);',
        } }, async ({ db, cli }) => {
        const result = await cli('migrate');
        assert.equal(result.code, 1);
        assert.match(result.stderr, /^error: migrations\/2_bad\.sql:4:15: applying 2_bad failed: relation "missing_table" does not exist \(SQLSTATE 42P01\)$/m);
        assert.equal(result.stderr.trim().split('\n').length, 1, 'one line, no stack trace');
        const snapshot = await catalogSnapshot(db.url);
        assert.ok(snapshot.includes('public.kept:r'));
        assert.ok(!snapshot.some((item) => item.includes('half_done')), 'nothing of the failed migration remains');
        assert.ok(!snapshot.includes('public.never:r'));
        const status = JSON.parse((await cli('status', '--json')).stdout);
        assert.deepEqual(status.migrations.map((m: { state: string }) => m.state), ['applied', 'pending', 'pending']);
      }));

    it('reports an error without a position at the failing statement (counted, not guessed)', () =>
      withScenario(target, { migrations: { '1_dup.sql': 'create table a (id int);\n\n  create table a (id int);\n' } }, async ({ project }) => {
        const events: MigrationEvent[] = [];
        const tm = await openTidemark({ cwd: project.dir, onEvent: (e) => events.push(e) });
        try {
          await assert.rejects(tm.migrate(), (error: unknown) => {
            assert.ok(error instanceof MigrationExecutionError);
            assert.equal(error.sqlState, '42P07');
            assert.deepEqual(error.location, { file: 'migrations/1_dup.sql', line: 3, column: 3 });
            assert.equal(error.statement, 'create table a (id int)');
            return true;
          });
          // Timing events (files, lock, history…) come and go with the steps around the migrations.
          assert.deepEqual(events.filter((e) => e.type !== 'timing').map((e) => e.type), ['start', 'failed']);
          assert.deepEqual(events.filter((e) => e.type === 'timing').map((e) => e.type === 'timing' && e.step), ['files', 'connect', 'lock', 'history', 'parse', 'control schema']);
        } finally {
          await tm.close();
        }
      }));

    it('--dry-run prints the exact SQL and changes nothing, not even the control schema', () =>
      withScenario(target, { migrations: { '1_a.sql': 'create table a (id int);', '2_b.sql': 'create table b (id int);' } }, async ({ db, cli }) => {
        const before = await catalogSnapshot(db.url);
        const result = await cli('migrate', '--dry-run');
        assert.equal(result.code, 0, result.stderr);
        assert.match(result.stdout, /CREATE SCHEMA IF NOT EXISTS "tidemark"/);
        assert.match(result.stdout, /-- 1_a \(up\)\nBEGIN;\nSET LOCAL lock_timeout = 10000;\nSET LOCAL statement_timeout = 0;\ncreate table a \(id int\);/);
        assert.match(result.stdout, /INSERT INTO "tidemark"\."migrations"/);
        assert.deepEqual(await catalogSnapshot(db.url), before);
      }));

    it('a syntax error in any pending file is reported with its location before anything runs', () =>
      withScenario(target, { migrations: { '1_fine.sql': 'create table fine (id int);', '2_typo.sql': '-- migrate:up\ncreate table oops (\n  id int,,\n);\n' } }, async ({ db, cli }) => {
        const before = await catalogSnapshot(db.url);
        const result = await cli('migrate');
        assert.equal(result.code, 2);
        assert.match(result.stderr, /^error: migrations\/2_typo\.sql:3:10: syntax error at or near ","$/m);
        assert.deepEqual(await catalogSnapshot(db.url), before, 'not even 1_fine was applied');
      }));

    it('refuses COMMIT inside a managed migration, since it would break atomicity', () =>
      withScenario(target, { migrations: { '1_tx.sql': 'create table a (id int);\ncommit;\ncreate table b (id int);' } }, async ({ project }) => {
        const tm = await openTidemark({ cwd: project.dir });
        try {
          await assert.rejects(tm.migrate(), (e: unknown) => e instanceof MigrationFileError && /1_tx\.sql:2:1: "commit" in a migration/.test(e.message));
        } finally {
          await tm.close();
        }
      }));

    it('runs transaction:false sections statement by statement (CREATE INDEX CONCURRENTLY) and reverts them', () =>
      withScenario(target, { migrations: {
          '1_t.sql': '-- migrate:up\ncreate table t (id int, v text);\ninsert into t select g, g::text from generate_series(1, 2000) g;\n-- migrate:down\ndrop table t;',
          '2_idx.sql': '-- migrate:up transaction:false\ncreate index concurrently if not exists t_v_idx on t (v);\n-- migrate:down transaction:false\ndrop index concurrently if exists t_v_idx;',
        } }, async ({ db, cli }) => {
        const up = await cli('migrate');
        assert.equal(up.code, 0, up.stderr);
        const valid = await queryRows<{ valid: boolean }>(db.url, "SELECT indisvalid AS valid FROM pg_index WHERE indexrelid = 't_v_idx'::regclass");
        assert.equal(valid[0]?.valid, true);
        const downResult = await cli('down');
        assert.equal(downResult.code, 0, downResult.stderr);
        assert.ok(!(await catalogSnapshot(db.url)).includes('public.t_v_idx:i'));
      }));

    it('explains CONCURRENTLY in a transactional section', () =>
      withScenario(target, { migrations: { '1_t.sql': 'create table t (id int);\ncreate index concurrently t_idx on t (id);' } }, async ({ db, cli }) => {
        const result = await cli('migrate');
        assert.equal(result.code, 1);
        assert.match(result.stderr, /1_t\.sql:2:1: .*cannot run inside a transaction block — run it in a "-- migrate:up transaction:false" section/);
        assert.ok(!(await catalogSnapshot(db.url)).includes('public.t:r'));
      }));

    it('runs TypeScript migrations with up(db) and down(db) in a transaction', () =>
      withScenario(target, { migrations: {
          '1_schema.sql': '-- migrate:up\ncreate table plans (name text primary key, seats int not null);\n-- migrate:down\ndrop table plans;',
          '2_seed.ts': `import type { MigrationDb } from 'tidemark';
export async function up(db: MigrationDb): Promise<void> {
  for (const [name, seats] of [['free', 1], ['team', 10]] as const) {
    await db.query('insert into plans (name, seats) values ($1, $2)', [name, seats]);
  }
}
export async function down(db: MigrationDb): Promise<void> {
  await db.exec("delete from plans where name in ('free', 'team')");
}
`,
        } }, async ({ db, cli }) => {
        const up = await cli('migrate');
        assert.equal(up.code, 0, up.stderr);
        assert.deepEqual(await queryRows(db.url, 'select name, seats from plans order by name'), [
          { name: 'free', seats: 1 },
          { name: 'team', seats: 10 },
        ]);
        const downResult = await cli('down');
        assert.equal(downResult.code, 0, downResult.stderr);
        assert.deepEqual(await queryRows(db.url, 'select count(*)::int as n from plans'), [{ n: 0 }]);
      }));

    it('--to applies up to a version; down --steps reverts that many; an up-only file cannot be reverted', () =>
      withScenario(target, { migrations: {
          '1_a.sql': 'create table a (id int);',
          '2_b.sql': '-- migrate:up\ncreate table b (id int);\n-- migrate:down\ndrop table b;',
          '3_c.sql': '-- migrate:up\ncreate table c (id int);\n-- migrate:down\ndrop table c;',
        } }, async ({ project }) => {
        const tm = await openTidemark({ cwd: project.dir });
        try {
          assert.deepEqual((await tm.migrate({ to: '2' })).map((s) => s.version), ['1', '2']);
          assert.deepEqual((await tm.migrate()).map((s) => s.version), ['3']);
          assert.deepEqual((await tm.down({ steps: 2 })).map((s) => s.version), ['3', '2']);
          await assert.rejects(tm.down(), /1_a\.sql has no "-- migrate:down" section/);
          assert.equal((await tm.status()).current, '1');
        } finally {
          await tm.close();
        }
      }));
  });
}
