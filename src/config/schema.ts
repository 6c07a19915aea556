import { z } from 'zod';
import { parseDuration } from './duration.js';

const duration = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const ms = parseDuration(value);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: `expected a duration such as "10s", "500ms" or "2min", got ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return ms;
});

/** Severity a config may give a lint rule. */
const ruleSetting = z.enum(['off', 'warn', 'error']);

/** The `lint` key: rule severities and what makes a table tenant-scoped. */
const lintSchema = z.strictObject({
  /** Severity per rule id ('off' | 'warn' | 'error'); rules not named keep their default. Ids are checked by the linter. */
  rules: z.record(z.string(), ruleSetting).default({}),
  /** Columns that make a table tenant-scoped, for the tenant-table-without-rls rule. */
  tenantColumns: z.array(z.string().min(1)).default(['tenant_id', 'org_id']),
});

/**
 * configSchema is the validated shape of `tidemark.config.*`. Unknown keys are errors, so a typo
 * is reported instead of silently ignored. Keys are added as features land.
 */
export const configSchema = z.strictObject({
  /** Database URL: postgres://…, postgresql://…, pglite:<dir> or pglite:memory. */
  database: z.string().min(1).optional(),
  /** Directory of migration files, relative to the config file. */
  migrations: z.string().min(1).default('migrations'),
  /** Declarative schema source (directory of .sql files), relative to the config file. */
  schema: z.string().min(1).default('schema'),
  /** Schema holding Tidemark's own tables. */
  controlSchema: z
    .string()
    .min(1)
    .max(63, 'must be at most 63 bytes (PostgreSQL truncates longer names)')
    .default('tidemark'),
  /** lock_timeout for each transactional migration: fail fast when a table is busy. */
  lockTimeout: duration.default(10_000),
  /** statement_timeout for each migration statement (0: none). */
  statementTimeout: duration.default(0),
  /** How many times a migration that hit lockTimeout is retried, with exponential backoff. */
  lockRetries: z.number().int().min(0).max(100).default(3),
  /** First backoff delay between lock retries; doubles on each retry. */
  lockRetryDelay: duration.default(1_000),
  /** How long to wait for another Tidemark process to release the migration lock. */
  lockWait: duration.default(600_000),
  /** Recorded as applied_by; defaults to "<os user>@<host>". */
  appliedBy: z.string().min(1).max(255).optional(),
  /** `tidemark lint` settings. */
  lint: lintSchema.prefault({}),
});

/** TidemarkConfigInput is what a config file may contain (see {@link defineConfig}). */
export type TidemarkConfigInput = z.input<typeof configSchema>;
/** TidemarkConfig is a validated config with defaults filled in and durations in milliseconds. */
export type TidemarkConfig = z.output<typeof configSchema>;

/**
 * defineConfig types a config file; it returns its argument unchanged.
 *
 * @example export default defineConfig({ database: process.env.DATABASE_URL, migrations: 'db/migrations' })
 */
export function defineConfig(config: TidemarkConfigInput): TidemarkConfigInput {
  return config;
}
