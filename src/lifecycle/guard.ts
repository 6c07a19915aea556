import type { ResolvedConfig } from '../config/load.js';
import { parseDatabaseUrl, parseServerUrl, redactUrl, serverHost } from '../driver/url.js';
import { UsageError } from '../errors.js';

const LOCAL_HOSTS = new Set(['', 'localhost', '127.0.0.1', '::1', '[::1]']);

/**
 * isLocalDatabase: PGlite (a directory on this machine), or a server on the loopback address or a
 * Unix socket. Anything else may be shared, and destructive lifecycle commands refuse it unasked.
 */
export function isLocalDatabase(url: string, root: string, env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  const target = parseDatabaseUrl(url, root);
  if (target.kind === 'pglite') return true;
  const parsed = parseServerUrl(target.url);
  // No host in the URL: node-postgres takes ?host=, then PGHOST, then localhost.
  const host = serverHost(parsed) || parsed.searchParams.get('host') || env['PGHOST'] || '';
  return host.startsWith('/') || LOCAL_HOSTS.has(host.toLowerCase());
}

/**
 * refuseUnlessDisposable throws a usage error (exit 2, one line) unless the project's database is
 * local and its environment, when one is chosen, is `dev` — or `force` says the user means it.
 */
export function refuseUnlessDisposable(project: ResolvedConfig, what: string, force: boolean | undefined): void {
  if (force) return;
  const shown = redactUrl(project.databaseUrl);
  if (!isLocalDatabase(project.databaseUrl, project.root)) {
    throw new UsageError(`${what}: refusing ${shown}, which is not local (127.0.0.1, localhost, a socket or PGlite); pass --force if you mean it`);
  }
  if (project.environment !== undefined && project.environment !== 'dev') {
    throw new UsageError(`${what}: refusing environment "${project.environment}" (only "dev" is reset unasked); pass --force if you mean it`);
  }
}
