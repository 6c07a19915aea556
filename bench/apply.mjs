#!/usr/bin/env node
// bench/apply: 50 generated migrations applied to a fresh server database by `tidemark migrate`
// (a whole CLI process: start-up, parse, lock, history; with and without the parse cache a
// previous run leaves) and, in the same run, by psql: one
// `psql -1 -f` process per file (the issue's baseline), one psql session running every file in its
// own transaction (the floor), and dbmate (a peer, on the same dbmate-format files). Medians of several rounds; ratios printed.
//
//   node bench/apply.mjs [--rounds 5] [--migrations 50]
//   TIDEMARK_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres (default)
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { arg, median } from './lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist', 'src', 'cli', 'main.js');
const rounds = arg('rounds', 5);
const count = arg('migrations', 50);
const adminUrl = process.env.TIDEMARK_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tm-bench-apply-'));
const migrations = path.join(work, 'migrations');
const plain = path.join(work, 'plain');
fs.mkdirSync(migrations);
fs.mkdirSync(plain);
const session = [];
for (let i = 1; i <= count; i++) {
  const n = String(i).padStart(3, '0');
  const up = [
    `create table t_${n} (id bigint generated always as identity primary key, name text not null, "limit" integer, created_at timestamptz not null default now(), parent_id bigint${i > 1 ? ` references t_${String(i - 1).padStart(3, '0')} (id)` : ''});`,
    `create index t_${n}_name_idx on t_${n} (name);`,
    `comment on table t_${n} is 'generated table ${n}';`,
    `insert into t_${n} (name, "limit") select 'row ' || g, g from generate_series(1, 20) g;`,
  ].join('\n');
  fs.writeFileSync(path.join(migrations, `${n}_table_${n}.sql`), `-- migrate:up\n${up}\n\n-- migrate:down\ndrop table t_${n};\n`);
  fs.writeFileSync(path.join(plain, `${n}.sql`), `${up}\n`);
  session.push(`begin;\n${up}\ncommit;`);
}
fs.writeFileSync(path.join(work, 'session.sql'), session.join('\n'));
const plainFiles = fs.readdirSync(plain).sort().map((f) => path.join(plain, f));

// dbmate is a peer measured for comparison, not a dependency: it is installed from npm into a
// cache folder on first use (its other-platform packages are not all on every registry mirror,
// which would break `npm ci` if it were in package-lock.json).
function installDbmate() {
  const prefix = path.join(os.homedir(), '.cache', 'tidemark', 'bench-tools');
  const bin = path.join(prefix, 'node_modules', '.bin', 'dbmate');
  if (!fs.existsSync(bin)) execFileSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-package-lock', 'dbmate@2'], { stdio: 'ignore' });
  return bin;
}

const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
const urlFor = (db) => Object.assign(new URL(adminUrl), { pathname: `/${db}` }).toString();
let serial = 0;
async function fresh() {
  const name = `tm_bench_${process.pid}_${serial++}`;
  await admin.query(`create database ${name}`);
  return name;
}
async function drop(name) {
  await admin.query(`drop database if exists ${name} with (force)`);
}
function timed(fn) {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const dbmate = installDbmate();
const results = { tidemark: [], tidemarkCold: [], dbmate: [], psqlPerFile: [], psqlSession: [] };
try {
  for (let r = 0; r < rounds; r++) {
    // Cold: no parse cache (a fresh checkout); warm: the cache the cold run left (a rerun, a deploy).
    for (const kind of ['tidemarkCold', 'tidemark']) {
      if (kind === 'tidemarkCold') fs.rmSync(path.join(work, '.tidemark', 'cache'), { recursive: true, force: true });
      const db = await fresh();
      results[kind].push(
        timed(() => {
          const run = spawnSync(process.execPath, [cli, 'migrate', '--database', urlFor(db)], { cwd: work, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
          if (run.status !== 0) throw new Error(`tidemark failed: ${run.stderr}`);
        }),
      );
      await drop(db);
    }

    let db;

    db = await fresh();
    results.dbmate.push(
      timed(() => {
        const dbmateUrl = `${urlFor(db)}${urlFor(db).includes('?') ? '&' : '?'}sslmode=disable`;
        execFileSync(dbmate, ['--url', dbmateUrl, '--migrations-dir', migrations, '--no-dump-schema', 'up'], { stdio: 'ignore' });
      }),
    );
    await drop(db);

    db = await fresh();
    results.psqlPerFile.push(
      timed(() => {
        for (const file of plainFiles) execFileSync('psql', ['-X', '-q', '-1', '-v', 'ON_ERROR_STOP=1', '-d', urlFor(db), '-f', file], { stdio: 'ignore' });
      }),
    );
    await drop(db);

    db = await fresh();
    results.psqlSession.push(
      timed(() => {
        execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', urlFor(db), '-f', path.join(work, 'session.sql')], { stdio: 'ignore' });
      }),
    );
    await drop(db);
  }

  const versionTimes = Array.from({ length: 10 }, () => timed(() => execFileSync(process.execPath, [cli, '--version'])));

  const t = median(results.tidemark);
  const perFile = median(results.psqlPerFile);
  const dbm = median(results.dbmate);
  const one = median(results.psqlSession);
  const fmt = (ms) => `${(ms / 1000).toFixed(3)} s`;
  console.log(`bench/apply: ${count} migrations, median of ${rounds} rounds, server ${new URL(adminUrl).host}`);
  const cold = median(results.tidemarkCold);
  console.log(`  tidemark migrate (whole process)        ${fmt(t)}   parse cache warm (a rerun)`);
  console.log(`  tidemark migrate, no parse cache        ${fmt(cold)}   a fresh checkout; ratio to dbmate = ${(cold / dbm).toFixed(2)}x`);
  console.log(`  dbmate up (same files)                  ${fmt(dbm)}   ratio tidemark/dbmate         = ${(t / dbm).toFixed(2)}x (goal < 1x)`);
  console.log(`  psql -1 -f, one process per file        ${fmt(perFile)}   ratio tidemark/psql-per-file = ${(t / perFile).toFixed(2)}x (goal <= 1.3x)`);
  console.log(`  psql, one session, a transaction a file ${fmt(one)}   ratio tidemark/psql-session  = ${(t / one).toFixed(2)}x`);
  console.log(`  tidemark --version                      ${median(versionTimes).toFixed(0)} ms (goal < 100 ms)`);
} finally {
  await admin.end();
  fs.rmSync(work, { recursive: true, force: true });
}
