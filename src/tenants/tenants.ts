import path from 'node:path';
import type { ResolvedConfig } from '../config/load.js';
import type { Driver } from '../driver/driver.js';
import { parseDatabaseUrl } from '../driver/url.js';
import { UsageError } from '../errors.js';
import type { ExecutorOptions } from '../migrations/executor.js';
import { compareVersions, readMigrationDir, type MigrationFile } from '../migrations/files.js';
import { HistoryStore } from '../migrations/history.js';
import { computeStatus } from '../migrations/status.js';
import { quoteIdent } from '../sql/quote.js';
import { applyTenantSchema, type ApplyTenantSchemaOptions, type ApplyTenantSchemaResult } from './apply-schema.js';
import { AuditLog, type AuditRow } from './audit.js';
import { ShardPools, serialized } from './connections.js';
import { checkFiles, runFleet, type FleetReport, type TenantResult } from './fleet.js';
import { TENANT_HISTORY_TABLES, validateShard, validateSlug } from './names.js';
import { TenantRegistry, type Tenant } from './registry.js';
import { unsupportedPolicy } from '../sources/source.js';

/** TenantMigrateOptions of {@link Tenants.migrate}. */
export interface TenantMigrateOptions {
  /** Only these tenants (slugs). */
  readonly tenants?: readonly string[] | undefined;
  /** Only tenants on this shard. */
  readonly shard?: string | undefined;
  /** Tenants at once (default: config `tenants.concurrency`; 1 whenever PGlite is involved). */
  readonly concurrency?: number | undefined;
  readonly continueOnError?: boolean | undefined;
  readonly to?: string | undefined;
  readonly onTenant?: ((result: TenantResult, done: number, total: number) => void) | undefined;
}

/** TenantStatus is one tenant's line of {@link Tenants.status}. */
export interface TenantStatus {
  readonly slug: string;
  readonly tenantId: string;
  readonly schema: string;
  readonly shard: string | null;
  /** Newest applied tenant migration, or null. */
  readonly version: string | null;
  /** Tenant migrations not applied yet. */
  readonly behind: number;
  /** The latest fleet attempt's status, or null when none. */
  readonly lastAttempt: AuditRow['status'] | null;
  /** Newest tenant-defined schema version and its latest attempt's status. */
  readonly schemaVersion: number | null;
  readonly schemaStatus: AuditRow['status'] | null;
}

/** TenantsStatusReport is {@link Tenants.status}'s result. */
export interface TenantsStatusReport {
  readonly latest: string | null;
  readonly tenants: readonly TenantStatus[];
  readonly behind: readonly string[];
  readonly failed: readonly string[];
  /** Attempts with no outcome: they died (or are running right now). */
  readonly pending: readonly (AuditRow & { readonly slug: string | null })[];
}

/**
 * Tenants is the API of schema-per-tenant fleets: the registry, fleet migrations, tenant-defined
 * schemas and the audit log. Get one from {@link Tidemark.tenants}.
 *
 * @example const fleet = tm.tenants(); await fleet.add('acme'); await fleet.migrate({ continueOnError: true });
 */
export class Tenants {
  readonly registry: TenantRegistry;
  readonly audit: AuditLog;

  constructor(
    private readonly project: ResolvedConfig,
    private readonly control: () => Promise<Driver>,
    private readonly onWarning?: (message: string) => void,
  ) {
    this.registry = new TenantRegistry(project.config.controlSchema);
    this.audit = new AuditLog(this.registry);
  }

  private get migrationsDir(): string {
    return path.resolve(this.project.root, this.project.config.tenants.migrations);
  }

  private async withPools<T>(concurrency: number, work: (pools: ShardPools, db: Driver) => Promise<T>): Promise<T> {
    const db = await this.control();
    const pools = new ShardPools(this.project.databaseUrl, this.project.config.tenants.shards, this.project.root, concurrency, db);
    try {
      return await work(pools, db);
    } finally {
      await pools.close();
    }
  }

  /** add registers a tenant and creates its schema (on its shard). */
  async add(slug: string, options: { shard?: string | undefined } = {}): Promise<Tenant> {
    validateSlug(slug);
    const shard = options.shard === undefined ? null : validateShard(options.shard, this.project.config.tenants.shards);
    return this.withPools(1, async (pools, db) => {
      const tenant = await this.registry.add(db, slug, shard);
      const pool = pools.pool(shard);
      const conn = await pool.acquire();
      try {
        await conn.runScript(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(tenant.schema)}`);
      } catch (error) {
        await this.registry.remove(db, tenant);
        throw error;
      } finally {
        await pool.release(conn);
      }
      return tenant;
    });
  }

  /** list returns the registry, by slug. */
  async list(): Promise<Tenant[]> {
    return this.registry.list(await this.control());
  }

  /** remove unregisters a tenant; its schema (and data) is dropped only with `dropSchema`. */
  async remove(slug: string, options: { dropSchema?: boolean | undefined } = {}): Promise<Tenant> {
    return this.withPools(1, async (pools, db) => {
      const tenant = await this.registry.find(db, slug);
      if (options.dropSchema) {
        const pool = pools.pool(tenant.shard);
        const conn = await pool.acquire();
        try {
          await conn.runScript(`DROP SCHEMA IF EXISTS ${quoteIdent(tenant.schema)} CASCADE`);
        } finally {
          await pool.release(conn);
        }
      }
      await this.registry.remove(db, tenant);
      return tenant;
    });
  }

  private executor(): ExecutorOptions {
    const { config, appliedBy } = this.project;
    return { lockTimeoutMs: config.lockTimeout, statementTimeoutMs: config.statementTimeout, lockRetries: config.lockRetries, lockRetryDelayMs: config.lockRetryDelay, appliedBy };
  }

  private async select(db: Driver, options: TenantMigrateOptions): Promise<Tenant[]> {
    let tenants = await this.registry.list(db);
    if (options.tenants && options.tenants.length > 0) {
      const wanted = options.tenants.map(validateSlug);
      const missing = wanted.filter((s) => !tenants.some((t) => t.slug === s));
      if (missing.length) throw new UsageError(`no tenant ${missing.map((s) => `"${s}"`).join(', ')} (see "tidemark tenants list")`);
      tenants = tenants.filter((t) => wanted.includes(t.slug));
    }
    if (options.shard !== undefined) {
      validateShard(options.shard, this.project.config.tenants.shards);
      tenants = tenants.filter((t) => t.shard === options.shard);
    }
    return tenants;
  }

  private concurrencyFor(tenants: readonly Tenant[], requested: number | undefined): number {
    const n = requested ?? this.project.config.tenants.concurrency;
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`--concurrency must be a positive whole number, got ${n}`);
    const shards = this.project.config.tenants.shards;
    const pglite = tenants.some((t) => parseDatabaseUrl(t.shard === null ? this.project.databaseUrl : (shards[t.shard] ?? ''), this.project.root).kind === 'pglite');
    return pglite ? 1 : n;
  }

  /**
   * migrate applies the tenant migrations directory inside every selected tenant's schema (see
   * {@link runFleet}). Every file is parsed first; a bad file fails the run before anything runs.
   */
  async migrate(options: TenantMigrateOptions = {}): Promise<FleetReport> {
    const files = await readMigrationDir(this.migrationsDir, this.project.root);
    if (options.to !== undefined && !files.some((f) => /^\d+$/.test(options.to!) && compareVersions(f.version, options.to!) === 0)) {
      throw new UsageError(`--to ${options.to}: no tenant migration file has that version`);
    }
    const executor = this.executor();
    await checkFiles(files, executor);
    const db = await this.control();
    const tenants = await this.select(db, options);
    const concurrency = this.concurrencyFor(tenants, options.concurrency);
    await this.registry.ensure(db);
    return this.withPools(concurrency, (pools, control) =>
      runFleet({ control: serialized(control), audit: this.audit, pools, files, executor }, tenants, {
        concurrency,
        continueOnError: options.continueOnError === true,
        to: options.to,
        onTenant: options.onTenant,
      }),
    );
  }

  /** retry re-runs the fleet migration for tenants whose latest fleet attempt failed or never finished. */
  async retry(options: Omit<TenantMigrateOptions, 'tenants'> = {}): Promise<FleetReport> {
    const db = await this.control();
    const empty: FleetReport = { startedAt: new Date().toISOString(), results: [], stuck: [], counts: { applied: 0, 'up-to-date': 0, failed: 0, skipped: 0 } };
    if (!(await this.registry.exists(db))) return empty;
    const latest = await this.audit.latest(db, 'fleet');
    const failed = (await this.registry.list(db)).filter((t) => {
      const row = latest.get(t.tenantId);
      return row !== undefined && row.status !== 'success';
    });
    if (failed.length === 0) return empty;
    return this.migrate({ ...options, tenants: failed.map((t) => t.slug) });
  }

  /** applyTenantSchema stores and applies a tenant-defined schema version (see {@link applyTenantSchema}). */
  async applyTenantSchema(slugOrId: string, definition: string, options: ApplyTenantSchemaOptions = {}): Promise<ApplyTenantSchemaResult> {
    const db = await this.control();
    const tenant = await this.registry.find(db, slugOrId);
    return this.withPools(1, (pools, control) => applyTenantSchema({ control, registry: this.registry, audit: this.audit, pools, appliedBy: this.project.appliedBy, policy: unsupportedPolicy(this.project, this.onWarning), shadow: { devDatabase: this.project.devDatabase } }, tenant, definition, options));
  }

  /** history is a tenant's audit log, most recent first (seed 001's query). */
  async history(slugOrId: string, limit = 50): Promise<AuditRow[]> {
    const db = await this.control();
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit must be a positive whole number, got ${limit}`);
    const tenant = await this.registry.find(db, slugOrId);
    return this.audit.history(db, tenant.tenantId, limit);
  }

  /** status reports each tenant's version, who is behind, who failed, and attempts that never finished. */
  async status(): Promise<TenantsStatusReport> {
    const files: MigrationFile[] = await readMigrationDir(this.migrationsDir, this.project.root).catch(() => []);
    const db = await this.control();
    const tenants = await this.registry.list(db);
    if (tenants.length === 0) return { latest: files.at(-1)?.version ?? null, tenants: [], behind: [], failed: [], pending: [] };
    const [fleet, definitions, pending] = [await this.audit.latest(db, 'fleet'), await this.audit.latest(db, 'definition'), await this.audit.pending(db)];
    const rows: TenantStatus[] = await this.withPools(1, async (pools) => {
      const out: TenantStatus[] = [];
      for (const t of tenants) {
        const pool = pools.pool(t.shard);
        const conn = await pool.acquire();
        try {
          const statuses = computeStatus(files, await new HistoryStore(t.schema, TENANT_HISTORY_TABLES).applied(conn));
          const applied = statuses.filter((s) => s.applied);
          const def = definitions.get(t.tenantId);
          out.push({
            slug: t.slug,
            tenantId: t.tenantId,
            schema: t.schema,
            shard: t.shard,
            version: applied.at(-1)?.version ?? null,
            behind: statuses.filter((s) => s.state === 'pending' || s.state === 'out-of-order').length,
            lastAttempt: fleet.get(t.tenantId)?.status ?? null,
            schemaVersion: def?.versionApplied ?? null,
            schemaStatus: def?.status ?? null,
          });
        } finally {
          await pool.release(conn);
        }
      }
      return out;
    });
    const slugOf = new Map(tenants.map((t) => [t.tenantId, t.slug]));
    return {
      latest: files.at(-1)?.version ?? null,
      tenants: rows,
      behind: rows.filter((r) => r.behind > 0).map((r) => r.slug),
      failed: rows.filter((r) => r.lastAttempt === 'failed' || r.schemaStatus === 'failed').map((r) => r.slug),
      pending: pending.map((p) => ({ ...p, slug: slugOf.get(p.tenantId) ?? null })),
    };
  }
}
