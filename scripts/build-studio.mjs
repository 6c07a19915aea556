#!/usr/bin/env node
// Builds Studio's page (src/studio/web: Preact, ELK, d3-zoom) into dist/studio, which the package
// ships and `tidemark studio` serves: the page loads nothing from the network at run time. ELK's
// layout runs in a web worker, so its worker script is copied beside the page.
import { build } from 'esbuild';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'src', 'studio', 'web');
const outdir = path.join(root, 'dist', 'studio');
await fs.rm(outdir, { recursive: true, force: true });
await build({
  entryPoints: { app: path.join(web, 'main.tsx') },
  outdir,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['chrome120', 'firefox120', 'safari17'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
});
await build({ entryPoints: { app: path.join(web, 'style.css') }, outdir, bundle: true, minify: true, logLevel: 'warning' });
await fs.copyFile(path.join(web, 'index.html'), path.join(outdir, 'index.html'));
await fs.copyFile(path.join(root, 'node_modules', 'elkjs', 'lib', 'elk-worker.min.js'), path.join(outdir, 'elk-worker.min.js'));
