import fs from 'node:fs';
import fsp from 'node:fs/promises';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { createRequire } from 'node:module';
import { prepareFileSet, type FileSet } from './preloaded-fs.js';
import { readTar } from './tar.js';

/**
 * Facts about the installed @electric-sql/pglite package. Its package.json is not exported, so the
 * package is found through its main entry.
 */
function packageDir(): string {
  const require = createRequire(import.meta.url);
  // .../node_modules/@electric-sql/pglite/dist/index.cjs → .../node_modules/@electric-sql/pglite
  return path.dirname(path.dirname(require.resolve('@electric-sql/pglite')));
}

let version: string | undefined;

/** pgliteVersion is the installed package's version: data directories are only valid for one. */
export function pgliteVersion(): string {
  version ??= (JSON.parse(fs.readFileSync(path.join(packageDir(), 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}

/** contribExtensionNames lists the extensions the package ships (dist/contrib/<name>.js). */
export function contribExtensionNames(): string[] {
  return fs
    .readdirSync(path.join(packageDir(), 'dist', 'contrib'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => f.slice(0, -'.js'.length))
    .sort();
}

/** ContribExtensions is what every PGlite open of a process shares to provide the contrib extensions. */
export interface ContribExtensions {
  /** The extensions' files (control files, SQL scripts, `.so` modules), parsed once. */
  readonly files: FileSet;
  /** The one extension to register with PGlite: it carries what the bundles' setups asked for. */
  readonly extension: Record<string, never>;
}

let contrib: Promise<ContribExtensions> | undefined;

/**
 * contribExtensions makes every extension the package ships available, so a migration or schema
 * may use any of them without configuration. PGlite's own route — one registered extension per
 * bundle — gunzips and unpacks 34 tarballs on every open (a third of its cost); here they are
 * unpacked once per process and their files written into each instance by {@link preloading}.
 */
export function contribExtensions(): Promise<ContribExtensions> {
  if (!contrib) {
    contrib = loadContrib();
    contrib.catch(() => (contrib = undefined));
  }
  return contrib;
}

/** The part of a PGlite extension definition a contrib bundle uses. */
interface ContribSetup {
  readonly bundlePath?: URL;
  readonly sharedPreloadLibraries?: readonly string[];
}

async function loadContrib(): Promise<ContribExtensions> {
  const setups = await Promise.all(
    contribExtensionNames().map(async (name): Promise<ContribSetup> => {
      const module = (await import(`@electric-sql/pglite/contrib/${name}`)) as Record<string, unknown>;
      const ext = (module[name] ?? Object.values(module)[0]) as { setup(pg: unknown, opts: unknown): Promise<ContribSetup> } | undefined;
      // Contrib setups ignore their arguments and only name their bundle.
      return ext ? ext.setup(undefined, {}) : {};
    }),
  );
  const entries = [];
  for (const setup of setups) {
    if (!setup.bundlePath) continue;
    entries.push(...readTar(zlib.gunzipSync(await fsp.readFile(fileURLToPath(setup.bundlePath)))));
  }
  const sharedPreloadLibraries = [...new Set(setups.flatMap((s) => s.sharedPreloadLibraries ?? []))];
  const extension = {
    name: 'tidemark_contrib',
    setup: async (_pg: unknown, emscriptenOpts: Record<string, unknown>) => ({
      // Emscripten compiles and links every `.so` it preloads (a third of a second for PGlite's
      // own modules, on every start); with `noWasmDecoding` each is compiled by `dlopen` when
      // PostgreSQL first needs it (CREATE EXTENSION, a function call).
      emscriptenOpts: { ...emscriptenOpts, noWasmDecoding: true },
      sharedPreloadLibraries,
    }),
  };
  // Typed loosely on purpose: the value is a PGlite Extension, whose type this module does not import.
  return { files: prepareFileSet(WASM_PREFIX, entries), extension: { tidemark_contrib: extension } as unknown as Record<string, never> };
}

/** WASM_PREFIX is where PGlite's file system keeps its installation (bundles unpack relative to it). */
const WASM_PREFIX = '/pglite';

/**
 * EMBEDDED_SETTINGS are the server settings every embedded database starts with. PostgreSQL's
 * default 128 MB of shared buffers is mapped and zeroed at every start of a WebAssembly instance
 * (about half a second and 140 MB of memory); a one-session embedded database needs far less.
 */
export const EMBEDDED_SETTINGS: readonly string[] = ['-c', 'shared_buffers=16MB'];
