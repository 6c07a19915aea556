import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

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

/**
 * loadContribExtensions imports every shipped extension definition, so a migration or schema may
 * use any extension PGlite provides without configuration. Registering them is cheap only because
 * of {@link LAZY_SIDE_MODULES}: PGlite unpacks each bundle at start, but its `.so` is compiled on
 * first use instead of every time.
 */
export async function loadContribExtensions(): Promise<Record<string, never>> {
  const entries = await Promise.all(
    contribExtensionNames().map(async (name) => {
      const module = (await import(`@electric-sql/pglite/contrib/${name}`)) as Record<string, unknown>;
      return [name, module[name] ?? Object.values(module)[0]] as const;
    }),
  );
  // Typed loosely on purpose: the values are PGlite's own Extension objects, whose type this
  // module does not import.
  return Object.fromEntries([...entries.filter(([, ext]) => ext !== undefined), ['tidemark_lazy_side_modules', LAZY_SIDE_MODULES]]) as Record<string, never>;
}

/**
 * LAZY_SIDE_MODULES is a PGlite extension that only changes how the others load. Emscripten
 * compiles and links every `.so` it finds while unpacking (a third of a second for PGlite's 34
 * contrib modules, on every start); with `noWasmDecoding` each is written as a plain file and
 * compiled by `dlopen` when PostgreSQL first needs it (CREATE EXTENSION, a function call).
 */
const LAZY_SIDE_MODULES = {
  name: 'tidemark_lazy_side_modules',
  setup: async (_pg: unknown, emscriptenOpts: Record<string, unknown>) => ({ emscriptenOpts: { ...emscriptenOpts, noWasmDecoding: true } }),
};

/**
 * EMBEDDED_SETTINGS are the server settings every embedded database starts with. PostgreSQL's
 * default 128 MB of shared buffers is mapped and zeroed at every start of a WebAssembly instance
 * (about half a second and 140 MB of memory); a one-session embedded database needs far less.
 */
export const EMBEDDED_SETTINGS: readonly string[] = ['-c', 'shared_buffers=16MB'];
