import { UsageError } from '../../errors.js';
import { formatServerUrl, parseServerUrl, redactUrl } from '../url.js';

/**
 * node-postgres 8 reads `sslmode=prefer|require|verify-ca` as `verify-full` and prints a multi-line
 * security warning saying so; libpq, whose URLs these are, means something else by each. Tidemark
 * gives node-postgres the libpq meaning (its `uselibpqcompat` switch) and does what node-postgres
 * leaves out — the fallbacks of `prefer` and `allow` — by connecting a second time.
 */

/** SSL_MODES are libpq's, plus node-postgres's own `no-verify` (encrypt, verify nothing). */
const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full', 'no-verify'] as const;
type SslMode = (typeof SSL_MODES)[number];

/** ConnectAttempt is one connection string to try, and whether a failure of it earns the next. */
export interface ConnectAttempt {
  readonly connectionString: string;
  readonly fallBackOn?: (error: unknown) => boolean;
}

/** The server answered the SSLRequest with "no": `prefer` then connects without encryption. */
const sslRefused = (error: unknown): boolean => /does not support SSL/i.test((error as Error | undefined)?.message ?? '');
/** pg_hba.conf refused an unencrypted session (28000, "no encryption"): `allow` then encrypts. */
const plainRefused = (error: unknown): boolean => (error as { code?: string } | undefined)?.code === '28000';

function withMode(url: string, mode: SslMode, libpq: boolean): string {
  const parsed = parseServerUrl(url);
  parsed.searchParams.set('sslmode', mode);
  if (libpq) parsed.searchParams.set('uselibpqcompat', 'true');
  else parsed.searchParams.delete('uselibpqcompat');
  return formatServerUrl(parsed);
}

/**
 * connectAttempts maps the URL's `sslmode` (else `PGSSLMODE`, as libpq reads it) to what to hand
 * node-postgres: `require` encrypts without verifying the certificate, `verify-ca` checks the chain
 * against `sslrootcert` but not the host name, `verify-full` both; `prefer` tries encryption and
 * falls back to none, `allow` the other way round. Without either, nothing changes: no encryption,
 * node-postgres's default. An unknown mode, or `verify-ca` without a CA to verify against, is a
 * usage error.
 */
export function connectAttempts(url: string, env: Readonly<Record<string, string | undefined>> = process.env): ConnectAttempt[] {
  const parsed = parseServerUrl(url);
  const inUrl = parsed.searchParams.get('sslmode');
  const given = inUrl ?? env['PGSSLMODE'];
  if (given === undefined || given === '') return [{ connectionString: url }];
  const mode = SSL_MODES.find((m) => m === given);
  if (!mode) {
    throw new UsageError(`invalid database URL ${redactUrl(url)}: ${inUrl === null ? 'PGSSLMODE' : 'sslmode'} "${given}" is not one of ${SSL_MODES.join(', ')}`);
  }
  switch (mode) {
    case 'disable':
    case 'verify-full':
    case 'no-verify':
      return [{ connectionString: withMode(url, mode, false) }];
    case 'require':
      return [{ connectionString: withMode(url, mode, true) }];
    case 'verify-ca':
      if (!parsed.searchParams.get('sslrootcert')) {
        throw new UsageError(`invalid database URL ${redactUrl(url)}: sslmode=verify-ca needs sslrootcert=<file> (the CA to verify the server against)`);
      }
      return [{ connectionString: withMode(url, mode, true) }];
    case 'prefer':
      return [{ connectionString: withMode(url, 'require', true), fallBackOn: sslRefused }, { connectionString: withMode(url, 'disable', false) }];
    case 'allow':
      return [{ connectionString: withMode(url, 'disable', false), fallBackOn: plainRefused }, { connectionString: withMode(url, 'require', true) }];
    default: {
      const unhandled: never = mode;
      return unhandled;
    }
  }
}
