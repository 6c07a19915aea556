import { UsageError } from '../errors.js';

/**
 * Tenant names. A slug is what people type; the schema name is derived from it, never taken from
 * input, and both are checked against narrow patterns before any SQL is built. Every identifier is
 * still quoted by src/sql when it reaches SQL: the patterns are a second wall, not the only one.
 */

/** SLUG_PATTERN: lower-case letters, digits, "_" and "-", starting with a letter or digit. */
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;
/** SCHEMA_PATTERN: what a derived schema name must look like (at most 63 bytes, PostgreSQL's limit). */
export const SCHEMA_PATTERN = /^tenant_[a-z0-9_]{1,56}$/;
/** SHARD_PATTERN: shard names, as in the `tenants.shards` config key. */
export const SHARD_PATTERN = SLUG_PATTERN;

/** The per-tenant history tables, inside each tenant schema (prefixed so they cannot clash with a tenant's own). */
export const TENANT_HISTORY_TABLES = { migrations: 'tidemark_migrations', log: 'tidemark_migration_log' } as const;

/**
 * validateSlug throws a UsageError for a slug that does not match {@link SLUG_PATTERN}.
 *
 * @example validateSlug('acme-eu') // ok; validateSlug('x"; drop schema public; --') throws
 */
export function validateSlug(slug: string): string {
  if (!SLUG_PATTERN.test(slug)) {
    throw new UsageError(`tenant slug ${JSON.stringify(slug)} is not valid: use 1-63 lower-case letters, digits, "_" or "-", starting with a letter or digit`);
  }
  return slug;
}

/**
 * schemaNameFor derives a tenant's schema name: `tenant_` + the slug with "-" turned into "_".
 *
 * @example schemaNameFor('acme-eu') === 'tenant_acme_eu'
 */
export function schemaNameFor(slug: string): string {
  validateSlug(slug);
  const schema = `tenant_${slug.replace(/-/g, '_')}`;
  if (!SCHEMA_PATTERN.test(schema)) {
    throw new UsageError(`tenant slug ${JSON.stringify(slug)} is too long: its schema name ${schema} would exceed 63 bytes`);
  }
  return schema;
}

/** validateShard throws a UsageError for a shard name that is not valid or not configured. */
export function validateShard(shard: string, configured: Readonly<Record<string, string>>): string {
  if (!SHARD_PATTERN.test(shard)) throw new UsageError(`shard name ${JSON.stringify(shard)} is not valid`);
  if (!(shard in configured)) {
    const known = Object.keys(configured);
    throw new UsageError(`shard "${shard}" is not in the tenants.shards config key (${known.length ? `known: ${known.join(', ')}` : 'no shards configured'})`);
  }
  return shard;
}
