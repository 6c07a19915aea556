#!/usr/bin/env node
// bench/diff: diff and plan two 1,000-table models that differ by about 5 % (tables dropped and
// added, columns added, retyped and dropped, indexes changed). The models come from introspecting
// a generated schema once; the second is edited in memory. Baseline in the same run: a plain
// structural comparison of the same two models (compareModels), the floor any diff must walk.
//
//   node bench/diff.mjs [--tables 1000] [--rounds 10]
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { arg } from './lib.mjs';

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
