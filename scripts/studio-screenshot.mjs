#!/usr/bin/env node
// Regenerates docs/studio-er-diagram.png, the README's picture of Studio: the ER diagram of the
// example project, as the browser test (test/studio/browser.test.ts) sees it on PGlite. The
// picture is taken by that test run, so it shows what the test checked. Run after `npm run build`.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'docs', 'studio-er-diagram.png');
const run = spawnSync(process.execPath, ['--test', '--test-name-pattern=pglite', path.join(root, 'dist', 'test', 'studio', 'browser.test.js')], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, TIDEMARK_STUDIO_SCREENSHOT: out },
});
if (run.status !== 0) process.exit(run.status ?? 1);
process.stdout.write(`wrote ${path.relative(root, out)}\n`);
