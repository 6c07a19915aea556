#!/usr/bin/env node
// Bundles the CLI program (our code, commander, zod, pg) into one file next to main.js. Node's
// ESM loader resolves and compiles hundreds of small modules otherwise (zod alone ships hundreds),
// which costs ~50 ms on every `tidemark` run. WebAssembly packages (PGlite, libpg-query) and jiti
// stay external: they are loaded lazily, only by the commands that need them — and so does the
// Markdown parser (unified, remark), which only docs and reference documents use.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
await build({
  entryPoints: [path.join(root, 'dist', 'src', 'cli', 'program.js')],
  outfile: path.join(root, 'dist', 'src', 'cli', 'program.bundle.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['libpg-query', '@electric-sql/pglite', 'jiti', 'pg-native', 'unified', 'remark-parse', 'remark-gfm'],
  banner: { js: "import { createRequire as __tidemarkRequire } from 'node:module'; const require = __tidemarkRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
});
