#!/usr/bin/env node
// bench/inspect: a generated schema of 1,000 tables (8 columns of mixed types, 2-3 indexes,
// 1-2 foreign keys, a CHECK, comments, RLS with a policy on half of them) on the server;
// `tidemark inspect --format sql` (a whole CLI process) against `pg_dump --schema-only` on the
// same database in the same run. Medians of several rounds; peak RSS of each process.
//
//   node bench/inspect.mjs [--tables 1000] [--rounds 5]
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { arg, median } from './lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist', 'src', 'cli', 'main.js');
const tables = arg('tables', 1000);
const rounds = arg('rounds', 5);
const adminUrl = process.env.TIDEMARK_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const { generateSchemaSql } = await import(pathToFileURL(path.join(root, 'test', 'fixtures', 'catalog', 'generate-schema.mjs')).href);

const name = `tm_bench_inspect_${process.pid}`;
const url = Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`create database ${name}`);

/** Runs a command under GNU time: wall milliseconds and peak RSS. */
function timed(command, args) {
  const result = execFileSync('bash', ['-c', `/usr/bin/time -f '%e %M' "$0" "$@" 2>&1 >/dev/null | tail -n 1`, command, ...args], { maxBuffer: 1 << 30 }).toString().trim();
  const [seconds, kib] = result.split(/\s+/).map(Number);
  return { ms: seconds * 1000, rssMb: kib / 1024 };
}

try {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const started = Date.now();
  await client.query(generateSchemaSql(tables));
  await client.end();
  console.log(`bench/inspect: ${tables} tables generated in ${((Date.now() - started) / 1000).toFixed(1)} s; median of ${rounds} rounds`);

  const runs = { tidemark: [], pgDump: [] };
  for (let r = 0; r < rounds; r++) {
    runs.tidemark.push(timed(process.execPath, [cli, 'inspect', '--format', 'sql', '--database', url]));
    runs.pgDump.push(timed('pg_dump', ['--schema-only', '--no-owner', '--dbname', url]));
  }
  const t = median(runs.tidemark.map((x) => x.ms));
  const d = median(runs.pgDump.map((x) => x.ms));
  const tMem = Math.max(...runs.tidemark.map((x) => x.rssMb));
  const dMem = Math.max(...runs.pgDump.map((x) => x.rssMb));
  console.log(`  tidemark inspect --format sql   ${(t / 1000).toFixed(2)} s   peak RSS ${tMem.toFixed(0)} MB`);
  console.log(`  pg_dump --schema-only           ${(d / 1000).toFixed(2)} s   peak RSS ${dMem.toFixed(0)} MB`);
  console.log(`  ratio tidemark/pg_dump = ${(t / d).toFixed(2)}x (goal <= 1x); tidemark memory goal < 300 MB`);
} finally {
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}
