import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConnectionError, addTenants } from '../../src/index.js';
import { startClusters, type Clusters } from '../support/clusters.js';
import { pgliteTarget, postgresTarget, type DatabaseTarget, type TestDatabase } from '../support/databases.js';
import { queryRows } from '../support/inspect.js';
import { tenantProject, type TenantProject } from './helpers.js';

// A fleet over three real servers: three throw-away clusters started once for this file (an initdb
// and three server starts cost seconds), a database of each case's own on each, and the registry
// on the machine's server (in the last case on PGlite). The shards are servers by nature: PGlite is
// one in-process database, not a shard that can be stopped.
const SHARDS = ['a', 'b', 'c'] as const;

/** Fleet is a project whose three shards are fresh databases on the three clusters. */
interface Fleet {
  readonly p: TenantProject;
  readonly shardDbs: Record<(typeof SHARDS)[number], TestDatabase>;
  dispose(): Promise<void>;
}

async function fleetOn(clusters: Clusters, migrations: Record<string, string>, concurrency: number, mainTarget: DatabaseTarget = postgresTarget): Promise<Fleet> {
  const main = await mainTarget.create();
  const dbs = await Promise.all(clusters.all.map((c) => c.createDatabase()));
  const shardDbs = { a: dbs[0]!, b: dbs[1]!, c: dbs[2]! };
  const p = await tenantProject({ database: main.url, tenants: { concurrency, shards: { a: shardDbs.a.url, b: shardDbs.b.url, c: shardDbs.c.url } } }, migrations);
  return {
    p,
    shardDbs,
    async dispose() {
      await p.dispose();
      await Promise.all(dbs.map((d) => d.dispose()));
      await main.dispose();
    },
  };
}

/** PROBED: each tenant records when its second migration ran, in a table of its shard's database. */
const PROBED = {
  '001_accounts.sql': 'create table accounts (id int primary key);\n',
  '002_probe.sql': `insert into public.probe (schema_name, started) values (current_schema(), clock_timestamp());
select pg_sleep(0.5);
update public.probe set ended = clock_timestamp() where schema_name = current_schema();
`,
};

async function createProbes(f: Fleet): Promise<void> {
  for (const shard of SHARDS) await queryRows(f.shardDbs[shard].url, 'create table public.probe (schema_name text primary key, started timestamptz, ended timestamptz)');
}

/**
 * checkOverlaps reads the probes of every shard: each shard ran exactly `expected` (its tenants'
 * schemas), never more than `perShard` at once; returns the most tenants at once fleet-wide.
 */
async function checkOverlaps(f: Fleet, expected: Record<string, string[]>, perShard: number): Promise<number> {
  const all: { started: number; ended: number }[] = [];
  for (const shard of SHARDS) {
    const rows = await queryRows<{ schema_name: string; started: number; ended: number }>(
      f.shardDbs[shard].url,
      'select schema_name, extract(epoch from started)::float8 * 1000 as started, extract(epoch from ended)::float8 * 1000 as ended from public.probe order by 1',
    );
    assert.deepEqual(rows.map((r) => r.schema_name), expected[shard], `shard ${shard} migrated its own tenants`);
    const intervals = rows.map((r) => ({ started: Number(r.started), ended: Number(r.ended) }));
    assert.ok(maxOverlap(intervals) <= perShard, `shard ${shard}: at most ${perShard} tenants at once, saw ${maxOverlap(intervals)}`);
    all.push(...intervals);
  }
  return maxOverlap(all);
}

const schemasByShard = (tenants: readonly { shard: string | null; schema: string }[]) =>
  Object.fromEntries(SHARDS.map((shard) => [shard, tenants.filter((t) => t.shard === shard).map((t) => t.schema)]));

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** maxOverlap is the most intervals open at one instant. */
function maxOverlap(intervals: readonly { started: number; ended: number }[]): number {
  let max = 0;
  for (const i of intervals) max = Math.max(max, intervals.filter((j) => j.started <= i.started && j.ended > i.started).length);
  return max;
}

describe('a tenant fleet across three PostgreSQL servers [throw-away clusters as shards; registry on the machine server, then on PGlite]', () => {
  let clusters: Clusters;
  before(async () => {
    clusters = await startClusters(3);
  });
  after(async () => {
    await clusters?.teardown();
  });

  it('tenants placed on each shard migrate with at most --concurrency at once per shard, the shards side by side', async () => {
    const f = await fleetOn(clusters, PROBED, 2);
    try {
      await createProbes(f);
      const slugs = Array.from({ length: 9 }, (_, i) => `t${i}`);
      const added = await addTenants(f.p.tm.tenants(), slugs, { migrate: false });
      assert.deepEqual(
        added.tenants.map((t) => t.shard),
        ['a', 'b', 'c', 'a', 'b', 'c', 'a', 'b', 'c'],
        'fewest-tenants spreads them',
      );

      const report = await f.p.tm.tenants().migrate();
      assert.deepEqual(report.counts, { applied: 9, 'up-to-date': 0, failed: 0, skipped: 0 });
      const fleetWide = await checkOverlaps(f, schemasByShard(added.tenants), 2);
      // A global limit of 2 (what runs did before per-shard workers) could never exceed 2 here.
      assert.ok(fleetWide > 2, `the shards run side by side: ${fleetWide} tenants at once fleet-wide`);
    } finally {
      await f.dispose();
    }
  });

  it('a shard stopped mid-run fails only its tenants, with a connection error, each audited; retry converges once it is back', async () => {
    // b1 is quick; b2 sleeps in its second migration until the shard goes away under it.
    const f = await fleetOn(
      clusters,
      {
        '001_accounts.sql': 'create table accounts (id int primary key);\n',
        '002_events.sql': `create table events (id int);
do $$ begin
  if exists (select from public.sleepers where schema_name = current_schema()) then perform pg_sleep(60); end if;
end $$;
`,
      },
      2,
    );
    const b = clusters.all[1]!;
    try {
      for (const shard of SHARDS) await queryRows(f.shardDbs[shard].url, 'create table public.sleepers (schema_name text)');
      await queryRows(f.shardDbs.b.url, "insert into public.sleepers values ('tenant_b2')");
      const fleet = f.p.tm.tenants();
      for (const shard of SHARDS) for (let i = 1; i <= 4; i++) await fleet.add(`${shard}${i}`, { shard });

      let stopped = false;
      const report = await fleet.migrate({
        continueOnError: true,
        onTenant: async (result) => {
          // The first tenant of shard b done: b2 is in flight on the other connection. Stop b.
          if (result.shard === 'b' && !stopped) {
            stopped = true;
            await b.stop('immediate');
          }
        },
      });
      assert.ok(stopped);
      const outcome = (slug: string) => report.results.find((r) => r.slug === slug)!;
      for (const shard of ['a', 'c']) for (let i = 1; i <= 4; i++) assert.equal(outcome(`${shard}${i}`).outcome, 'applied', `${shard}${i}`);
      assert.equal(outcome('b1').outcome, 'applied');
      // b2 was connecting or running when b went away; b3 and b4 start after it is down.
      const connectionError = new RegExp(`^(could not connect|lost the connection) to ${escape(f.shardDbs.b.url)}: `);
      for (const slug of ['b2', 'b3', 'b4']) {
        const r = outcome(slug);
        assert.equal(r.outcome, 'failed', `${slug}: ${JSON.stringify(r)}`);
        assert.match(r.error!.message, connectionError, `${slug}: ${r.error!.message}`);
        assert.notEqual(r.migrationId, null, `${slug}'s attempt is audited`);
      }
      for (const slug of ['b3', 'b4']) assert.match(outcome(slug).error!.message, /^could not connect to .*: connection refused \(is the server running\?\)$/, `${slug} started after the stop`);

      const audit = await f.p.rows<{ slug: string; status: string; details: string; version_applied: number }>(
        'select t.slug, m.status, m.details, m.version_applied from tidemark.schema_migrations m join tidemark.tenants t using (tenant_id) order by t.slug',
      );
      assert.deepEqual(
        audit.map((r) => [r.slug, r.status]),
        [...SHARDS.flatMap((s) => [1, 2, 3, 4].map((i) => [`${s}${i}`, s === 'b' && i > 1 ? 'failed' : 'success']))],
        'one row per tenant: success, or failed on the stopped shard',
      );
      for (const row of audit.filter((r) => r.status === 'failed')) {
        assert.match(row.details, new RegExp(`^Failed: ${connectionError.source.slice(1)}`));
        assert.equal(row.version_applied, 2);
      }

      // While b is down its tenants' versions cannot be read: retry stops with a connection error
      // (exit 3) instead of guessing; `--shard` retries the others.
      await assert.rejects(fleet.retry({ continueOnError: true }), (e: unknown) => e instanceof ConnectionError && e.exitCode === 3 && /connection refused/.test(e.message));
      assert.equal((await fleet.retry({ shard: 'a' })).converged, true);

      await b.start();
      await queryRows(f.shardDbs.b.url, 'delete from public.sleepers');
      const retried = await fleet.retry({ continueOnError: true });
      assert.deepEqual(retried.results.map((r) => [r.slug, r.outcome]), [['b2', 'applied'], ['b3', 'applied'], ['b4', 'applied']]);
      assert.equal(retried.converged, true);
      const status = await fleet.status();
      assert.deepEqual([status.behind, status.failed, status.pending], [[], [], []]);
      for (let i = 1; i <= 4; i++) {
        const log = await queryRows<{ version: string }>(f.shardDbs.b.url, `select version from tenant_b${i}.tidemark_migration_log where action = 'up' order by version`);
        assert.deepEqual(log.map((r) => r.version), ['001', '002'], `b${i} applied each migration once`);
      }
    } finally {
      if (!b.running) await b.start();
      await f.dispose();
    }
  });

  it('a registry on PGlite with every tenant on server shards: the shards still run side by side, audit writes taking turns', async () => {
    const f = await fleetOn(clusters, PROBED, 2, pgliteTarget);
    try {
      await createProbes(f);
      const fleet = f.p.tm.tenants();
      const added = await addTenants(fleet, ['p1', 'p2', 'p3', 'p4', 'p5', 'p6']);
      assert.deepEqual(added.migration?.counts, { applied: 6, 'up-to-date': 0, failed: 0, skipped: 0 });
      const fleetWide = await checkOverlaps(f, schemasByShard(added.tenants), 2);
      assert.ok(fleetWide > 2, `the shards run side by side: ${fleetWide} tenants at once fleet-wide`);
      const audit = await f.p.rows<{ slug: string; shard: string; status: string; n: number }>(
        'select t.slug, t.shard, m.status, count(*)::int as n from tidemark.schema_migrations m join tidemark.tenants t using (tenant_id) group by 1, 2, 3 order by 1',
      );
      assert.deepEqual(
        audit.map((r) => [r.slug, r.shard, r.status, r.n]),
        [['p1', 'a', 'success', 1], ['p2', 'b', 'success', 1], ['p3', 'c', 'success', 1], ['p4', 'a', 'success', 1], ['p5', 'b', 'success', 1], ['p6', 'c', 'success', 1]],
      );
      const status = await fleet.status();
      assert.deepEqual(status.tenants.map((t) => [t.slug, t.version]), [['p1', '002'], ['p2', '002'], ['p3', '002'], ['p4', '002'], ['p5', '002'], ['p6', '002']]);
    } finally {
      await f.dispose();
    }
  });
});
