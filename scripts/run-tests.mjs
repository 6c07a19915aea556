#!/usr/bin/env node
// Runs every compiled test file, each in its own `node --test` process, two at a time (a two-core
// machine), and prints the slowest files at the end so the suite's time stays visible.
//
// The PGlite template is built once here first, so parallel test files reuse it instead of each
// running initdb (seconds and hundreds of MB apiece). The run gets a cache directory of its own
// (TIDEMARK_CACHE_DIR), never the user's ~/.cache/tidemark, and removes it afterwards.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const testRoot = path.join(root, 'dist', 'test');

async function collect(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await collect(full)));
    else if (entry.name.endsWith('.test.js')) out.push(full);
  }
  return out.sort();
}

const ownCache = !process.env.TIDEMARK_TEST_KEEP_CACHE;
const cacheHome = ownCache ? await mkdtemp(path.join(os.tmpdir(), 'tidemark-test-cache-')) : undefined;
if (cacheHome) process.env.TIDEMARK_CACHE_DIR = cacheHome;

const { templateDataDir, templateFiles } = await import(path.join(root, 'dist', 'src', 'driver', 'pglite', 'template.js'));
await templateDataDir();
await templateFiles();

const record = process.argv.includes('--record');
const filter = process.argv.slice(2).filter((a) => a !== '--record');
const files = (await collect(testRoot)).filter((f) => filter.length === 0 || filter.some((s) => f.includes(s)));
const concurrency = Math.max(1, Number(process.env.TIDEMARK_TEST_CONCURRENCY ?? '2'));

// Longest files first: a long file started last would otherwise leave one core idle at the end.
// The durations come from a recorded full run (scripts/test-durations.json, seconds per file;
// rewrite it with `--record` after a full run), or TIDEMARK_TEST_DURATIONS; new files count as 0.
const recorded = path.join(root, 'scripts', 'test-durations.json');
const known = new Map(Object.entries(JSON.parse(process.env.TIDEMARK_TEST_DURATIONS ?? (await readFile(recorded, 'utf8').catch(() => '{}')))));
const queue = [...files].sort((a, b) => (known.get(rel(b)) ?? 0) - (known.get(rel(a)) ?? 0));

function rel(file) {
  return path.relative(testRoot, file);
}

const results = [];
function runFile(file) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--test', '--test-reporter=spec', file], { cwd: root, env: process.env });
    const chunks = [];
    child.stdout.on('data', (c) => chunks.push(c));
    child.stderr.on('data', (c) => chunks.push(c));
    child.on('close', (code) => {
      const output = Buffer.concat(chunks).toString('utf8');
      const count = (name) => Number(output.match(new RegExp(`^ℹ ${name} (\\d+)$`, 'm'))?.[1] ?? 0);
      const result = { file: rel(file), code: code ?? 1, seconds: (performance.now() - started) / 1000, pass: count('pass'), fail: count('fail'), skipped: count('skipped') };
      results.push(result);
      // One file's output at a time, whole: two files interleaved line by line cannot be read.
      process.stdout.write(`\n■ ${result.file} (${result.seconds.toFixed(1)} s)\n${output}`);
      resolve();
    });
  });
}

const started = performance.now();
await Promise.all(
  Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
    for (let file = queue.shift(); file; file = queue.shift()) await runFile(file);
  }),
);
const wall = (performance.now() - started) / 1000;
if (cacheHome) await rm(cacheHome, { recursive: true, force: true });

const failed = results.filter((r) => r.code !== 0);
const total = (key) => results.reduce((sum, r) => sum + r[key], 0);
const slowest = [...results].sort((a, b) => b.seconds - a.seconds).slice(0, 10);
console.log('\nslowest files:');
for (const r of slowest) console.log(`  ${r.seconds.toFixed(1).padStart(6)} s  ${r.file}`);
console.log(
  `\n${results.length} files, ${total('pass')} passed, ${total('fail')} failed, ${total('skipped')} skipped, ` +
    `${wall.toFixed(0)} s wall, ${total('seconds').toFixed(0)} s summed`,
);
if (record && failed.length === 0) {
  const durations = Object.fromEntries([...results].sort((a, b) => b.seconds - a.seconds).map((r) => [r.file, Math.round(r.seconds)]));
  await writeFile(recorded, `${JSON.stringify(durations, null, 2)}\n`);
  console.log(`durations recorded in ${path.relative(root, recorded)}`);
}
if (failed.length > 0) {
  console.log(`failed files:\n${failed.map((r) => `  ${r.file} (exit ${r.code})`).join('\n')}`);
  process.exit(1);
}
