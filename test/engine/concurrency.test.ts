import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { targets, postgresTarget } from '../support/databases.js';
import { createProject } from '../support/project.js';
import { spawn } from 'node:child_process';
import { CLI, runCli, spawnCli } from '../support/cli.js';
import { queryRows } from '../support/inspect.js';

const MIGRATIONS = {
  '1_events.sql': `-- migrate:up
create table events (id bigint generated always as identity primary key, kind text not null, payload text);
insert into events (kind, payload) select 'k' || (g % 50), repeat('x', 40) from generate_series(1, 150000) g;
-- migrate:down
drop table events;`,
  // Builds concurrently while the other processes poll for the migration lock: the build waits for
  // every older snapshot, so a waiter blocked inside pg_advisory_lock would deadlock it.
  '2_events_kind_idx.sql': `-- migrate:up transaction:false
create index concurrently if not exists events_kind_idx on events (kind);
-- migrate:down transaction:false
drop index concurrently if exists events_kind_idx;`,
  '3_counts.sql': 'create table event_counts as select kind, count(*) as n from events group by kind;',
};

for (const target of targets) {
  describe(`concurrent migrate processes [${target.name}]`, () => {
    it('ten processes at once apply each migration exactly once, a concurrent index build included, and all exit 0', async () => {
      const db = await target.create();
      const project = await createProject({ config: { database: db.url }, migrations: MIGRATIONS });
      try {
        const results = await Promise.all(Array.from({ length: 10 }, () => spawnCli(['migrate'], { cwd: project.dir })));
        for (const r of results) assert.equal(r.code, 0, r.stderr);
        const applied = results.map((r) => (r.stdout.match(/^applied /gm) ?? []).length);
        assert.equal(applied.reduce((a, b) => a + b, 0), 3, `applies per process: ${applied}`);
        const log = await queryRows<{ version: string; n: number }>(db.url, "select version, count(*)::int as n from tidemark.migration_log where action = 'up' group by version order by version");
        assert.deepEqual(log, [
          { version: '1', n: 1 },
          { version: '2', n: 1 },
          { version: '3', n: 1 },
        ]);
        const index = await queryRows<{ valid: boolean }>(db.url, "select indisvalid as valid from pg_index where indexrelid = 'events_kind_idx'::regclass");
        assert.deepEqual(index, [{ valid: true }]);
      } finally {
        await project.dispose();
        await db.dispose();
      }
    });
  });
}

// lock_timeout needs a second session holding a lock, and PGlite is one session by design:
// this case exists on the server only.
describe('lock_timeout and retries [postgres only: PGlite has a single session]', () => {
  it('a migration blocked by a busy table fails fast, says so, is retried, and leaves nothing behind', async () => {
    const db = await postgresTarget.create();
    const project = await createProject({
      config: { database: db.url, lockTimeout: '150ms', lockRetries: 2, lockRetryDelay: '50ms' },
      migrations: { '1_t.sql': 'create table t (id int);' },
    });
    const blocker = new pg.Client({ connectionString: db.url });
    try {
      assert.equal((await runCli(['migrate'], { cwd: project.dir })).code, 0);
      await project.write('2_alter.sql', 'create table side (id int);\nalter table t add column v text;');
      await blocker.connect();
      await blocker.query('begin');
      await blocker.query('lock table t in access share mode');
      const started = Date.now();
      const result = await runCli(['migrate'], { cwd: project.dir });
      assert.equal(result.code, 1);
      assert.ok(Date.now() - started < 10_000, 'fails fast');
      assert.match(result.stdout, /retry 1: 2 in 50 ms[\s\S]*retry 2: 2 in 100 ms/);
      assert.match(result.stderr, /^error: migrations\/2_alter\.sql:2:1: applying 2_alter failed: canceling statement due to lock timeout; a lock it needs stayed busy beyond lockTimeout, gave up after 2 retries \(SQLSTATE 55P03\)$/m);
      const side = await queryRows(db.url, "select to_regclass('side') as side");
      assert.deepEqual(side, [{ side: null }], 'the blocked migration left nothing behind');

      // Released as soon as the first retry is announced, the same migration goes through.
      const child = spawn(process.execPath, [CLI, 'migrate'], { cwd: project.dir, env: { ...process.env, NO_COLOR: '1' } });
      let stdout = '';
      let released = false;
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
        if (!released && /retry 1:/.test(stdout)) {
          released = true;
          void blocker.query('commit');
        }
      });
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      assert.equal(code, 0, stdout);
      assert.match(stdout, /retry 1:[\s\S]*applied\s+2_alter/);
      assert.doesNotMatch(stdout, /retry 2:/);
    } finally {
      await blocker.end().catch(() => {});
      await project.dispose();
      await db.dispose();
    }
  });
});
