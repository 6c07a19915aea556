import fs from 'node:fs';
import fsp from 'node:fs/promises';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { createRequire } from 'node:module';
import { prepareFileSet, type FileSet } from './preloaded-fs.js';
import { readTar } from './tar.js';
import { cacheRoot } from './cache-root.js';
import { cachedFileSet } from './file-set-cache.js';

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
}

async function loadContrib(): Promise<ContribExtensions> {
  // Unpacked once per machine and PGlite version into the cache folder; a later process reads one file.
  const files = await cachedFileSet(path.join(cacheRoot(), `pglite-${pgliteVersion()}`, 'contrib.files'), unpackContrib);
  // No shared_preload_libraries (pg_stat_statements asks for it): PGlite would write it into the
  // directory's postgresql.conf, and a plain `new PGlite(dir)` in the user's own app, which has no
  // such library, could then not start the directory. CREATE EXTENSION pg_stat_statements still
  // works; only its statistics stay empty, which a schema tool never reads.
  const extension = {
    name: 'tidemark_contrib',
    setup: async (_pg: unknown, emscriptenOpts: Record<string, unknown>) => ({
      // Emscripten compiles and links every `.so` it preloads (a third of a second for PGlite's
      // own modules, on every start); with `noWasmDecoding` each is compiled by `dlopen` when
      // PostgreSQL first needs it (CREATE EXTENSION, a function call).
      emscriptenOpts: { ...emscriptenOpts, noWasmDecoding: true },
    }),
  };
  // Typed loosely on purpose: the value is a PGlite Extension, whose type this module does not import.
  return { files, extension: { tidemark_contrib: extension } as unknown as Record<string, never> };
}

/** unpackContrib reads every contrib bundle the package ships into one file set. */
async function unpackContrib(): Promise<FileSet> {
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
  return prepareFileSet(WASM_PREFIX, entries);
}

/** WASM_PREFIX is where PGlite's file system keeps its installation (bundles unpack relative to it). */
const WASM_PREFIX = '/pglite';

/**
 * EMBEDDED_SETTINGS are the server settings every embedded database starts with. PostgreSQL's
 * default 128 MB of shared buffers is mapped and zeroed at every start of a WebAssembly instance
 * (about half a second and 140 MB of memory); a one-session embedded database needs far less.
 */
export const EMBEDDED_SETTINGS: readonly string[] = ['-c', 'shared_buffers=16MB'];

/**
 * POSTGRESQL_CONF is the postgresql.conf every start writes into the data directory: empty of
 * settings (they are start parameters, above), so that a directory an earlier Tidemark left with
 * `shared_preload_libraries` set opens with a plain `new PGlite(dir)` again.
 */
export const POSTGRESQL_CONF = '# written by Tidemark: settings are start parameters; no preloaded libraries\n';
