import { contribExtensions, EMBEDDED_SETTINGS, POSTGRESQL_CONF } from './package.js';
import { preloading } from './preloaded-fs.js';
import { templateFiles } from './template.js';

type PgliteModule = typeof import('@electric-sql/pglite');
/** A PGlite instance as the package types it; the driver narrows it to the shape it uses. */
export type PgliteInstance = InstanceType<PgliteModule['PGlite']>;

/**
 * createPglite starts a PGlite instance the way every part of Tidemark does: every contrib
 * extension available, the embedded settings, and — with `dataDir` undefined — an in-memory
 * database that starts as a copy of the cached template. With a `dataDir`, the directory must
 * already hold a database (the driver seeds it first) and must not be open elsewhere.
 */
export async function createPglite(dataDir: string | undefined): Promise<PgliteInstance> {
  const [{ PGlite, MemoryFS }, { NodeFS }, contrib] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite/nodefs'),
    contribExtensions(),
  ]);
  const fs = dataDir ? new (preloading(NodeFS, [contrib.files]))(dataDir) : new (preloading(MemoryFS, [await templateFiles(), contrib.files]))();
  return PGlite.create({ fs, extensions: contrib.extension, postgresqlconf: POSTGRESQL_CONF, startParams: [...PGlite.defaultStartParams, ...EMBEDDED_SETTINGS] });
}
