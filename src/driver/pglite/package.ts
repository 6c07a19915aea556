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
 * loadContribExtensions imports every shipped extension definition. Registering them all costs
 * next to nothing — an extension's files are only unpacked by CREATE EXTENSION — and means a
 * migration or schema may use any extension PGlite provides without configuration.
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
  return Object.fromEntries(entries.filter(([, ext]) => ext !== undefined)) as Record<string, never>;
}
