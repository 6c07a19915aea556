import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { postgresTarget } from '../support/databases.js';
import { tenantProject } from './helpers.js';

const MIGRATIONS = {
  '001_accounts.sql': 'create table accounts (id int primary key);\n',
  '002_invoices.sql': 'create table invoices (id int primary key, account_id int references accounts (id));\n',
};

// Terminating a backend needs a second session, and PGlite is one session by design.
describe('the control connection killed mid-run [postgres only: PGlite has a single session]', () => {
  it('is replaced: every tenant is migrated and audited once, status is clean, and later calls use the new connection', async () => {
    const db = await postgresTarget.create();
    const p = await tenantProject({ database: db.url, tenants: { concurrency: 2 } }, MIGRATIONS);
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    try {
      const fleet = p.tm.tenants();
      const slugs = Array.from({ length: 10 }, (_, i) => `c${i}`);
      for (const slug of slugs) await fleet.add(slug);
      const before = (await p.rows<{ pid: number }>('select pg_backend_pid() as pid'))[0]!.pid;
      let killed = false;
      const report = await fleet.migrate({
        continueOnError: true,
        // Deterministic: the worker waits until the control backend has exited (PG 14+: the
        // timeout form waits), so the next audit write meets a dead connection.
        onTenant: async (_r, done) => {
          if (done !== 3) return;
          const { rows } = await admin.query<{ ok: boolean }>('select pg_terminate_backend($1, 10000) as ok', [before]);
          killed = rows[0]!.ok;
        },
      });
      assert.ok(killed, 'the control backend was terminated mid-run');
      assert.deepEqual(report.counts, { applied: 10, 'up-to-date': 0, failed: 0, skipped: 0 }, JSON.stringify(report.results.filter((r) => r.outcome !== 'applied')));
      const audit = await admin.query<{ slug: string; status: string; n: number }>(
        'select t.slug, m.status, count(*)::int as n from tidemark.schema_migrations m join tidemark.tenants t using (tenant_id) group by 1, 2 order by 1',
      );
      assert.deepEqual(audit.rows.map((r) => [r.slug, r.status, r.n]), slugs.map((s) => [s, 'success', 1]), 'one success row per tenant');
      for (const r of report.results) assert.ok(r.migrationId, `${r.slug} has its audit row`);

      const after = (await p.rows<{ pid: number }>('select pg_backend_pid() as pid'))[0]!.pid;
      assert.notEqual(after, before, 'the Tidemark connection was replaced');
      const status = await fleet.status();
      assert.deepEqual([status.behind, status.failed, status.pending], [[], [], []]);
      const retried = await fleet.retry();
      assert.deepEqual([retried.results.length, retried.converged], [0, true]);
    } finally {
      await admin.end();
      await p.dispose();
      await db.dispose();
    }
  });

  it('killed while an attempt is between its pending row and its outcome: the outcome is still recorded', async () => {
    const db = await postgresTarget.create();
    const p = await tenantProject(
      { database: db.url, tenants: { concurrency: 1 } },
      {
        ...MIGRATIONS,
        // The migration itself kills the control connection (the one that wrote its pending row).
        '003_kill.sql': "select pg_terminate_backend(pid, 10000) from pg_stat_activity where pid = (select pid from public.control_pid);\n",
      },
    );
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    try {
      const fleet = p.tm.tenants();
      await fleet.add('only');
      await admin.query('create table public.control_pid (pid int)');
      await p.rows('insert into public.control_pid select pg_backend_pid()');
      const report = await fleet.migrate();
      assert.deepEqual(report.results.map((r) => [r.slug, r.outcome, r.applied]), [['only', 'applied', ['001_accounts', '002_invoices', '003_kill']]]);
      const rows = await admin.query<{ status: string; details: string }>('select status, details from tidemark.schema_migrations');
      assert.deepEqual(rows.rows.map((r) => r.status), ['success']);
      assert.match(rows.rows[0]!.details, /^Applied version 3: /);
      const gone = await admin.query('select 1 from pg_stat_activity where pid = (select pid from public.control_pid)');
      assert.equal(gone.rowCount, 0, 'the first control connection is really gone');
    } finally {
      await admin.end();
      await p.dispose();
      await db.dispose();
    }
  });
});
