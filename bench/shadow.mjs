#!/usr/bin/env node
// bench/shadow: replay 100 generated migrations into a shadow database and introspect it —
// start-up included, as `generate` and `drift` do it (goal <= 5 s). Baseline in the same run:
// the same SQL into a PGlite started the plain way (initdb on every start, no template), the
// cost a shadow would have without Tidemark's cached data directory.
//
//   node bench/shadow.mjs [--migrations 100]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { arg } from './lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const T = await import(pathToFileURL(path.join(root, 'dist', 'src', 'index.js')).href);
const count = arg('migrations', 100);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tm-bench-shadow-'));
const dir = path.join(work, 'migrations');
fs.mkdirSync(dir);
const ups = [];
for (let i = 1; i <= count; i++) {
  const n = String(i).padStart(3, '0');
  const up = `create table t_${n} (id bigint generated always as identity primary key, name text not null, created_at timestamptz not null default now()${i > 1 ? `, parent_id bigint references t_${String(i - 1).padStart(3, '0')} (id)` : ''});\ncreate index t_${n}_name_idx on t_${n} (name);\ncomment on table t_${n} is 'table ${n}';`;
  ups.push(up);
  fs.writeFileSync(path.join(dir, `${n}_t_${n}.sql`), `-- migrate:up\n${up}\n-- migrate:down\ndrop table t_${n};\n`);
}
try {
  // Warm the template cache once, as any machine that ran Tidemark before has it.
  await T.withShadow(async () => {});
  let start = performance.now();
  const tm = await T.openTidemark({ cwd: work, config: {} });
  const model = await tm.model('migrations:migrations');
  await tm.close();
  const shadowMs = performance.now() - start;

  start = performance.now();
  const { PGlite } = await import('@electric-sql/pglite');
  const cold = await PGlite.create();
  for (const up of ups) await cold.exec(up);
  await cold.close();
  const coldMs = performance.now() - start;

  console.log(`bench/shadow: ${count} migrations replayed into a shadow and introspected (${model.tables.length} tables)`);
  console.log(`  tidemark shadow (template start + replay + introspect)  ${(shadowMs / 1000).toFixed(2)} s   goal <= 5 s`);
  console.log(`  baseline: PGlite with initdb + the same SQL, no history  ${(coldMs / 1000).toFixed(2)} s`);
  console.log(`  ratio = ${(shadowMs / coldMs).toFixed(2)}x`);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
