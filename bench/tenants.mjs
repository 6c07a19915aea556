#!/usr/bin/env node
// bench/tenants: 50 migrations applied inside each of N tenant schemas on the server, in the same
// run, by `tidemark tenants migrate` at concurrency 1 and 4 (a whole CLI process: registry,
// per-tenant history and lock, seed 001 audit rows) and by a psql loop: one psql session per tenant
// that sets search_path and runs every file with \i, each in its own transaction (no history, no
// audit — the floor a shell script would reach). Each variant gets a fresh database with the same
// N empty tenant schemas. Times and ratios printed.
//
//   node bench/tenants.mjs [--tenants 1000] [--migrations 50]
//   TIDEMARK_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres (default)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { arg } from './lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist', 'src', 'cli', 'main.js');
const { registrySql } = await import(path.join(root, 'dist', 'src', 'index.js'));
const tenants = arg('tenants', 1000);
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

const dbUrl = (name) => {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
};
async function admin(sql) {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** freshDatabase creates a database with N empty tenant schemas (registered, for Tidemark). */
async function freshDatabase(name) {
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${name}`);
  const c = new pg.Client({ connectionString: dbUrl(name) });
  await c.connect();
  try {
    await c.query(registrySql('tidemark'));
    await c.query(slugs.map((s) => `CREATE SCHEMA tenant_${s};`).join('\n'));
    await c.query('INSERT INTO tidemark.tenants (slug, schema_name) SELECT s, $2 || s FROM unnest($1::text[]) s', [slugs, 'tenant_']);
  } finally {
    await c.end();
  }
  return dbUrl(name);
}

function tidemarkRun(url, concurrency) {
  const project = fs.mkdtempSync(path.join(work, 'project-'));
  fs.writeFileSync(path.join(project, 'tidemark.config.json'), JSON.stringify({ database: url, tenants: { migrations, concurrency } }));
  const started = performance.now();
  execFileSync(process.execPath, [cli, 'tenants', 'migrate', '--json'], { cwd: project, stdio: ['ignore', 'ignore', 'inherit'] });
  return performance.now() - started;
}

function psqlLoop(url) {
  const started = performance.now();
  for (const slug of slugs) {
    const script = [`SET search_path TO tenant_${slug};`, ...files.map((f) => `BEGIN;\n\\i ${f}\nCOMMIT;`)].join('\n');
    execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url], { input: script, stdio: ['pipe', 'ignore', 'inherit'] });
  }
  return performance.now() - started;
}

async function verify(url) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query("select count(*)::int as n from pg_tables where schemaname like 'tenant_%' and tablename like 't\\_%'");
    if (rows[0].n !== tenants * count) throw new Error(`expected ${tenants * count} tables, found ${rows[0].n}`);
  } finally {
    await c.end();
  }
}

const stamp = `${process.pid}`;
const results = {};
try {
  for (const [label, run] of [
    ['psql loop (one session per tenant, \\i per file)', psqlLoop],
    ['tidemark tenants migrate --concurrency 1', (url) => tidemarkRun(url, 1)],
    ['tidemark tenants migrate --concurrency 4', (url) => tidemarkRun(url, 4)],
  ]) {
    const name = `tm_bench_tenants_${stamp}_${Object.keys(results).length}`;
    const url = await freshDatabase(name);
    try {
      results[label] = run(url);
      await verify(url);
    } finally {
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}

const base = results['psql loop (one session per tenant, \\i per file)'];
console.log(`${count} migrations x ${tenants} tenant schemas (${count * tenants} migrations per variant), ${os.cpus().length} CPU(s)`);
for (const [label, ms] of Object.entries(results)) {
  console.log(`${label.padEnd(50)} ${(ms / 1000).toFixed(2).padStart(8)} s   ${(ms / base).toFixed(2)}x psql loop`);
}
