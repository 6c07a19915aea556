#!/usr/bin/env node
// Runs every compiled test file with node's test runner. The PGlite template is built once
// here first, so parallel test files reuse it instead of each running initdb (seconds and
// hundreds of MB apiece). Two files at a time: this is a two-core machine.
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
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

const { templateDataDir, templateTarball } = await import(path.join(root, 'dist', 'src', 'driver', 'pglite', 'template.js'));
await templateDataDir();
await templateTarball();

const filter = process.argv.slice(2);
const files = (await collect(testRoot)).filter((f) => filter.length === 0 || filter.some((s) => f.includes(s)));
const concurrency = process.env.TIDEMARK_TEST_CONCURRENCY ?? '2';
const child = spawn(process.execPath, ['--test', `--test-concurrency=${concurrency}`, ...files], { stdio: 'inherit', cwd: root });
child.on('close', (code) => process.exit(code ?? 1));
