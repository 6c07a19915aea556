import * as z from 'zod';
import { parseDuration } from './duration.js';
import { PRESET_NAMES } from '../presets/preset.js';
import { ruleRegistry } from '../lint/registry.js';
import { DEFAULT_DISTRIBUTION_COLUMN, LINT_PROFILES } from '../lint/profiles.js';

const duration = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const ms = parseDuration(value);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: `expected a duration such as "10s", "500ms" or "2min", got ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return ms;
});

const name = z.string().min(1);

/** What an environment may be called (`--env`, TIDEMARK_ENV, config `environments`). */
export const ENVIRONMENT_NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** docsSchema configures the generated reference document (`docs` key). */
const docsSchema = z.strictObject({
  /** The document, relative to the config file. */
  out: z.string().min(1).default('docs/DATABASE.md'),
  /**
   * The source to document (database URL, `dir:<path>`, `migrations:<path>`); default the project's
   * database. `migrations:migrations` lets CI regenerate and check the document without a database.
   */
  from: z.string().min(1).optional(),
  /** The document's title (its one `#` heading). */
  title: z.string().min(1).default('Database Reference'),
  /** Render the Row Counts section (planner estimates, which change with the data). */
  rowCounts: z.boolean().default(true),
  /** Render the Migration History section. */
  history: z.boolean().default(true),
});

/** validateSchema lists the policy checks of `tidemark validate` (`validate` key). */
const validateSchema = z.strictObject({
  /** Tables that must exist (`name` for public, or `schema.name`). */
  requiredTables: z.array(name).default([]),
  /** Columns that must exist, per table: `{ users: ['user_id', 'email'] }`. */
  requiredColumns: z.record(name, z.array(name)).default({}),
  /** Tables that must have row-level security enabled. */
  rlsTables: z.array(name).default([]),
  /** Every table with one of these columns must have row-level security enabled (e.g. `['tenant_id']`). */
  rlsTenantColumns: z.array(name).default([]),
  /** Tables exempt from `rlsTenantColumns`. */
  rlsExempt: z.array(name).default([]),
  /** Indexes that must exist: by `name`, or by `table` and leading `columns`. */
  requiredIndexes: z
    .array(
      z.union([
        name,
        z.strictObject({ table: name, columns: z.array(name).min(1), unique: z.boolean().optional() }),
      ]),
    )
    .default([]),
  /** Foreign keys that must exist: `{ table, columns, references: 'table(col, …)', onDelete? }`. */
  requiredForeignKeys: z
    .array(
      z.strictObject({
        table: name,
        columns: z.array(name).min(1),
        references: name,
        onDelete: z.enum(['no action', 'restrict', 'cascade', 'set null', 'set default']).optional(),
      }),
    )
    .default([]),
  /** The reference document `validate` compares the database with when given no `--reference`. */
  reference: z.string().min(1).optional(),
});

/** Severity a config may give a lint rule. */
const ruleSetting = z.enum(['off', 'warn', 'error']);

/** The `lint` key: rule severities and what makes a table tenant-scoped. */
const lintSchema = z.strictObject({
  /** Severity per rule id ('off' | 'warn' | 'error'); rules not named keep their default. Unknown ids are config errors. */
  rules: z
    .record(z.string(), ruleSetting)
    // Checked at load, for every command: a misspelt id would otherwise be ignored until `lint` runs.
    .superRefine((rules, ctx) => {
      for (const id of Object.keys(rules)) if (!ruleRegistry.has(id)) ctx.addIssue({ code: 'custom', message: `unknown rule "${id}"` });
    })
    .default({}),
  /** Columns that make a table tenant-scoped, for the tenant-table-without-rls rule. */
  tenantColumns: z.array(z.string().min(1)).default(['tenant_id', 'org_id']),
  /**
   * Rule profiles that run besides the default rules, as `--profile` chooses them on the command
   * line: `citus` checks what row-based Citus sharding needs (see src/lint/profiles.ts).
   */
  profiles: z.array(z.enum(LINT_PROFILES)).default([]),
  /** The `citus` profile: `distributionColumn` is the column every distributed table is sharded by. */
  citus: z
    .strictObject({
      distributionColumn: z.string().min(1).max(63, 'must be at most 63 bytes (PostgreSQL truncates longer names)').default(DEFAULT_DISTRIBUTION_COLUMN),
    })
    .prefault({}),
});

/** ShardLoad is one candidate shard for a new tenant and how many tenants it holds now. */
export interface ShardLoad {
  readonly shard: string;
  readonly tenants: number;
}

/**
 * PlacementFunction picks the shard of a new tenant (config `tenants.placement`): it gets every
 * configured shard with its tenant count, in config order, and returns one of their names.
 */
export type PlacementFunction = (shards: readonly ShardLoad[], slug: string) => string;

/** tenantsSchema configures schema-per-tenant fleets (`tenants` key). */
const tenantsSchema = z.strictObject({
  /** Directory of the migrations applied inside every tenant schema, relative to the config file. */
  migrations: z.string().min(1).default('tenant-migrations'),
  /** Shard name → database URL; a tenant without a shard lives in the project's database. */
  shards: z
    .record(z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'shard names are lower-case letters, digits, "_" and "-"'), z.string().min(1))
    .default({}),
  /** How many tenants `tenants migrate` works on at once on each shard (connections per shard); a tenant on PGlite makes it 1 fleet-wide. */
  concurrency: z.number().int().min(1).max(64).default(4),
  /**
   * Where `tenants add` without `--shard` puts a new tenant when shards are configured:
   * 'fewest-tenants' (default), 'main' (the project's database), or a function (see PlacementFunction).
   */
  placement: z
    .union([z.enum(['fewest-tenants', 'main']), z.custom<PlacementFunction>((value) => typeof value === 'function', "expected 'fewest-tenants', 'main' or a function")])
    .default('fewest-tenants'),
  /**
   * Citus schema-based sharding (Citus 12+): 'schema' makes `tenants add` call
   * `citus_schema_distribute` on each new tenant schema, in the transaction that creates it, so
   * Citus places the schema on a worker node and every table the tenant migrations create in it
   * is distributed with it. Every configured URL (`database`, each of `shards`) must then be a
   * Citus coordinator: Tidemark connects only to those, and the coordinator routes each tenant's
   * DDL to the node holding its schema. Unset: plain PostgreSQL schemas.
   */
  citus: z.enum(['schema']).optional(),
});

/**
 * configSchema is the validated shape of `tidemark.config.*`. Unknown keys are errors, so a typo
 * is reported instead of silently ignored. Keys are added as features land.
 */
export const configSchema = z.strictObject({
  /** Database URL: postgres://…, postgresql://…, pglite:<dir> or pglite:memory. */
  database: z.string().min(1).optional(),
  /**
   * Dev database (Atlas's dev URL, Prisma's shadowDatabaseUrl): a postgres:// URL of a server on
   * which every shadow database — declarative schema loading, migrations replay, plan verification,
   * tenant-defined schemas — is a fresh temporary database, dropped after use. Unset, shadows are
   * in-process PGlite. The `--dev-database` flag beats it. Needs CREATEDB (and CREATEROLE when the
   * SQL grants to roles the server lacks).
   */
  devDatabase: z.string().min(1).optional(),
  /** Directory of migration files, relative to the config file. */
  migrations: z.string().min(1).default('migrations'),
  /** Directory of seed files (`*.sql`, `*.ts`), run in file-name order by `seed` and `reset --seed`. */
  seeds: z.string().min(1).default('seeds'),
  /**
   * Declarative schema source, relative to the config file: a directory of .sql files, one .sql
   * file, or a Markdown reference document (a path ending in .md, read by the reference parser).
   */
  schema: z.string().min(1).default('schema'),
  /** Schema holding Tidemark's own tables. */
  controlSchema: z
    .string()
    .min(1)
    .max(63, 'must be at most 63 bytes (PostgreSQL truncates longer names)')
    // PostgreSQL's own schemas (pg_* is reserved), and public, where Tidemark's tables would mix with the user's.
    .refine((name) => !/^pg_/i.test(name) && !['information_schema', 'public'].includes(name.toLowerCase()), {
      message: 'is a system or user schema (pg_*, information_schema, public); choose a schema of Tidemark\'s own, e.g. "tidemark"',
    })
    .default('tidemark'),
  /**
   * Plans change tables that already exist without blocking writes: CREATE INDEX CONCURRENTLY in a
   * `transaction:false` migration, foreign keys and CHECKs NOT VALID then validated in the next
   * migration, SET NOT NULL through a validated CHECK, unique constraints adopting an index built
   * concurrently. false (or `--no-online`) gives the plain forms.
   */
  online: z.boolean().default(true),
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
  /**
   * Model object owners (ALTER … OWNER TO in plans). Off by default: owners differ between
   * environments, so the model holds none and plans print none.
   */
  owners: z.boolean().default(false),
  /**
   * Roles a shadow database creates before loading the schema or replaying migrations, for SQL that
   * grants to them (`GRANT … TO authenticated`). Roles of the project's database are used too when
   * one is configured. Plans never create or drop roles.
   */
  roles: z.array(name).default([]),
  /**
   * The PostgreSQL major version (13 or later) that plans written from files are for: `generate`,
   * and `diff` from a `dir:`/`migrations:` source. A plan for a database uses that database's own
   * version. Unset, plans use the forms every supported version accepts (no SET EXPRESSION).
   */
  postgresVersion: z.number().int().min(13, 'Tidemark supports PostgreSQL 13 and later').max(99).optional(),
  /** Recorded as applied_by; defaults to "<os user>@<host>". */
  appliedBy: z.string().min(1).max(255).optional(),
  /**
   * Objects the schema model cannot represent yet (operators, privileges, storage parameters, …):
   * `error` (default) refuses to introspect a database that has any, naming each, so a diff never
   * misses them silently; `warn` proceeds and prints each as a warning on every run.
   */
  unsupported: z.enum(['error', 'warn']).default('error'),
  /**
   * Scope, one rule for every command that reads a schema: only these schemas (names or globs;
   * default every user schema), never these schemas, never these tables (globs over `schema.table`
   * or `table`). Never in scope whatever is said here: the control schema, registered tenants'
   * schemas and other migration tools' history tables (README: "What is never your schema").
   */
  schemas: z.array(name).default([]),
  excludeSchemas: z.array(name).default([]),
  excludeTables: z.array(name).default([]),
  /**
   * The platform the database lives on. `supabase`: every shadow database first gets what a
   * Supabase database has before the first migration (roles anon, authenticated, service_role; the
   * auth and storage schemas with auth.users, auth.uid(), storage.objects…; see
   * src/presets/supabase.sql), and Supabase's own schemas are out of scope for every command.
   */
  preset: z.enum(PRESET_NAMES).optional(),
  /** `tidemark tenants`: schema-per-tenant fleets (see src/tenants). */
  tenants: tenantsSchema.default({ migrations: 'tenant-migrations', shards: {}, concurrency: 4, placement: 'fewest-tenants' }),
  /** `tidemark types`: where the generated file goes and how driver-dependent values are typed. */
  types: z
    .strictObject({
      /** The generated TypeScript file, relative to the config file. */
      out: z.string().min(1).default('src/db/types.ts'),
      /** int8 columns read as strings (node-postgres's default) or bigints (with a type parser that makes them so). */
      bigint: z.enum(['string', 'bigint']).default('string'),
      /** date and timestamp columns read as Date (both drivers' default) or strings (with a type parser). */
      timestamp: z.enum(['string', 'Date']).default('Date'),
      /** `tidemark` (Row/Insert/Update, Kysely's DB) or `supabase` (the shape of `supabase gen types typescript`, for supabase-js). */
      format: z.enum(['tidemark', 'supabase']).default('tidemark'),
    })
    .prefault({}),
  /** `tidemark docs`: where the reference document goes and what it shows. */
  docs: docsSchema.prefault({}),
  /** `tidemark validate`: policy checks every database of the project must pass. */
  validate: validateSchema.prefault({}),
  /** `tidemark lint` settings. */
  lint: lintSchema.prefault({}),
  /**
   * Named environments (`--env <name>` or TIDEMARK_ENV), each overriding top-level keys of this
   * config (`database` at least): `{ dev: { database: 'pglite:.tidemark/dev' }, prod: { … } }`.
   * Checked in src/config/load.ts, where the chosen one is merged before validation.
   */
  environments: z
    .record(z.string().regex(ENVIRONMENT_NAME, 'environment names are lower-case letters, digits, "_" and "-"'), z.record(z.string(), z.unknown()))
    .default({}),
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
