import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { MigrationFileError } from '../../src/index.js';
import { runCli } from '../support/cli.js';
import { postgresTarget, targets } from '../support/databases.js';
import { tenantProject } from './helpers.js';

const MIGRATIONS = {
  '001_accounts.sql': 'create table accounts (id int primary key);\n',
  '002_invoices.sql': 'create table invoices (id int primary key, account_id int references accounts (id));\n',
};

// What a process killed between its audit insert and its outcome leaves behind.
const DEAD_ROW = "insert into tidemark.schema_migrations (tenant_id, version_applied, status, applied_by) values ($1, 2, 'pending', 'killed-run')";

for (const target of targets) {
  describe(`tenant attempts: interrupted, retried, refused [${target.name}]`, () => {
    it('the next run closes an attempt that died as failed "attempt interrupted"; so does retry when nothing is behind', async () => {
      const db = await target.create();
      const p = await tenantProject({ database: db.url }, MIGRATIONS);
      try {
        const fleet = p.tm.tenants();
        const ghost = await fleet.add('ghost');
        await fleet.add('other');
        await p.rows(DEAD_ROW, [ghost.tenantId]);
        assert.equal((await fleet.status()).pending.length, 1, 'status shows the dead attempt before anything closes it');

        const run = await fleet.migrate({ tenants: ['other'] });
        assert.deepEqual(run.interrupted.map((r) => [r.tenantId, r.status, r.appliedBy]), [[ghost.tenantId, 'failed', 'killed-run']], 'closed even though the run did not select the tenant');
        const closed = await p.rows<{ status: string; details: string }>("select status, details from tidemark.schema_migrations where applied_by = 'killed-run'");
        assert.equal(closed.length, 1);
        assert.equal(closed[0]!.status, 'failed');
        assert.match(closed[0]!.details, /attempt interrupted/);

        await fleet.migrate();
        await p.rows(DEAD_ROW, [ghost.tenantId]);
        const retried = await fleet.retry();
        assert.deepEqual([retried.results.length, retried.interrupted.length, retried.converged], [0, 1, true], 'nothing behind, the dead attempt closed');
        const status = await fleet.status();
        assert.deepEqual([status.pending, status.behind, status.failed], [[], [], []]);
        // The closed attempt is the latest fleet row of ghost only if nothing newer: here the success is newer.
        assert.deepEqual((await fleet.history('ghost')).map((h) => h.status), ['failed', 'success', 'failed']);
      } finally {
        await p.dispose();
        await db.dispose();
      }
    });

    it('retry takes every tenant behind the fleet version, with or without an audit row, and exits 1 unless the fleet converged', async () => {
      const db = await target.create();
      const p = await tenantProject({ database: db.url }, MIGRATIONS);
      try {
        const fleet = p.tm.tenants();
        for (const slug of ['a', 'b', 'c']) await fleet.add(slug);
        await fleet.migrate({ tenants: ['a'], to: '001' });
        const retried = await fleet.retry();
        assert.deepEqual(retried.results.map((r) => [r.slug, r.outcome, r.applied]), [
          ['a', 'applied', ['002_invoices']],
          ['b', 'applied', ['001_accounts', '002_invoices']],
          ['c', 'applied', ['001_accounts', '002_invoices']],
        ]);
        assert.equal(retried.converged, true);

        await fs.writeFile(path.join(p.project.dir, 'tenant-migrations', '003_notes.sql'), 'create table notes (id int);\n');
        await p.rows('create table tenant_b.notes (conflict int)');
        await p.tm.close();
        const cli = (...args: string[]) => runCli(args, { cwd: p.project.dir });
        const failing = await cli('tenants', 'retry', '--continue-on-error');
        assert.equal(failing.code, 1, failing.stderr);
        assert.match(failing.stdout, /^applied {5}a: 003_notes/m);
        assert.match(failing.stdout, /^FAILED {6}b: /m);
        assert.match(failing.stdout, /^not converged: 1 tenant\(s\) behind the fleet's version \(b\)/m);
        const status = JSON.parse((await cli('--json', 'tenants', 'status')).stdout);
        assert.deepEqual([status.behind, status.failed, status.pending], [['b'], ['b'], []]);

        await p.rows('drop table tenant_b.notes');
        await p.tm.close();
        const fixed = await cli('--json', 'tenants', 'retry');
        assert.equal(fixed.code, 0, fixed.stderr);
        const report = JSON.parse(fixed.stdout);
        assert.deepEqual([report.results.map((r: { slug: string }) => r.slug), report.converged], [['b'], true]);
        const again = await cli('tenants', 'retry');
        assert.equal(again.code, 0);
        assert.match(again.stdout, /Nothing to retry/);
      } finally {
        await p.dispose();
        await db.dispose();
      }
    });

    it('a tenant-defined schema version that does not load is audited failed with the error, and refused with exit 2 in one line', async () => {
      const db = await target.create();
      const p = await tenantProject({ database: db.url }, {});
      try {
        const fleet = p.tm.tenants();
        await fleet.add('acme');
        await fleet.applyTenantSchema('acme', 'create table invoices (id int primary key);\n');
        await assert.rejects(fleet.applyTenantSchema('acme', 'create table lines (id int, item int references items (id));\n', { displayName: 'v2.sql' }), MigrationFileError);
        await fs.writeFile(path.join(p.project.dir, 'v3.sql'), 'create table invoices (id int primary key);\ncreate table payments (id int, invoice_id int references missing (id));\n');
        await p.tm.close();
        const cli = await runCli(['tenants', 'apply', 'acme', 'v3.sql'], { cwd: p.project.dir });
        assert.equal(cli.code, 2);
        assert.equal(cli.stderr.trim().split('\n').length, 1, cli.stderr);
        assert.match(cli.stderr, /^error: v3\.sql:2:\d+: relation "missing" does not exist/);
        const rows = await p.rows<{ version_applied: number; status: string; details: string }>('select version_applied, status, details from tidemark.schema_migrations order by created_at');
        assert.deepEqual(rows.map((r) => [r.version_applied, r.status]), [[1, 'success'], [2, 'failed'], [3, 'failed']]);
        assert.match(rows[1]!.details, /^Schema version 2: Failed to load: v2\.sql:1:\d+: relation "items" does not exist \(SQLSTATE 42P01\)/);
        assert.match(rows[2]!.details, /relation "missing" does not exist/);
        assert.deepEqual(await p.rows("select to_regclass('tenant_acme.payments')::text as t"), [{ t: null }]);
        const syntax = await runCli(['tenants', 'apply', 'acme', 'nope.sql'], { cwd: p.project.dir });
        assert.equal(syntax.code, 2);
        await fs.writeFile(path.join(p.project.dir, 'bad.sql'), 'create tabel x (id int);\n');
        await p.tm.close();
        assert.equal((await runCli(['tenants', 'apply', 'acme', 'bad.sql'], { cwd: p.project.dir })).code, 2);
        assert.equal((await p.rows('select * from tidemark.schema_migrations')).length, 3, 'a definition that does not parse is refused before anything is stored');
      } finally {
        await p.dispose();
        await db.dispose();
      }
    });
  });
}

// A second session holding the tenant's lock is a live attempt: PGlite has one session.
describe('a live attempt is not closed as interrupted [postgres only: PGlite has a single session]', () => {
  it('leaves the pending row of a tenant whose lock another session holds, and reports that tenant failed', async () => {
    const db = await postgresTarget.create();
    const p = await tenantProject({ database: db.url }, MIGRATIONS);
    const other = new pg.Client({ connectionString: db.url });
    await other.connect();
    try {
      const fleet = p.tm.tenants();
      const busy = await fleet.add('busy');
      const dead = await fleet.add('dead');
      await p.rows(DEAD_ROW, [busy.tenantId]);
      await p.rows(DEAD_ROW, [dead.tenantId]);
      await other.query("select pg_advisory_lock(hashtextextended('tidemark-tenant:tenant_busy', 0))");
      const run = await fleet.migrate({ continueOnError: true });
      assert.deepEqual(run.interrupted.map((r) => r.tenantId), [dead.tenantId]);
      assert.deepEqual(run.results.map((r) => [r.slug, r.outcome]), [['busy', 'failed'], ['dead', 'applied']]);
      assert.match(run.results[0]!.error!.message, /another Tidemark run is migrating tenant "busy"/);
      const rows = await p.rows<{ status: string }>("select status from tidemark.schema_migrations where tenant_id = $1", [busy.tenantId]);
      assert.deepEqual(rows.map((r) => r.status), ['pending'], 'the live attempt keeps its pending row');
      const retry = await fleet.retry();
      assert.equal(retry.converged, false, 'busy is still behind');
      assert.deepEqual(retry.behind, ['busy']);
      await other.query('select pg_advisory_unlock_all()');
      const after = await fleet.retry();
      assert.deepEqual([after.interrupted.length, after.converged], [1, true]);
    } finally {
      await other.end();
      await p.dispose();
      await db.dispose();
    }
  });
});
