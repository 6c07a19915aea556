#!/usr/bin/env node
// bench/pglite: opening an existing PGlite data directory, as a team that develops against PGlite
// does from its own app. A directory Tidemark made (its migrations applied: tables, an index, a
// view) is opened, queried once and closed, each round in a fresh process, by
//   - plain PGlite: `new PGlite(dir)` with no extension registered (the baseline), and
//   - Tidemark's driver (`pglite:<dir>`: its lock, its settings, the contrib extensions on demand).
// The clock starts once each process has loaded its modules. Medians of several rounds; the ratio
// is printed. Goal (#16): Tidemark within 1.2x plain PGlite.
//
//   node bench/pglite.mjs [--rounds 7]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { arg, median } from './lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rounds = arg('rounds', 7);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tm-bench-pglite-'));
const dataDir = path.join(work, 'db');

const index = pathToFileURL(path.join(root, 'dist', 'src', 'index.js')).href;
const pgliteEntry = pathToFileURL(path.join(root, 'node_modules', '@electric-sql', 'pglite', 'dist', 'index.js')).href;

/** Runs `source` (an ES module body) in a fresh Node process and returns the milliseconds it reports. */
function timed(source) {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', source], { cwd: work, encoding: 'utf8' });
  return Number(out.trim().split('\n').at(-1));
}

const QUERY = 'select count(*)::int as n from pg_class where relnamespace = \'public\'::regnamespace';

try {
  // The directory as Tidemark leaves it after `migrate`.
  const T = await import(index);
  const db = await T.openDriver(`pglite:${dataDir}`);
  await db.runScript(`create table accounts (id bigint generated always as identity primary key, email text not null unique, created_at timestamptz not null default now());
create table orders (id bigint generated always as identity primary key, account_id bigint not null references accounts (id), total numeric(12,2) not null);
create index orders_account_idx on orders (account_id);
create view order_totals as select account_id, sum(total) as total from orders group by account_id;
insert into accounts (email) select 'a' || g || '@example.com' from generate_series(1, 1000) g;`);
  await db.close();

  // The clock starts once the modules are loaded: what is measured is the open itself.
  const plain = `const { PGlite } = await import(${JSON.stringify(pgliteEntry)});
const t = performance.now();
const pg = new PGlite(${JSON.stringify(dataDir)});
await pg.query(${JSON.stringify(QUERY)});
await pg.close();
console.log(performance.now() - t);`;
  const tidemark = `const { openDriver } = await import(${JSON.stringify(index)});
await import(${JSON.stringify(pgliteEntry)});
const t = performance.now();
const db = await openDriver(${JSON.stringify(`pglite:${dataDir}`)});
await db.query(${JSON.stringify(QUERY)});
await db.close();
console.log(performance.now() - t);`;

  const runs = { plain: [], tidemark: [] };
  // Alternate, so that a busy moment costs both alike.
  for (let r = 0; r < rounds; r++) {
    runs.plain.push(timed(plain));
    runs.tidemark.push(timed(tidemark));
  }
  const [p, t] = [median(runs.plain), median(runs.tidemark)];
  console.log(`bench/pglite: open an existing data directory, one query, close (fresh process each; median of ${rounds})`);
  console.log(`  plain new PGlite(dir)   ${p.toFixed(0)} ms`);
  console.log(`  tidemark pglite:<dir>   ${t.toFixed(0)} ms   = ${(t / p).toFixed(2)}x plain (goal <= 1.2x)`);
  console.log(`  load: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
