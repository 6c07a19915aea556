#!/usr/bin/env node
// Bundles the CLI program (our code, commander, zod, pg) into one file next to main.js. Node's
// ESM loader resolves and compiles hundreds of small modules otherwise (zod alone ships hundreds),
// which costs ~50 ms on every `tidemark` run. WebAssembly packages (PGlite, libpg-query) and jiti
// stay external: they are loaded lazily, only by the commands that need them — and so does the
// Markdown parser (unified, remark), which only docs and reference documents use.
import { build } from 'esbuild';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// pg asks at load time whether it runs in a Cloudflare Worker; on Node 20 (no `navigator`) the
// question touches the `Response` global, which loads Node's whole fetch implementation (undici,
// ~35 ms) on every run. This program runs on Node only, so the answer is fixed here. The build
// fails if pg's code changes shape, rather than silently keeping the cost.
const nodeOnlyPg = {
  name: 'pg-node-only',
  setup(b) {
    b.onLoad({ filter: /[\\/]pg[\\/]lib[\\/]stream\.js$/ }, async (args) => {
      const source = await fs.readFile(args.path, 'utf8');
      const patched = source.replace('function isCloudflareRuntime() {', 'function isCloudflareRuntime() {\n  return false;');
      if (patched === source) throw new Error(`pg's isCloudflareRuntime() not found in ${args.path}`);
      return { contents: patched, loader: 'js' };
    });
  },
};
// Split at the program's dynamic imports: the heavy parts (catalog reader, differ, planner,
// linter, renderers) are chunks a command loads only when it uses them, so `migrate` or `status`
// compiles a fraction of the program. The chunks sit beside the bundle, where the modules they hold
// were compiled to: code that finds files relative to import.meta.url (the `tidemark` alias of a
// .ts config, the presets' SQL, package.json) resolves the same from either. The chunks of an
// earlier build are removed first.
const outdir = path.join(root, 'dist', 'src', 'cli');
await fs.rm(path.join(outdir, 'chunks'), { recursive: true, force: true });
for (const file of await fs.readdir(outdir)) if (/^program-chunk-.*\.mjs$/.test(file)) await fs.rm(path.join(outdir, file));
const result = await build({
  entryPoints: { 'program.bundle': path.join(root, 'dist', 'src', 'cli', 'program.js') },
  outdir,
  outExtension: { '.js': '.mjs' },
  chunkNames: 'program-chunk-[name]-[hash]',
  splitting: true,
  metafile: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['libpg-query', '@electric-sql/pglite', 'jiti', 'pg-native', 'unified', 'remark-parse', 'remark-gfm'],
  banner: { js: "import { createRequire as __tidemarkRequire } from 'node:module'; const require = __tidemarkRequire(import.meta.url);" },
  legalComments: 'none',
  plugins: [nodeOnlyPg],
  logLevel: 'warning',
});
if (process.env.TIDEMARK_BUNDLE_META) await fs.writeFile(process.env.TIDEMARK_BUNDLE_META, JSON.stringify(result.metafile));

// SQL assets (a preset's stand-in for its platform, src/presets/*.sql) are read at run time from
// dist/src/presets, which both the modules and the bundle resolve; tsc does not copy them.
const presets = path.join(root, 'src', 'presets');
await fs.mkdir(path.join(root, 'dist', 'src', 'presets'), { recursive: true });
for (const file of (await fs.readdir(presets)).filter((f) => f.endsWith('.sql'))) {
  await fs.copyFile(path.join(presets, file), path.join(root, 'dist', 'src', 'presets', file));
}
