import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { targets } from '../support/databases.js';
import { queryRows } from '../support/inspect.js';
import { UsageError } from '../../src/index.js';
import { tenantProject } from './helpers.js';

const MIGRATIONS = {
  '001_accounts.sql': 'create table accounts (id int primary key, name text not null);\n',
  '002_invoices.sql': '-- migrate:up\ncreate table invoices (id int primary key, account_id int not null references accounts (id));\nalter table {{schema}}.accounts add column plan text;\n',
};

const slugOf = (i: number) => `t${String(i).padStart(3, '0')}`;

for (const target of targets) {
  describe(`tenant fleet migrations [${target.name}]`, () => {
    it('200 tenants, 5 % blocked by a conflicting table: the other 95 % succeed, each failure is audited, and retry converges without applying anything twice', async () => {
      const db = await target.create();
      const p = await tenantProject({ database: db.url }, MIGRATIONS);
      try {
        const fleet = p.tm.tenants();
        for (let i = 0; i < 200; i++) await fleet.add(slugOf(i));
        const blocked = Array.from({ length: 10 }, (_, k) => slugOf(k * 20 + 7));
        for (const slug of blocked) await p.rows(`create table tenant_${slug}.invoices (conflict int)`);

        const report = await fleet.migrate({ continueOnError: true });
        assert.equal(report.results.length, 200);
        assert.deepEqual(report.counts, { applied: 190, 'up-to-date': 0, failed: 10, skipped: 0 });
        const failed = report.results.filter((r) => r.outcome === 'failed');
        assert.deepEqual(failed.map((r) => r.slug).sort(), [...blocked].sort());
        for (const r of failed) {
          assert.equal(r.error?.sqlState, '42P07');
          assert.deepEqual(r.applied, ['001_accounts'], 'the migration before the failing one stays applied');
        }
        const audit = await p.rows<{ status: string; n: number }>('select status, count(*)::int as n from tidemark.schema_migrations group by status order by status');
        assert.deepEqual(audit, [
          { status: 'failed', n: 10 },
          { status: 'success', n: 190 },
        ]);
        const failedRows = await p.rows<{ details: string; version_applied: number; tenant_schema_id: string | null }>("select details, version_applied, tenant_schema_id from tidemark.schema_migrations where status = 'failed'");
        for (const row of failedRows) {
          assert.match(row.details, /relation "invoices" already exists/);
          assert.match(row.details, /42P07/);
          assert.match(row.details, /Statement: create table invoices/);
          assert.match(row.details, /Applied before the failure: 001_accounts/);
          assert.equal(row.version_applied, 2);
          assert.equal(row.tenant_schema_id, null);
        }
        const status = await fleet.status();
        assert.deepEqual([...status.failed].sort(), [...blocked].sort());
        assert.deepEqual([...status.behind].sort(), [...blocked].sort());
        assert.equal(status.pending.length, 0);

        for (const slug of blocked) await p.rows(`drop table tenant_${slug}.invoices`);
        const retried = await fleet.retry({ continueOnError: true });
        assert.deepEqual(retried.results.map((r) => r.slug).sort(), [...blocked].sort(), 'retry re-runs the failed tenants only');
        for (const r of retried.results) assert.deepEqual([r.outcome, r.applied], ['applied', ['002_invoices']]);
        assert.equal((await fleet.retry()).results.length, 0, 'nothing left to retry');

        for (let i = 0; i < 200; i++) {
          const log = await p.rows<{ version: string; n: number }>(`select version, count(*)::int as n from tenant_${slugOf(i)}.tidemark_migration_log where action = 'up' group by version order by version`);
          assert.deepEqual(log, [{ version: '001', n: 1 }, { version: '002', n: 1 }], `tenant ${slugOf(i)} applied each migration once`);
        }
        const after = await fleet.status();
        assert.deepEqual([after.failed, after.behind], [[], []]);
        const history = await fleet.history(blocked[0]!);
        assert.deepEqual(history.map((h) => h.status), ['success', 'failed'], 'most recent first');
      } finally {
        await p.dispose();
        await db.dispose();
      }
    });

    it('stops at the first failure without --continue-on-error; later tenants are skipped and left untouched', async () => {
      const db = await target.create();
      const p = await tenantProject({ database: db.url }, MIGRATIONS);
      try {
        const fleet = p.tm.tenants();
        for (const slug of ['a', 'b', 'c', 'd']) await fleet.add(slug);
        await p.rows('create table tenant_a.accounts (conflict int)');
        const report = await fleet.migrate({ concurrency: 1 });
        assert.deepEqual(report.results.map((r) => r.outcome), ['failed', 'skipped', 'skipped', 'skipped']);
        assert.deepEqual(await p.rows("select to_regclass('tenant_b.accounts')::text as t"), [{ t: null }]);
        assert.equal((await p.rows('select * from tidemark.schema_migrations')).length, 1);
      } finally {
        await p.dispose();
        await db.dispose();
      }
    });

    it('an attempt that died (a pending row) shows in status, is closed as interrupted by retry, and retry picks up every tenant behind', async () => {
      const db = await target.create();
      const p = await tenantProject({ database: db.url }, MIGRATIONS);
      try {
        const fleet = p.tm.tenants();
        const ghost = await fleet.add('ghost');
        await fleet.add('fine');
        // What a process killed right after its first audit insert leaves behind.
        await p.rows("insert into tidemark.schema_migrations (tenant_id, version_applied, status, applied_by) values ($1, 2, 'pending', 'killed-run')", [ghost.tenantId]);
        const status = await fleet.status();
        assert.deepEqual(status.pending.map((r) => [r.slug, r.status, r.appliedBy]), [['ghost', 'pending', 'killed-run']]);
        const retried = await fleet.retry();
        assert.deepEqual(retried.results.map((r) => [r.slug, r.outcome]), [['fine', 'applied'], ['ghost', 'applied']], 'fine has no audit row, yet it is behind');
        assert.deepEqual(retried.interrupted.map((r) => [r.appliedBy, r.status]), [['killed-run', 'failed']]);
        assert.equal(retried.converged, true);
        const after = await fleet.status();
        assert.deepEqual([after.pending, after.behind, after.failed], [[], [], []]);
      } finally {
        await p.dispose();
        await db.dispose();
      }
    });

    it('two shards (two databases) in one run, and --shard selects one', async () => {
      const main = await target.create();
      const eu = await target.create();
      const p = await tenantProject({ database: main.url, tenants: { shards: { eu: eu.url } } }, MIGRATIONS);
      try {
        const fleet = p.tm.tenants();
        await fleet.add('home');
        await fleet.add('abroad', { shard: 'eu' });
        await fleet.add('abroad-two', { shard: 'eu' });
        const first = await fleet.migrate({ tenants: ['home', 'abroad'] });
        assert.deepEqual(first.results.map((r) => [r.slug, r.shard, r.outcome]), [['abroad', 'eu', 'applied'], ['home', null, 'applied']]);
        const onEu = await fleet.migrate({ shard: 'eu' });
        assert.deepEqual(onEu.results.map((r) => [r.slug, r.outcome]), [['abroad', 'up-to-date'], ['abroad-two', 'applied']]);
        assert.deepEqual(await p.rows("select to_regclass('tenant_home.invoices')::text as home, to_regclass('tenant_abroad.invoices')::text as abroad"), [{ home: 'tenant_home.invoices', abroad: null }]);
        await p.tm.close();
        const remote = await queryRows<{ t: string }>(eu.url, "select table_schema || '.' || table_name as t from information_schema.tables where table_schema like 'tenant_%' order by 1");
        assert.deepEqual(remote.map((r) => r.t), [
          'tenant_abroad.accounts', 'tenant_abroad.invoices', 'tenant_abroad.tidemark_migration_log', 'tenant_abroad.tidemark_migrations',
          'tenant_abroad_two.accounts', 'tenant_abroad_two.invoices', 'tenant_abroad_two.tidemark_migration_log', 'tenant_abroad_two.tidemark_migrations',
        ]);
      } finally {
        await p.dispose();
        await main.dispose();
        await eu.dispose();
      }
    });

    it('a malicious slug is refused before any SQL runs, and remove keeps the schema unless asked', async () => {
      const db = await target.create();
      const p = await tenantProject({ database: db.url }, MIGRATIONS);
      try {
        const fleet = p.tm.tenants();
        for (const slug of ['x"; drop schema public cascade; --', 'Acme', '-lead', 'a b', 'a'.repeat(64), "o'neil"]) {
          await assert.rejects(fleet.add(slug), UsageError, slug);
        }
        await assert.rejects(fleet.add('ok', { shard: 'nowhere' }), /not in the tenants.shards config key/);
        assert.deepEqual(await fleet.list(), []);
        await fleet.add('a-b');
        await assert.rejects(fleet.add('a_b'), /clashes with tenant "a-b"/);
        await fleet.remove('a-b');
        assert.deepEqual(await p.rows("select nspname from pg_namespace where nspname = 'tenant_a_b'"), [{ nspname: 'tenant_a_b' }]);
        await fleet.add('a-b');
        await fleet.remove('a-b', { dropSchema: true });
        assert.deepEqual(await p.rows("select nspname from pg_namespace where nspname = 'tenant_a_b'"), []);
      } finally {
        await p.dispose();
        await db.dispose();
      }
    });
  });
}
