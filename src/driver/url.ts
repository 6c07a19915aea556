import path from 'node:path';
import { UsageError } from '../errors.js';

/** DatabaseTarget is a parsed database URL: a server reached by node-postgres, or embedded PGlite. */
export type DatabaseTarget =
  | { readonly kind: 'postgres'; readonly url: string }
  | { readonly kind: 'pglite'; readonly dataDir: string | undefined; readonly url: string };

/** DEFAULT_DATABASE_URL is used when neither flag, environment nor config names a database. */
export const DEFAULT_DATABASE_URL = 'pglite:.tidemark/dev';

/**
 * parseDatabaseUrl turns a user-supplied URL into a {@link DatabaseTarget}.
 * `pglite:memory` is an in-memory database; `pglite:<dir>` persists into `<dir>`, resolved
 * against `cwd`. Anything else must be a `postgres://` or `postgresql://` URL.
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
      new URL(url);
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
 * redactUrl hides the password of a URL so it can be printed. It never throws, also not on input
 * that is not a URL at all, because it is used while reporting errors about such input.
 *
 * @example redactUrl('postgres://app:s3cret@db:5432/prod') // 'postgres://app:***@db:5432/prod'
 */
export function redactUrl(raw: string): string {
  try {
    const parsed = new URL(raw);
    if (parsed.password) parsed.password = '***';
    for (const key of [...parsed.searchParams.keys()]) {
      if (/pass|secret|token|key/i.test(key)) parsed.searchParams.set(key, '***');
    }
    return parsed.toString();
  } catch {
    // Not parseable: still hide anything between "://user:" and "@".
    return raw.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@');
  }
}
