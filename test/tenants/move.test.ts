import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { pgliteTarget, postgresTarget, type TestDatabase } from '../support/databases.js';
import { queryRows } from '../support/inspect.js';
import { assertSameDump, dumpSchema } from '../support/pg-dump.js';
import { REPO_ROOT, createProject } from '../support/project.js';
import { runCli } from '../support/cli.js';
import { tenantProject, type TenantProject } from './helpers.js';
import { startClusters, type Clusters } from '../support/clusters.js';

/**
 * `tenants move` between shards that are databases of the machine's server (the registry on the
 * project's own database). PGlite has one database per fleet and no second server: it is refused.
 */

const MIGRATIONS = {
  '001_shop.sql': `create type status as enum ('new', 'paid');
create sequence invoice_numbers start 1000;
create table customers (id serial primary key, name text not null, referrer int references customers (id), tags status[] not null default '{}');
create table orders (
  id bigint generated always as identity primary key,
  customer_id int not null references customers (id) on delete cascade,
  number int not null default nextval('invoice_numbers'),
  total numeric(10,2) not null,
  status status not null default 'new',
  note text,
  placed_at timestamptz not null default now(),
  total_cents bigint generated always as ((total * 100)::bigint) stored,
  updated_at timestamptz
);
create index orders_customer_idx on orders (customer_id, placed_at desc);
create function touch() returns trigger language plpgsql as $$ begin new.updated_at := '2000-01-01'; return new; end $$;
create trigger orders_touch before insert or update on orders for each row execute function touch();
create table events (id int not null, at date not null, body jsonb) partition by range (at);
create table events_2024 partition of events for values from ('2024-01-01') to ('2025-01-01');
create table events_rest partition of events default;
create materialized view order_totals as select customer_id, sum(total) as total from orders group by customer_id;
`,
};

const SEED = `insert into customers (name, referrer, tags) values ('ada', null, '{new}'), ('bob', 1, '{new,paid}'), ('cy', 2, '{}');
insert into orders (customer_id, total, status, note, placed_at, updated_at)
  select 1 + (i % 3), i * 1.25, case when i % 2 = 0 then 'paid' else 'new' end::status, case when i % 5 = 0 then null else E'tab\\there ''quoted'' ' || i end, timestamptz '2024-03-01 12:00:00+00' + i * interval '1 hour', null
  from generate_series(1, 250) as i;
insert into events select i, date '2024-06-01' + i * 30, jsonb_build_object('i', i, 'a', array[i, i + 1]) from generate_series(1, 20) as i;
select setval('invoice_numbers', 5000);
refresh materialized view order_totals;`;

/** Each table's row count and a checksum of its rows in a stable order. */
async function contents(url: string, schema: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of ['customers', 'orders', 'order_totals', 'events', 'events_2024', 'events_rest', 'tidemark_migrations']) {
    const [row] = await queryRows<{ n: string; sum: string | null }>(url, `select count(*)::text as n, md5(string_agg(t::text, '|' order by t::text)) as sum from ${schema}.${table} t`);
    out[table] = `${row!.n} ${row!.sum}`;
  }
  const seqs = await queryRows<{ name: string; last: string | null }>(url, 'select sequencename as name, last_value::text as last from pg_sequences where schemaname = $1 order by 1', [schema]);
  for (const s of seqs) out[`sequence ${s.name}`] = String(s.last);
  return out;
}

interface Fleet {
  readonly p: TenantProject;
  readonly main: TestDatabase;
  readonly a: TestDatabase;
  readonly b: TestDatabase;
  dispose(): Promise<void>;
}

async function fleetOnServer(): Promise<Fleet> {
  const [main, a, b] = [await postgresTarget.create(), await postgresTarget.create(), await postgresTarget.create()];
  const p = await tenantProject({ database: main.url, tenants: { shards: { a: a.url, b: b.url } } }, MIGRATIONS);
  return {
    p,
    main,
    a,
    b,
    async dispose() {
      await p.dispose();
      for (const db of [main, a, b]) await db.dispose();
    },
  };
}

async function registryRow(f: Fleet, slug: string): Promise<{ shard: string | null; moving_to: string | null }> {
  const [row] = await f.p.rows<{ shard: string | null; moving_to: string | null }>('select shard, moving_to from tidemark.tenants where slug = $1', [slug]);
  return row!;
}

async function hasSchema(url: string, schema: string): Promise<boolean> {
  const rows = await queryRows<{ n: number }>(url, 'select count(*)::int as n from pg_namespace where nspname = $1', [schema]);
  return rows[0]!.n === 1;
}

describe('tenants move [postgres: shards are databases of the server]', () => {
  it('moves rows, sequences, foreign keys, an index, a trigger, partitions and a materialized view: the same pg_dump and the same rows on the target, the registry switched, the source dropped, audited', async () => {
    const f = await fleetOnServer();
    try {
      const fleet = f.p.tm.tenants();
      await fleet.add('acme');
      await fleet.migrate();
      await f.p.rows(`set search_path to tenant_acme; ${SEED}; reset search_path`);
      const dumpBefore = await dumpSchema(f.main.url, { schemas: ['tenant_acme'] });
      const before = await contents(f.main.url, 'tenant_acme');
      const steps: string[] = [];
      const moved = await fleet.move('acme', 'a', { onStep: (e) => void steps.push(e.step) });
      assert.equal(moved.status, 'success', moved.details);
      assert.deepEqual(steps, ['marked', 'locked', 'created', 'copied', 'verified', 'switched', 'source']);
      assert.deepEqual([moved.from, moved.to, moved.tenant.shard, moved.tenant.movingTo, moved.sourceDropped], [null, 'a', 'a', null, true]);
      assert.equal(moved.tables.find((t) => t.table === 'tenant_acme.orders')?.targetRows, 250);
      assertSameDump(dumpBefore, await dumpSchema(f.a.url, { schemas: ['tenant_acme'] }), 'the moved schema', 'source', 'target');
      assert.deepEqual(await contents(f.a.url, 'tenant_acme'), before, 'same rows (the insert trigger did not rewrite them), same sequence values');
      assert.equal(await hasSchema(f.main.url, 'tenant_acme'), false, 'the old schema is dropped');
      assert.deepEqual(await registryRow(f, 'acme'), { shard: 'a', moving_to: null });
      const [next] = await queryRows<{ id: string; number: number }>(f.a.url, "insert into tenant_acme.orders (customer_id, total) values (1, 1) returning id::text, number");
      assert.deepEqual(next, { id: '251', number: 5001 }, 'identity and sequence go on where the source stopped');

      // From shard to shard, then a fleet migration reaches the tenant where it is now.
      const again = await fleet.move('acme', 'b');
      assert.equal(again.status, 'success', again.details);
      assert.equal(await hasSchema(f.a.url, 'tenant_acme'), false);
      await fs.writeFile(path.join(f.p.project.dir, 'tenant-migrations', '002_more.sql'), 'alter table customers add column email text;\n');
      const run = await fleet.migrate();
      assert.deepEqual(run.results.map((r) => [r.slug, r.shard, r.outcome]), [['acme', 'b', 'applied']]);
      const history = await fleet.history('acme');
      assert.deepEqual(history.map((h) => h.status), ['success', 'success', 'success', 'success']);
      assert.match(history[1]!.details!, /^Moved from shard a to shard b: 6 table\(s\), 276 row\(s\), 4 sequence\(s\); row counts and schema verified; source schema dropped\.$/);
      assert.match(history[2]!.details!, /^Moved from the project's database to shard a: /);
      assert.equal(history[2]!.versionApplied, 1, "the audit row carries the tenant's version");
    } finally {
      await f.dispose();
    }
  });

  it('blocks writes on the source while it copies (reads go on) and marks the tenant moving in the registry; --keep-source keeps the old schema', async () => {
    const f = await fleetOnServer();
    const other = new pg.Client({ connectionString: f.main.url });
    await other.connect();
    try {
      const fleet = f.p.tm.tenants();
      await fleet.add('acme');
      await fleet.migrate();
      await f.p.rows(`set search_path to tenant_acme; ${SEED}; reset search_path`);
      const seen: string[] = [];
      const moved = await fleet.move('acme', 'a', {
        keepSource: true,
        onStep: async (e) => {
          if (e.step !== 'copied') return;
          const [mark] = (await other.query("select moving_to from tidemark.tenants where slug = 'acme'")).rows;
          seen.push(`moving_to=${mark.moving_to}`);
          const read = await other.query('select count(*)::int as n from tenant_acme.customers');
          seen.push(`read ${read.rows[0].n}`);
          await other.query("set lock_timeout = '200ms'");
          await other.query("insert into tenant_acme.customers (name) values ('late')").then(
            () => seen.push('write went through'),
            (error: { code?: string }) => seen.push(`write waited: ${error.code}`),
          );
        },
      });
      assert.equal(moved.status, 'success', moved.details);
      assert.deepEqual(seen, ['moving_to=a', 'read 3', 'write waited: 55P03']);
      assert.equal(moved.sourceDropped, false);
      assert.deepEqual(await contents(f.main.url, 'tenant_acme'), await contents(f.a.url, 'tenant_acme'), '--keep-source: the old schema stays, with its rows');
      assert.deepEqual(await registryRow(f, 'acme'), { shard: 'a', moving_to: null });
      assert.match((await fleet.history('acme'))[0]!.details!, /source schema kept \(--keep-source\)\.$/);
    } finally {
      await other.end();
      await f.dispose();
    }
  });

  it('refuses a target that already has the schema: the registry stays on the source, the stranger schema is left alone, the attempt is audited failed', async () => {
    const f = await fleetOnServer();
    try {
      const fleet = f.p.tm.tenants();
      await fleet.add('acme');
      await fleet.migrate();
      await queryRows(f.a.url, 'create schema tenant_acme; create table tenant_acme.precious (id int); insert into tenant_acme.precious values (7)');
      const moved = await fleet.move('acme', 'a');
      assert.equal(moved.status, 'failed');
      assert.match(moved.details, /^Move from the project's database to shard a failed: shard a already has a schema tenant_acme, and no earlier move of this tenant left it there/);
      assert.deepEqual(await registryRow(f, 'acme'), { shard: null, moving_to: null });
      assert.deepEqual(await queryRows(f.a.url, 'select id from tenant_acme.precious'), [{ id: 7 }]);
      assert.equal(await hasSchema(f.main.url, 'tenant_acme'), true);
      const [row] = await fleet.history('acme');
      assert.deepEqual([row!.status, row!.details], ['failed', moved.details]);
    } finally {
      await f.dispose();
    }
  });

  it('a verification failure (a trigger on the target drops rows) leaves the registry on the source, the source writable and the target clean; the next move succeeds', async () => {
    const f = await fleetOnServer();
    try {
      const fleet = f.p.tm.tenants();
      await fleet.add('acme');
      await fleet.migrate();
      await f.p.rows(`set search_path to tenant_acme; ${SEED}; reset search_path`);
      // An event trigger on the target gives every new customers table a trigger that drops odd ids.
      await queryRows(
        f.a.url,
        `create function public.drop_odd() returns trigger language plpgsql as $$ begin if new.id % 2 = 1 then return null; end if; return new; end $$;
create function public.sabotage() returns event_trigger language plpgsql as $$
declare r record;
begin
  for r in select * from pg_event_trigger_ddl_commands() where command_tag = 'CREATE TABLE' and object_identity = 'tenant_acme.customers' loop
    execute 'create trigger sabotage before insert on tenant_acme.customers for each row execute function public.drop_odd()';
  end loop;
end $$;
create event trigger sabotage on ddl_command_end execute function public.sabotage();`,
      );
      const moved = await fleet.move('acme', 'a');
      assert.equal(moved.status, 'failed');
      assert.match(moved.details, /verification failed: row counts differ: tenant_acme\.customers 3 on the source, 1 on the target/);
      assert.match(moved.details, /The registry stays on the source; the partial copy on shard a was dropped\.$/);
      assert.deepEqual(await registryRow(f, 'acme'), { shard: null, moving_to: null });
      assert.equal(await hasSchema(f.a.url, 'tenant_acme'), false, 'the target is clean');
      await f.p.rows("insert into tenant_acme.customers (name) values ('after')");
      assert.equal((await fleet.history('acme'))[0]!.status, 'failed');

      await queryRows(f.a.url, 'drop event trigger sabotage');
      const retried = await fleet.move('acme', 'a');
      assert.equal(retried.status, 'success', retried.details);
      assert.deepEqual(await queryRows(f.a.url, 'select count(*)::int as n from tenant_acme.customers'), [{ n: 4 }]);
    } finally {
      await f.dispose();
    }
  });

  it('a move killed after copying leaves the registry on the source (marked moving); the next move drops the partial copy, closes the attempt as interrupted and moves', async () => {
    const f = await fleetOnServer();
    try {
      const fleet = f.p.tm.tenants();
      await fleet.add('acme');
      await fleet.migrate();
      await f.p.rows(`set search_path to tenant_acme; ${SEED}; reset search_path`);
      const script = path.join(f.p.project.dir, 'killed-move.mjs');
      await fs.writeFile(
        script,
        `import { openTidemark } from ${JSON.stringify(path.join(REPO_ROOT, 'dist', 'src', 'index.js'))};
const tm = await openTidemark({ cwd: ${JSON.stringify(f.p.project.dir)} });
await tm.tenants().move('acme', 'a', { appliedBy: 'doomed', onStep: (e) => { if (e.step === 'copied') process.kill(process.pid, 'SIGKILL'); } });
`,
      );
      await assert.rejects(promisify(execFile)(process.execPath, [script]), (error: { signal?: string }) => error.signal === 'SIGKILL');
      assert.deepEqual(await registryRow(f, 'acme'), { shard: null, moving_to: 'a' });
      assert.equal(await hasSchema(f.a.url, 'tenant_acme'), true, 'the partial copy is on the target');
      assert.deepEqual((await fleet.status()).pending.map((r) => [r.slug, r.appliedBy]), [['acme', 'doomed']]);

      const moved = await fleet.move('acme', 'b');
      assert.equal(moved.status, 'success', moved.details);
      assert.equal(moved.cleaned, 'a');
      assert.deepEqual(moved.interrupted.map((r) => [r.appliedBy, r.status]), [['doomed', 'failed']]);
      assert.equal(await hasSchema(f.a.url, 'tenant_acme'), false, 'the partial copy was dropped');
      assert.deepEqual(await registryRow(f, 'acme'), { shard: 'b', moving_to: null });
      assert.deepEqual(await contents(f.b.url, 'tenant_acme').then((c) => c['customers']), `3 ${(await queryRows<{ s: string }>(f.b.url, "select md5(string_agg(t::text, '|' order by t::text)) as s from tenant_acme.customers t"))[0]!.s}`);
      assert.deepEqual((await fleet.history('acme')).map((h) => h.status).slice(0, 2), ['success', 'failed']);
    } finally {
      await f.dispose();
    }
  });

  it('bad input is one line and exit 2: an unknown tenant, an unknown shard, the shard the tenant is on', async () => {
    const f = await fleetOnServer();
    try {
      await f.p.tm.tenants().add('acme', { shard: 'a' });
      await f.p.tm.close();
      const cli = (...args: string[]) => runCli(args, { cwd: f.p.project.dir });
      const cases: [string[], RegExp][] = [
        [['tenants', 'move', 'nobody', '--to', 'a'], /^error: no tenant "nobody" \(see "tidemark tenants list"\)$/],
        [['tenants', 'move', 'acme', '--to', 'mars'], /^error: shard "mars" is not in the tenants\.shards config key \(known: a, b\)$/],
        [['tenants', 'move', 'acme', '--to', 'a'], /^error: tenant "acme" is already on shard a$/],
      ];
      for (const [args, message] of cases) {
        const result = await cli(...args);
        assert.equal(result.code, 2, result.stderr);
        assert.match(result.stderr.trim(), message);
        assert.equal(result.stderr.trim().split('\n').length, 1);
      }
    } finally {
      await f.dispose();
    }
  });
});

/**
 * The same move between two real servers: two throw-away clusters (their own catalogs, OIDs and
 * type ids), the registry on the machine's server. Rows go from one server's COPY stream into the
 * other's.
 */
describe('tenants move [postgres: between two throw-away servers]', () => {
  let clusters: Clusters | undefined;
  before(async () => {
    clusters = await startClusters(2);
  });
  after(async () => {
    await clusters?.teardown();
  });

  it('moves a tenant from one server to another: the same pg_dump and the same rows there, the source dropped', async () => {
    const [a, b] = await Promise.all(clusters!.all.map((c) => c.createDatabase()));
    const main = await postgresTarget.create();
    const p = await tenantProject({ database: main.url, tenants: { shards: { a: a!.url, b: b!.url } } }, MIGRATIONS);
    try {
      const fleet = p.tm.tenants();
      await fleet.add('acme', { shard: 'a' });
      await fleet.migrate();
      await queryRows(a!.url, `set search_path to tenant_acme; ${SEED}; reset search_path`);
      const dumpBefore = await dumpSchema(a!.url, { schemas: ['tenant_acme'] });
      const before = await contents(a!.url, 'tenant_acme');
      const moved = await fleet.move('acme', 'b');
      assert.equal(moved.status, 'success', moved.details);
      assert.deepEqual([moved.from, moved.to, moved.tenant.shard], ['a', 'b', 'b']);
      assertSameDump(dumpBefore, await dumpSchema(b!.url, { schemas: ['tenant_acme'] }), 'the moved schema', 'server a', 'server b');
      assert.deepEqual(await contents(b!.url, 'tenant_acme'), before, 'the same rows and sequence values on the other server');
      assert.equal(await hasSchema(a!.url, 'tenant_acme'), false, 'the old schema is dropped');
    } finally {
      await p.dispose();
      await Promise.all([a!.dispose(), b!.dispose(), main.dispose()]);
    }
  });
});

describe('tenants move [pglite]', () => {
  it('refuses with one line and exit 2: a PGlite fleet is one database', async () => {
    const main = await pgliteTarget.create();
    const shard = await pgliteTarget.create();
    const project = await createProject({ config: { database: main.url, tenants: { migrations: 'tenant-migrations', shards: { a: shard.url }, placement: 'main' } } });
    try {
      await fs.mkdir(path.join(project.dir, 'tenant-migrations'));
      const cli = (...args: string[]) => runCli(args, { cwd: project.dir });
      assert.equal((await cli('tenants', 'add', 'acme')).code, 0);
      const result = await cli('tenants', 'move', 'acme', '--to', 'a');
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr.trim(), /^error: tenants move needs server shards: the source \(the project's database\) is a PGlite database, and a PGlite fleet is one database$/);
    } finally {
      await project.dispose();
      await main.dispose();
      await shard.dispose();
    }
  });
});
