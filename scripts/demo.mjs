#!/usr/bin/env node
// The main job on the embedded default, as a newcomer would run it: the example SaaS schema
// (seed 000) migrated into a fresh PGlite database, then its status, history and generated
// reference document printed. Everything goes through the real CLI.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const example = path.join(root, 'examples', 'saas');
const cli = path.join(root, 'dist', 'src', 'cli', 'main.js');
const database = 'pglite:.tidemark/demo';
rmSync(path.join(example, '.tidemark', 'demo'), { recursive: true, force: true });

const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'tidemark-demo-')), 'DATABASE.md');
for (const args of [['migrate'], ['status'], ['history', '--limit', '5'], ['verify'], ['docs', '--out', out]]) {
  process.stdout.write(`\n$ tidemark ${args.join(' ')} --database ${database}\n`);
  const run = spawnSync(process.execPath, [cli, ...args, '--database', database], { cwd: example, stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
process.stdout.write(`\n--- ${out} ---\n${readFileSync(out, 'utf8')}`);
rmSync(path.dirname(out), { recursive: true, force: true });
