import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openTidemark, CHANGE_CATEGORIES, type ChangeCategory, type ChangeReport } from '../../src/index.js';
import { targets } from '../support/databases.js';
import { copyExample } from '../support/project.js';
import { runCli } from '../support/cli.js';
import { queryRows } from '../support/inspect.js';

const CHANGES = `-- migrate:up
create table invoices (
  invoice_id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants (tenant_id) on delete cascade,
  amount numeric(12,2) not null
);
create index invoices_tenant_idx on invoices (tenant_id);
alter table invoices enable row level security;
create policy invoices_tenant on invoices using (true);
alter table users add column locale text;
create policy users_self on users using (true);
alter table agents alter column temperature type numeric(4,2);
alter table mcp_servers drop column health_status;
drop table agent_session_memory;
`;

/** Counts straight from the catalog, independent of Tidemark's introspection. */
async function catalogTotals(url: string): Promise<Partial<Record<ChangeCategory, number>>> {
  const [row] = await queryRows<Record<string, number>>(
    url,
    `SELECT
       (SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')) AS tables,
       (SELECT count(*)::int FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped) AS columns,
       (SELECT count(*)::int FROM pg_constraint k JOIN pg_namespace n ON n.oid = k.connamespace WHERE n.nspname = 'public' AND k.contype = 'f') AS "foreignKeys",
       (SELECT count(*)::int FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)) AS indexes,
       (SELECT count(*)::int FROM pg_policies WHERE schemaname = 'public') AS policies,
       (SELECT count(*)::int FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND NOT t.tgisinternal) AS triggers`,
  );
  return row!;
}

function pick(totals: Readonly<Record<ChangeCategory, number>>): Partial<Record<ChangeCategory, number>> {
  return { tables: totals.tables, columns: totals.columns, foreignKeys: totals.foreignKeys, indexes: totals.indexes, policies: totals.policies, triggers: totals.triggers };
}

for (const target of targets) {
  describe(`migrate --report [${target.name}]`, () => {
    it('from an empty database: every object of the example is added, totals 0 → the catalog counts', async () => {
      const db = await target.create();
      const project = await copyExample();
      try {
        const run = await runCli(['--database', db.url, 'migrate', '--report', '--json'], { cwd: project.dir });
        assert.equal(run.code, 0, run.stderr);
        const { applied, report } = JSON.parse(run.stdout) as { applied: unknown[]; report: ChangeReport };
        assert.equal(applied.length, 11);
        assert.equal(report.changed, true);
        assert.equal(report.changes.tables.added.length, 14);
        assert.deepEqual(pick(report.totals.after), await catalogTotals(db.url));
        for (const category of CHANGE_CATEGORIES) {
          assert.equal(report.totals.before[category], 0, category);
          assert.equal(report.changes[category].added.length, report.totals.after[category], category);
        }
        assert.equal(report.changes.columns.inAddedOrRemovedTables, report.totals.after.columns, 'every column came with its table');
      } finally {
        await project.dispose();
        await db.dispose();
      }
    });

    it('a migration that adds, drops and alters: names each change, and the totals match the catalog', async () => {
      const db = await target.create();
      const project = await copyExample();
      const cli = (...args: string[]) => runCli(['--database', db.url, ...args], { cwd: project.dir });
      try {
        assert.equal((await cli('migrate')).code, 0);
        const before = await catalogTotals(db.url);
        await project.write('020_billing.sql', CHANGES);
        const run = await cli('migrate', '--report', '--json');
        assert.equal(run.code, 0, run.stderr);
        const { report } = JSON.parse(run.stdout) as { report: ChangeReport };
        assert.deepEqual(pick(report.totals.before), before);
        assert.deepEqual(pick(report.totals.after), await catalogTotals(db.url));
        const asm = 'public.agent_session_memory';
        assert.deepEqual(report.changes.tables, {
          added: ['public.invoices'],
          removed: [asm],
          altered: [
            { name: 'public.agents', what: ['columns'] },
            { name: 'public.mcp_servers', what: ['columns', 'constraints', 'indexes'] },
            { name: 'public.users', what: ['columns', 'policies'] },
          ],
          inAddedOrRemovedTables: 0,
        });
        assert.deepEqual(report.changes.columns.added, ['public.invoices.amount', 'public.invoices.invoice_id', 'public.invoices.tenant_id', 'public.users.locale']);
        assert.deepEqual(report.changes.columns.removed, [
          `${asm}.created_at`, `${asm}.memory_id`, `${asm}.memory_key`, `${asm}.memory_value`, `${asm}.session_id`, `${asm}.updated_at`,
          'public.mcp_servers.health_status',
        ]);
        assert.deepEqual(report.changes.columns.altered, [{ name: 'public.agents.temperature', what: ['type'] }]);
        assert.equal(report.changes.columns.inAddedOrRemovedTables, 9);
        assert.deepEqual(report.changes.foreignKeys, {
          added: ['public.invoices.invoices_tenant_id_fkey'],
          removed: [`${asm}.agent_session_memory_session_id_fkey`],
          altered: [],
          inAddedOrRemovedTables: 2,
        });
        assert.deepEqual(report.changes.indexes.added, ['public.invoices.invoices_tenant_idx']);
        assert.deepEqual(report.changes.indexes.removed, [`${asm}.idx_session_memory_session_id`, `${asm}.idx_session_memory_session_key`, 'public.mcp_servers.idx_mcp_servers_health']);
        assert.deepEqual(report.changes.policies.added, ['public.invoices.invoices_tenant', 'public.users.users_self']);
        assert.deepEqual(report.changes.triggers.removed, [`${asm}.update_agent_session_memory_updated_at`]);
        for (const category of ['views', 'enums', 'functions'] as const) {
          assert.deepEqual(report.changes[category], { added: [], removed: [], altered: [], inAddedOrRemovedTables: 0 }, category);
        }
      } finally {
        await project.dispose();
        await db.dispose();
      }
    });

    it('text output; nothing pending reports no change; --dry-run with --report is a usage error', async () => {
      const db = await target.create();
      const project = await copyExample();
      const cli = (...args: string[]) => runCli(['--database', db.url, ...args], { cwd: project.dir });
      try {
        assert.equal((await cli('migrate')).code, 0);
        await project.write('020_billing.sql', CHANGES);
        const text = await cli('migrate', '--report');
        assert.equal(text.code, 0, text.stderr);
        assert.match(text.stdout, /Applied 1 migration\(s\)/);
        assert.match(text.stdout, /What this run changed:\n {2}tables +\+1 -1 ~\d+\n {4}\+ public\.invoices\n {4}- public\.agent_session_memory\n/);
        assert.match(text.stdout, /\n {2}columns +\+4 -7 ~1 \(9 in tables added or removed\)\n {4}\+ public\.users\.locale\n {4}- public\.mcp_servers\.health_status\n {4}~ public\.agents\.temperature \(type\)\n/);
        assert.doesNotMatch(text.stdout, /\+ public\.invoices\.amount/, 'columns of a new table are counted, not listed');
        assert.match(text.stdout, /Totals before → after: tables 14 → 14, views 0 → 0, columns \d+ → \d+, foreign keys \d+ → \d+/);

        const again = await cli('migrate', '--report', '--json');
        assert.equal(again.code, 0, again.stderr);
        const { applied, report } = JSON.parse(again.stdout) as { applied: unknown[]; report: ChangeReport };
        assert.deepEqual(applied, []);
        assert.equal(report.changed, false);
        assert.deepEqual(report.totals.before, report.totals.after);
        assert.match((await cli('migrate', '--report')).stdout, /What this run changed:\n {2}nothing: the schema is the same as before\n/);

        const dry = await cli('migrate', '--report', '--dry-run');
        assert.equal(dry.code, 2);
        assert.match(dry.stderr, /--report cannot be combined with --dry-run/);
      } finally {
        await project.dispose();
        await db.dispose();
      }
    });

    it('the API: tm.migrate({ report: true }) returns the steps and the report', async () => {
      const db = await target.create();
      const project = await copyExample();
      try {
        const tm = await openTidemark({ cwd: project.dir, database: db.url });
        try {
          const { applied, report } = await tm.migrate({ to: '002', report: true });
          assert.deepEqual(applied.map((s) => s.version), ['001', '002']);
          assert.deepEqual(report.changes.tables.added, ['public.admins', 'public.memberships', 'public.tenants', 'public.users']);
          assert.deepEqual(report.changes.enums.added, ['public.membership_role']);
          const plain = await tm.migrate({ to: '003' });
          assert.deepEqual(plain.map((s) => s.version), ['003']);
        } finally {
          await tm.close();
        }
      } finally {
        await project.dispose();
        await db.dispose();
      }
    });
  });
}
