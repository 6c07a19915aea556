import path from 'node:path';
import { UsageError } from '../errors.js';
import { redactUrl } from './redact.js';

export { redactUrl };

/** DatabaseTarget is a parsed database URL: a server reached by node-postgres, or embedded PGlite. */
export type DatabaseTarget =
  | { readonly kind: 'postgres'; readonly url: string }
  | { readonly kind: 'pglite'; readonly dataDir: string | undefined; readonly url: string };

/** DEFAULT_DATABASE_URL is used when neither flag, environment nor config names a database. */
export const DEFAULT_DATABASE_URL = 'pglite:.tidemark/dev';

/**
 * parseDatabaseUrl turns a user-supplied URL into a {@link DatabaseTarget}.
 * `pglite:memory` is an in-memory database; `pglite:<dir>` persists into `<dir>`, resolved
 * against `cwd`. Anything else must be a `postgres://` or `postgresql://` URL; as in libpq, its host
 * may be empty (`postgresql://app:pw@/app?host=/var/run/postgresql`, `postgres:///app`): a Unix socket.
 *
 * @example parseDatabaseUrl('pglite:.tidemark/dev', '/app') // { kind: 'pglite', dataDir: '/app/.tidemark/dev', ... }
 */
export function parseDatabaseUrl(raw: string, cwd: string): DatabaseTarget {
  const url = raw.trim();
  if (url.startsWith('pglite:')) {
    const rest = url.slice('pglite:'.length).replace(/^\/\//, '');
    if (rest === '' ) throw new UsageError(`invalid database URL ${redactUrl(url)}: pglite: needs a directory or "memory"`);
    if (rest === 'memory') return { kind: 'pglite', dataDir: undefined, url };
    return { kind: 'pglite', dataDir: path.resolve(cwd, rest), url };
  }
  if (/^postgres(ql)?:\/\//i.test(url)) {
    try {
      parseServerUrl(url);
    } catch {
      throw new UsageError(`invalid database URL ${redactUrl(url)}: not a valid URL`);
    }
    return { kind: 'postgres', url };
  }
  throw new UsageError(
    `invalid database URL ${redactUrl(url)}: expected postgres://, postgresql://, pglite:<dir> or pglite:memory`,
  );
}

/**
 * WHATWG URLs refuse credentials without a host, which libpq's socket form has; node-postgres parses
 * it by putting a placeholder host in (pg-connection-string does the same), and so do we.
 */
const NO_HOST = 'tidemark-no-host.invalid';

/**
 * parseServerUrl parses a `postgres://` URL, also libpq's host-less socket form, into a URL object to
 * read or change (database, query); {@link formatServerUrl} turns it back into text. Throws on a URL
 * that node-postgres would not parse either.
 */
export function parseServerUrl(raw: string): URL {
  try {
    return new URL(raw);
  } catch (error) {
    // Only an empty host after credentials earns the placeholder, "postgresql://u:pw@/db", as in
    // node-postgres: what it would refuse to connect to is refused here, before anything runs.
    const hostless = /^(postgres(?:ql)?:\/\/[^?#]*@)(\/.*)$/is.exec(raw);
    if (!hostless?.[1] || hostless[2] === undefined) throw error;
    return new URL(`${hostless[1]}${NO_HOST}${hostless[2]}`);
  }
}

/** formatServerUrl is the text of a URL from {@link parseServerUrl}, with an empty host empty again. */
export function formatServerUrl(url: URL): string {
  if (url.hostname !== NO_HOST) return url.toString();
  const text = url.toString();
  return text.replace(`@${NO_HOST}`, '@');
}

/** withDatabase is a server URL naming `database` instead of the one it names (socket form kept). */
export function withDatabase(raw: string, database: string): string {
  const url = parseServerUrl(raw);
  url.pathname = `/${encodeURIComponent(database)}`;
  return formatServerUrl(url);
}

/** serverHost is the host a server URL names, '' when it names none (a socket or PGHOST then decides). */
export function serverHost(url: URL): string {
  return url.hostname === NO_HOST ? '' : decodeURIComponent(url.hostname);
}
