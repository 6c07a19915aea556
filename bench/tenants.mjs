#!/usr/bin/env node
// bench/tenants: 50 migrations applied inside each of N tenant schemas, in the same run, by
// `tidemark tenants migrate` at concurrency 1 and 4 (a whole CLI process: registry, per-tenant
// history and lock, seed 001 audit rows) and by a psql loop: one psql session per tenant that sets
// search_path and runs every file with \i, each in its own transaction (no history, no audit — the
// floor a shell script would reach). Each variant gets fresh databases with the same N empty tenant
// schemas. Times and ratios printed.
//
// Two modes:
//   node bench/tenants.mjs [--tenants 1000] [--migrations 50]
//     every tenant on one server (TIDEMARK_BENCH_DATABASE_URL, default the machine's 127.0.0.1:5432);
//     the psql loop runs one session at a time.
//   node bench/tenants.mjs --shards 3 [--tenants 300] [--migrations 50]
//     the fleet spread over 3 throw-away PostgreSQL servers (initdb + pg_ctl, server defaults, removed
//     afterwards; the harness of test/support/clusters.ts, built into dist/), tenant i on shard i mod 3,
//     the registry on the machine's server; Tidemark's concurrency is per shard (1 → 3 tenants at once
//     fleet-wide, 4 → 12), and the psql loop runs one session per shard at a time, the shards side by
//     side (three psql sessions at once).
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { arg } from './lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist', 'src', 'cli', 'main.js');
const { registrySql } = await import(path.join(root, 'dist', 'src', 'index.js'));
const shardCount = arg('shards', 0);
const tenants = arg('tenants', shardCount > 0 ? 100 * shardCount : 1000);
const count = arg('migrations', 50);
const adminUrl = process.env.TIDEMARK_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tm-bench-tenants-'));
const migrations = path.join(work, 'tenant-migrations');
fs.mkdirSync(migrations);
const files = [];
for (let i = 1; i <= count; i++) {
  const n = String(i).padStart(3, '0');
  const sql = [
    `create table t_${n} (id bigint generated always as identity primary key, name text not null, created_at timestamptz not null default now());`,
    `create index t_${n}_name_idx on t_${n} (name);`,
    `insert into t_${n} (name) values ('a'), ('b');`,
  ].join('\n');
  const file = path.join(migrations, `${n}_table_${n}.sql`);
  fs.writeFileSync(file, `${sql}\n`);
  files.push(file);
}
const slugs = Array.from({ length: tenants }, (_, i) => `t${String(i).padStart(5, '0')}`);
const shardNames = Array.from({ length: shardCount }, (_, i) => `s${i}`);
/** shardOf: tenant i lives on shard i mod N (what fewest-tenants placement gives), or on the main database. */
const shardOf = (i) => (shardCount > 0 ? shardNames[i % shardCount] : null);

const withDatabase = (url, name) => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};
async function on(url, sql, params) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await c.query(sql, params);
  } finally {
    await c.end();
  }
}

/** Server is where a variant's databases go: the machine's server, or one throw-away cluster. */
const machine = { name: 'main', adminUrl };

/** database creates a fresh database `name` on `server` and returns its URL and how to drop it. */
async function database(server, name) {
  await on(server.adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await on(server.adminUrl, `CREATE DATABASE ${name}`);
  return { url: withDatabase(server.adminUrl, name), drop: () => on(server.adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/**
 * freshFleet creates the registry database (on the machine's server) with every tenant registered
 * on its shard, and each shard's database holding its tenants' empty schemas.
 */
async function freshFleet(name, shardServers) {
  const main = await database(machine, name);
  const shards = shardServers.length > 0 ? await Promise.all(shardServers.map((s) => database(s, name))) : [main];
  await on(main.url, registrySql('tidemark'));
  await on(main.url, 'INSERT INTO tidemark.tenants (slug, schema_name, shard) SELECT s, $2 || s, h FROM unnest($1::text[], $3::text[]) AS u(s, h)', [slugs, 'tenant_', slugs.map((_, i) => shardOf(i))]);
  await Promise.all(
    shards.map((db, k) => on(db.url, slugs.filter((_, i) => shardCount === 0 || i % shardCount === k).map((s) => `CREATE SCHEMA tenant_${s};`).join('\n'))),
  );
  // Databases on the throw-away clusters go with them: dropping 5,000 tables with fsync on costs a
  // checkpoint of minutes on a busy disk, and nothing of the next variant shares them.
  return { mainUrl: main.url, shardUrls: shards.map((s) => s.url), drop: () => main.drop() };
}

function tidemarkRun(fleet, concurrency) {
  const project = fs.mkdtempSync(path.join(work, 'project-'));
  const shards = Object.fromEntries(shardNames.map((name, k) => [name, fleet.shardUrls[k]]));
  fs.writeFileSync(path.join(project, 'tidemark.config.json'), JSON.stringify({ database: fleet.mainUrl, tenants: { migrations, concurrency, shards } }));
  const started = performance.now();
  execFileSync(process.execPath, [cli, 'tenants', 'migrate', '--json'], { cwd: project, stdio: ['ignore', 'ignore', 'inherit'] });
  return performance.now() - started;
}

const psqlScript = (slug) => [`SET search_path TO tenant_${slug};`, ...files.map((f) => `BEGIN;\n\\i ${f}\nCOMMIT;`)].join('\n');

/** psqlSession runs one tenant's script in one psql process. */
function psqlSession(url, slug) {
  return new Promise((resolve, reject) => {
    const child = spawn('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url], { stdio: ['pipe', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`psql exited ${code} on tenant ${slug}`))));
    child.stdin.end(psqlScript(slug));
  });
}

/** psqlLoop: one psql session per tenant, one at a time per shard; the shards side by side. */
async function psqlLoop(fleet) {
  const started = performance.now();
  await Promise.all(
    fleet.shardUrls.map(async (url, k) => {
      for (const [i, slug] of slugs.entries()) if (shardCount === 0 || i % shardCount === k) await psqlSession(url, slug);
    }),
  );
  return performance.now() - started;
}

async function verify(fleet) {
  let found = 0;
  for (const url of fleet.shardUrls) {
    const { rows } = await on(url, "select count(*)::int as n from pg_tables where schemaname like 'tenant_%' and tablename like 't\\_%'");
    found += rows[0].n;
  }
  if (found !== tenants * count) throw new Error(`expected ${tenants * count} tables, found ${found}`);
}

const psqlLabel = shardCount > 0 ? `psql loop (one session per tenant, ${shardCount} at once)` : 'psql loop (one session per tenant, \\i per file)';
const perShard = shardCount > 0 ? ' per shard' : '';
const variants = [
  [psqlLabel, psqlLoop],
  [`tidemark tenants migrate --concurrency 1${perShard}`, (fleet) => tidemarkRun(fleet, 1)],
  [`tidemark tenants migrate --concurrency 4${perShard}`, (fleet) => tidemarkRun(fleet, 4)],
];

const results = {};
let clusters;
try {
  let shardServers = [];
  if (shardCount > 0) {
    const { startClusters } = await import(path.join(root, 'dist', 'test', 'support', 'clusters.js'));
    // Server defaults (fsync on), like the machine's server; one connection per tenant at once and spare.
    clusters = await startClusters(shardCount, { fast: false, maxConnections: 30 });
    shardServers = clusters.all.map((c) => ({ name: c.name, adminUrl: c.url() }));
  }
  for (const [label, run] of variants) {
    const fleet = await freshFleet(`tm_bench_tenants_${process.pid}_${Object.keys(results).length}`, shardServers);
    try {
      results[label] = await run(fleet);
      await verify(fleet);
    } finally {
      await fleet.drop();
    }
  }
} finally {
  await clusters?.teardown();
  fs.rmSync(work, { recursive: true, force: true });
}

const base = results[psqlLabel];
const where = shardCount > 0 ? `over ${shardCount} throw-away servers (${tenants / shardCount} per shard)` : 'on one server';
console.log(`${count} migrations x ${tenants} tenant schemas ${where} (${count * tenants} migrations per variant), ${os.cpus().length} CPU(s)`);
for (const [label, ms] of Object.entries(results)) {
  console.log(`${label.padEnd(55)} ${(ms / 1000).toFixed(2).padStart(8)} s   ${(ms / base).toFixed(2)}x psql loop`);
}
