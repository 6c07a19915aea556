import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { postgresTarget } from '../support/databases.js';
import { tenantProject } from './helpers.js';

// Terminating a backend needs a second session, and PGlite is one session by design.
describe('a tenant backend killed mid-migration [postgres only: PGlite has a single session]', () => {
  it('fails only that tenant, leaves its audit row failed, keeps the other connections going, and is retryable', async () => {
    const db = await postgresTarget.create();
    const p = await tenantProject(
      { database: db.url, tenants: { concurrency: 2 } },
      {
        '001_accounts.sql': 'create table accounts (id int primary key);\n',
        '002_slow.sql': `create table events (id int);
do $$ begin
  if exists (select from public.sleepers where schema_name = current_schema()) then perform pg_sleep(60); end if;
end $$;
`,
      },
    );
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    try {
      await admin.query("create table public.sleepers (schema_name text); insert into public.sleepers values ('tenant_s3')");
      const fleet = p.tm.tenants();
      for (let i = 0; i < 8; i++) await fleet.add(`s${i}`);
      const running = fleet.migrate({ continueOnError: true });
      let killed = false;
      for (let i = 0; i < 200 && !killed; i++) {
        const { rows } = await admin.query<{ ok: boolean }>(
          "select pg_terminate_backend(pid) as ok from pg_stat_activity where pid <> pg_backend_pid() and datname = current_database() and query like '%pg_sleep(60)%' and wait_event = 'PgSleep'",
        );
        killed = rows.some((r) => r.ok);
        if (!killed) await new Promise((r) => setTimeout(r, 50));
      }
      assert.ok(killed, 'found the sleeping tenant migration and terminated it');
      const report = await running;
      assert.deepEqual(report.results.filter((r) => r.outcome !== 'applied').map((r) => [r.slug, r.outcome]), [['s3', 'failed']]);
      const s3 = report.results.find((r) => r.slug === 's3')!;
      assert.match(s3.error!.message, /terminat/i);
      const audit = await admin.query<{ status: string; details: string }>(
        "select m.status, m.details from tidemark.schema_migrations m join tidemark.tenants t using (tenant_id) where t.slug = 's3'",
      );
      assert.equal(audit.rows.length, 1);
      assert.equal(audit.rows[0]!.status, 'failed');
      assert.match(audit.rows[0]!.details, /terminat/i);
      assert.deepEqual((await admin.query("select to_regclass('tenant_s3.events')::text as t")).rows, [{ t: null }], 'the killed transaction left nothing');

      await admin.query('delete from public.sleepers');
      const retried = await fleet.retry();
      assert.deepEqual(retried.results.map((r) => [r.slug, r.outcome, r.applied]), [['s3', 'applied', ['002_slow']]]);
      const log = await admin.query("select version from tenant_s3.tidemark_migration_log where action = 'up' order by version");
      assert.deepEqual(log.rows.map((r) => r.version), ['001', '002']);
    } finally {
      await admin.end();
      await p.dispose();
      await db.dispose();
    }
  });
});
