#!/usr/bin/env node
// bench/reference: what reading a Markdown reference costs. Seed 000 (14 tables) loaded as
// `reference:` (Markdown parse + DDL + shadow PGlite + introspection) against the baseline of the
// same schema as declarative SQL, `dir:examples/saas/schema` (shadow PGlite + introspection), in the
// same run; plus rendering the example's document from its model. Medians of several rounds.
//
//   node bench/reference.mjs [--rounds 5]
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const api = await import(path.join(root, 'dist', 'src', 'index.js'));
const i = process.argv.indexOf('--rounds');
const rounds = i === -1 ? 5 : Number(process.argv[i + 1]);
const seed = path.join(root, 'test', 'fixtures', 'reference', 'seed-000.md');
const project = await api.loadConfig({ cwd: root, config: {}, env: {} });

async function time(work) {
  const samples = [];
  let result;
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    result = await work();
    samples.push(performance.now() - start);
  }
  return { ms: median(samples), result };
}

// Warm-up: loads libpg-query, the Markdown parser and the PGlite template once.
await api.loadReference(seed);
const text = await fs.readFile(seed, 'utf8');
const parse = await time(() => api.parseReference(text, 'seed-000.md'));
const reference = await time(() => api.loadSource(api.parseSource(`reference:${seed}`, root), project));
const sql = await time(() => api.loadSource(api.parseSource('dir:examples/saas/schema', root), project));
const render = await time(() => api.renderDocument(sql.result, { title: 'Database Reference', rowCounts: null, history: null }, { now: new Date('2026-01-17') }));

console.log(`rounds: ${rounds} (medians)`);
console.log(`parse seed 000 (Markdown → document):          ${parse.ms.toFixed(1)} ms`);
console.log(`reference:seed-000.md → model (with shadow):   ${reference.ms.toFixed(0)} ms`);
console.log(`dir:examples/saas/schema → model (baseline):   ${sql.ms.toFixed(0)} ms`);
console.log(`ratio reference / SQL baseline:                ${(reference.ms / sql.ms).toFixed(2)}x`);
console.log(`render the example's document from its model:  ${render.ms.toFixed(1)} ms (${render.result.length} characters)`);
