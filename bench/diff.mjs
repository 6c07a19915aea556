#!/usr/bin/env node
// bench/diff: diff and plan two 1,000-table models that differ by about 5 % (tables dropped and
// added, columns added, retyped and dropped, indexes changed). The models come from introspecting
// a generated schema once; the second is edited in memory. Baseline in the same run: a plain
// structural comparison of the same two models (compareModels), the floor any diff must walk.
//
// Then the whole command: two server databases ~5 % apart (built by SQL: tables dropped, added,
// columns added and retyped, indexes dropped), `tidemark diff --from A --to B` as a CLI process with
// plan verification (the default) and with --no-verify, beside `pg_dump --schema-only` of A and of B
// in the same run. Goals: within 1.5x of the two dumps without verification, 3x with it.
//
//   node bench/diff.mjs [--tables 1000] [--rounds 10] [--command-rounds 3]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { arg, median } from './lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const T = await import(pathToFileURL(path.join(root, 'dist', 'src', 'index.js')).href);
const { generateSchemaSql } = await import(pathToFileURL(path.join(root, 'test', 'fixtures', 'catalog', 'generate-schema.mjs')).href);
const tables = arg('tables', 1000);
const rounds = arg('rounds', 10);

const db = await T.openDriver('pglite:memory');
await db.runScript(generateSchemaSql(tables));
const a = await T.introspect(db);
await db.close();

// ~5 %: drop 1 % of tables, add 1 % new ones, and change 3 % of the others.
const b = structuredClone(a);
const n = b.tables.length;
const dropped = new Set(b.tables.filter((_, i) => i % 100 === 99).map((t) => `${t.schema}.${t.name}`));
b.tables = b.tables.filter((t) => !dropped.has(`${t.schema}.${t.name}`));
for (const t of b.tables) t.constraints = t.constraints.filter((c) => !c.foreignKey || !dropped.has(`${c.foreignKey.table.schema}.${c.foreignKey.table.name}`));
for (let i = 0; i < n / 100; i++) b.tables.push({ ...structuredClone(b.tables[i]), name: `added_${i}`, constraints: [], indexes: [], triggers: [], policies: [] });
b.tables.forEach((t, i) => {
  if (i % 33 !== 0) return;
  t.columns.push({ name: 'added_column', type: 'text', userType: null, notNull: false, default: null, identity: null, generated: null, collation: null, comment: 'new', inheritance: 'local', notNullInheritedOnly: false, storage: null, compression: null, statistics: null });
  const text = t.columns.find((c) => c.type === 'text');
  if (text) text.type = 'character varying(200)';
  t.indexes = t.indexes.slice(1);
});
const changedTables = dropped.size + n / 100 + Math.ceil(b.tables.length / 33);

const time = (fn) => {
  const times = [];
  let result;
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    result = fn();
    times.push(performance.now() - start);
  }
  times.sort((x, y) => x - y);
  return { ms: times[Math.floor(times.length / 2)], result };
};
const diff = time(() => T.diffModels(a, b));
const planTimes = [];
let plan;
for (let r = 0; r < rounds; r++) {
  const start = performance.now();
  plan = await T.planChanges(T.diffModels(a, b), a, b);
  planTimes.push(performance.now() - start);
}
planTimes.sort((x, y) => x - y);
const planMs = planTimes[Math.floor(rounds / 2)];
const compare = time(() => T.compareModels(a, b));
console.log(`bench/diff: ${n} tables, ${changedTables} changed (~${((changedTables / n) * 100).toFixed(0)} %), median of ${rounds} rounds`);
console.log(`  diffModels                        ${diff.ms.toFixed(1)} ms (${diff.result.length} changes)`);
console.log(`  diffModels + planChanges (SQL)    ${planMs.toFixed(1)} ms (${plan.up.length} statements)   goal <= 100 ms`);
console.log(`  baseline compareModels            ${compare.ms.toFixed(1)} ms (${compare.result.length} differences)`);
console.log(`  ratio diff+plan / compareModels = ${(planMs / compare.ms).toFixed(2)}x`);

// The whole command against pg_dump.
const commandRounds = arg('command-rounds', 3);
const adminUrl = process.env.TIDEMARK_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const names = [`tm_bench_diff_a_${process.pid}`, `tm_bench_diff_b_${process.pid}`];
const [urlA, urlB] = names.map((name) => Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString());
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
const cwd = await fs.mkdtemp(path.join(os.tmpdir(), 'tm-bench-diff-'));
const wall = (command, args) => {
  const start = performance.now();
  execFileSync(command, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 30 });
  return performance.now() - start;
};
try {
  for (const name of names) await admin.query(`create database ${name}`);
  for (const url of [urlA, urlB]) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(generateSchemaSql(tables));
    await client.end();
  }
  // B: 1 % of the tables dropped, 1 % added, 3 % changed (a column added, a text column retyped, an index dropped).
  const client = new pg.Client({ connectionString: urlB });
  await client.connect();
  const { rows } = await client.query(
    "select format('%I.%I', n.nspname, c.relname) as t from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.relkind = 'r' and n.nspname in ('public', 'gen') order by c.oid",
  );
  let skipped = 0;
  const run = (sql) => client.query(sql).catch(() => skipped++);
  for (let i = 0; i < rows.length; i++) {
    const { t } = rows[i];
    if (i % 100 === 99) await run(`drop table ${t} cascade`);
    else if (i % 100 === 50) await run(`create table public.added_${i} (like ${t} including defaults including constraints including comments)`);
    else if (i % 33 === 0) {
      await run(`alter table ${t} add column added_column text`);
      const text = (await client.query("select quote_ident(attname) as c from pg_attribute where attrelid = $1::regclass and atttypid = 'text'::regtype and attnum > 0 order by attnum limit 1", [t])).rows[0];
      if (text) await run(`alter table ${t} alter column ${text.c} type varchar(200)`);
      const index = (await client.query("select indexrelid::regclass::text as i from pg_index where indrelid = $1::regclass and not indisprimary order by 1 limit 1", [t])).rows[0];
      if (index) await run(`drop index ${index.i}`);
    }
  }
  await client.end();

  const times = { verified: [], unverified: [], dumpA: [], dumpB: [] };
  const diffArgs = [path.join(root, 'dist', 'src', 'cli', 'main.js'), 'diff', '--database', urlA, '--from', urlA, '--to', urlB, '--format', 'summary'];
  for (let r = 0; r < commandRounds; r++) {
    times.unverified.push(wall(process.execPath, [...diffArgs, '--no-verify']));
    times.verified.push(wall(process.execPath, diffArgs));
    times.dumpA.push(wall('pg_dump', ['--schema-only', '--no-owner', '--dbname', urlA]));
    times.dumpB.push(wall('pg_dump', ['--schema-only', '--no-owner', '--dbname', urlB]));
  }
  const [verified, unverified, dumps] = [median(times.verified), median(times.unverified), median(times.dumpA) + median(times.dumpB)];
  const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
  console.log(`  whole command, two server databases of ${tables} tables ~5 % apart${skipped ? ` (${skipped} edits skipped)` : ''}, median of ${commandRounds} rounds`);
  console.log(`    tidemark diff --no-verify       ${s(unverified)}   ratio ${(unverified / dumps).toFixed(2)}x the two dumps   goal <= 1.5x`);
  console.log(`    tidemark diff (verified)        ${s(verified)}   ratio ${(verified / dumps).toFixed(2)}x the two dumps   goal <= 3x`);
  console.log(`    pg_dump --schema-only A + B     ${s(dumps)} (${s(median(times.dumpA))} + ${s(median(times.dumpB))})`);
} finally {
  for (const name of names) await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
  await fs.rm(cwd, { recursive: true, force: true });
}
