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
import { ScriptError } from '../driver/driver.js';
import { TenantSetupError } from '../errors.js';
import { CITUS_DISTRIBUTE, createTenantSchemaSql } from './citus.js';
import type { ApplyTenantSchemaOptions, ApplyTenantSchemaResult } from './apply-schema.js';
import { AuditLog, type AuditRow } from './audit.js';
import { ShardPools } from './connections.js';
import { resilientControl, type ControlSource } from './control.js';
import { closeInterruptedAttempts } from './interrupted.js';
import { checkFiles, runFleet, type FleetReport, type TenantResult } from './fleet.js';
import { TENANT_HISTORY_TABLES, validateShard, validateSlug } from './names.js';
import type { MoveOptions, MoveResult } from './move.js';
import { TenantRegistry, type Tenant } from './registry.js';
import type { PlacementPolicy } from './placement.js';

/** TenantMigrateOptions of {@link Tenants.migrate}. */
export interface TenantMigrateOptions {
  /** Only these tenants (slugs). */
  readonly tenants?: readonly string[] | undefined;
  /** Only tenants on this shard. */
  readonly shard?: string | undefined;
  /** Tenants at once on each shard (default: config `tenants.concurrency`; 1 fleet-wide whenever PGlite is involved). */
  readonly concurrency?: number | undefined;
  readonly continueOnError?: boolean | undefined;
  readonly to?: string | undefined;
  /** Called as each tenant finishes; a returned promise is awaited before that worker goes on. */
  readonly onTenant?: ((result: TenantResult, done: number, total: number) => void | Promise<void>) | undefined;
}

/** RetryReport is {@link Tenants.retry}'s result: the run, and whether the fleet converged. */
export interface RetryReport extends FleetReport {
  /** Every tenant in scope is at the fleet's version and its latest attempt did not fail. */
  readonly converged: boolean;
  /** Tenants in scope still behind the fleet's version after the retry. */
  readonly behind: readonly string[];
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
  /** Applied tenant migrations whose file changed since (the fleet cannot run on this tenant). */
  readonly changed: number;
  /** The latest fleet attempt's status, or null when none. */
  readonly lastAttempt: AuditRow['status'] | null;
  /** Newest tenant-defined schema version and its latest attempt's status. */
  readonly schemaVersion: number | null;
  readonly schemaStatus: AuditRow['status'] | null;
}

/** atFleetVersion: every tenant migration applied, none changed since. */
const atFleetVersion = (t: TenantStatus): boolean => t.behind === 0 && t.changed === 0;

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
    private readonly source: ControlSource,
    private readonly onWarning?: (message: string) => void,
  ) {
    this.registry = new TenantRegistry(project.config.controlSchema);
    this.audit = new AuditLog(this.registry);
  }

  private get migrationsDir(): string {
    return path.resolve(this.project.root, this.project.config.tenants.migrations);
  }

  /**
   * control is the control connection as every tenant operation uses it: calls take turns, and a
   * call that finds the connection dead is resent once on a fresh one (see resilientControl).
   */
  private async control(): Promise<Driver> {
    return resilientControl(this.source, await this.source.current());
  }

  private async withPools<T>(concurrency: number, work: (pools: ShardPools, db: Driver) => Promise<T>): Promise<T> {
    const db = await this.control();
    const pools = new ShardPools(this.project.databaseUrl, this.project.config.tenants.shards, this.project.root, concurrency, db, this.project.readOnly);
    try {
      return await work(pools, db);
    } finally {
      await pools.close();
    }
  }

  /** The configured shards (config `tenants.shards`): name → database URL. */
  get shards(): Readonly<Record<string, string>> {
    return this.project.config.tenants.shards;
  }

  /** How `tenants add` places a tenant given no shard (config `tenants.placement`). */
  get placement(): PlacementPolicy {
    return this.project.config.tenants.placement;
  }

  /**
   * add registers a tenant and creates its schema on its shard (the project's database without
   * one). Under config `tenants.citus: 'schema'` the schema is distributed with
   * `citus_schema_distribute` in the same transaction; if that fails, the schema is rolled back,
   * the registry row removed, and a {@link TenantSetupError} says what failed where.
   */
  async add(slug: string, options: { shard?: string | undefined } = {}): Promise<Tenant> {
    validateSlug(slug);
    const shard = options.shard === undefined ? null : validateShard(options.shard, this.project.config.tenants.shards);
    const citus = this.project.config.tenants.citus;
    return this.withPools(1, async (pools, db) => {
      const tenant = await this.registry.add(db, slug, shard);
      const pool = pools.pool(shard);
      const conn = await pool.acquire();
      try {
        await conn.runScript(createTenantSchemaSql(tenant.schema, citus));
      } catch (error) {
        await this.registry.remove(db, tenant);
        if (citus !== undefined && error instanceof ScriptError && error.completedStatements === 1) {
          throw distributeFailed(tenant, shard === null ? conn.displayUrl : `shard ${shard} (${conn.displayUrl})`, error);
        }
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

  /**
   * concurrencyFor is the number of tenants at once per shard, and whether the run must go one
   * tenant at a time fleet-wide: PGlite is one session in this process (the project's PGlite
   * database lends the control connection to its tenants), so a tenant on PGlite makes it serial.
   * A PGlite project with every tenant on server shards runs them in parallel (audit calls on the
   * control connection take turns).
   */
  private concurrencyFor(tenants: readonly Tenant[], requested: number | undefined): { concurrency: number; serial: boolean } {
    const n = requested ?? this.project.config.tenants.concurrency;
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`--concurrency must be a positive whole number, got ${n}`);
    const shards = this.project.config.tenants.shards;
    const pglite = tenants.some((t) => parseDatabaseUrl(t.shard === null ? this.project.databaseUrl : (shards[t.shard] ?? ''), this.project.root).kind === 'pglite');
    return pglite ? { concurrency: 1, serial: true } : { concurrency: n, serial: false };
  }

  /**
   * migrate applies the tenant migrations directory inside every selected tenant's schema (see
   * {@link runFleet}). Every file is parsed first; a bad file fails the run before anything runs.
   * The run starts by closing attempts that died (see {@link closeInterruptedAttempts}).
   */
  async migrate(options: TenantMigrateOptions = {}): Promise<FleetReport> {
    const files = await this.fleetFiles(options.to);
    const db = await this.control();
    const tenants = await this.select(db, options);
    return this.run(db, files, tenants, options, null);
  }

  private async fleetFiles(to: string | undefined): Promise<MigrationFile[]> {
    const files = await readMigrationDir(this.migrationsDir, this.project.root);
    if (to !== undefined && !files.some((f) => /^\d+$/.test(to) && compareVersions(f.version, to) === 0)) {
      throw new UsageError(`--to ${to}: no tenant migration file has that version`);
    }
    await checkFiles(files, this.executor());
    return files;
  }

  /** run closes interrupted attempts (unless the caller did: `interrupted`), then runs the fleet. */
  private async run(db: Driver, files: readonly MigrationFile[], tenants: readonly Tenant[], options: TenantMigrateOptions, interrupted: readonly AuditRow[] | null): Promise<FleetReport> {
    const { concurrency, serial } = this.concurrencyFor(tenants, options.concurrency);
    await this.registry.ensure(db);
    const everyone = await this.registry.list(db);
    return this.withPools(concurrency, async (pools, control) => {
      const closed = interrupted ?? (await closeInterruptedAttempts({ control, audit: this.audit, pools }, everyone, this.project.appliedBy));
      const report = await runFleet({ control, audit: this.audit, pools, files, executor: this.executor() }, tenants, {
        concurrency,
        serial,
        continueOnError: options.continueOnError === true,
        to: options.to,
        onTenant: options.onTenant,
      });
      return { ...report, interrupted: closed };
    });
  }

  /**
   * retry first closes attempts that died, then re-runs the fleet migration for every tenant (on
   * `shard`, if given) that is behind the fleet's version or whose latest fleet attempt failed —
   * whether or not an attempt was ever recorded for it. `converged` says whether every tenant in
   * scope ended at the fleet's version with no failure.
   */
  async retry(options: Omit<TenantMigrateOptions, 'tenants' | 'to'> = {}): Promise<RetryReport> {
    const files = await this.fleetFiles(undefined);
    const db = await this.control();
    const scope = await this.select(db, options);
    let interrupted: AuditRow[] = [];
    if (scope.length > 0) {
      await this.registry.ensure(db);
      const everyone = await this.registry.list(db);
      interrupted = await this.withPools(1, (pools, control) => closeInterruptedAttempts({ control, audit: this.audit, pools }, everyone, this.project.appliedBy));
    }
    const dueIn = (report: TenantsStatusReport) => new Set(report.tenants.filter((t) => !atFleetVersion(t)).map((t) => t.slug));
    // Only the tenants in scope are read, so `retry --shard a` works while shard b is down.
    const inScope = new Set(scope.map((t) => t.slug));
    const before = await this.statusOf(inScope);
    const todo = scope.filter((t) => dueIn(before).has(t.slug));
    const report: FleetReport =
      todo.length === 0
        ? { startedAt: new Date().toISOString(), results: [], interrupted, counts: { applied: 0, 'up-to-date': 0, failed: 0, skipped: 0 } }
        : await this.run(db, files, todo, options, interrupted);
    const after = todo.length === 0 ? before : await this.statusOf(inScope);
    const behind = after.behind.filter((slug) => inScope.has(slug));
    const due = [...dueIn(after)].filter((slug) => inScope.has(slug));
    return { ...report, converged: due.length === 0 && report.counts.failed === 0, behind };
  }

  /** applyTenantSchema stores and applies a tenant-defined schema version (see {@link applyTenantSchema}). */
  async applyTenantSchema(slugOrId: string, definition: string, options: ApplyTenantSchemaOptions = {}): Promise<ApplyTenantSchemaResult> {
    const db = await this.control();
    const tenant = await this.registry.find(db, slugOrId);
    // The schema reader and planner load only for tenants that have a schema of their own.
    const [{ applyTenantSchema }, { unsupportedPolicy }] = await Promise.all([import('./apply-schema.js'), import('../sources/source.js')]);
    return this.withPools(1, (pools, control) => applyTenantSchema({ control, registry: this.registry, audit: this.audit, pools, appliedBy: this.project.appliedBy, policy: unsupportedPolicy(this.project, this.onWarning), shadow: { devDatabase: this.project.devDatabase } }, tenant, definition, options));
  }

  /**
   * move moves a tenant's schema and rows to another shard, verifies the copy, switches the
   * registry and drops the old schema (see src/tenants/move.ts). Servers only: PGlite is refused.
   *
   * @example const result = await tm.tenants().move('acme', 'eu'); if (result.status === 'failed') console.error(result.details);
   */
  async move(slugOrId: string, to: string, options: MoveOptions = {}): Promise<MoveResult> {
    const { config, appliedBy, databaseUrl, root } = this.project;
    const [{ moveTenant }, { unsupportedPolicy }] = await Promise.all([import('./move.js'), import('../sources/source.js')]);
    return moveTenant(
      { control: await this.control(), registry: this.registry, audit: this.audit, mainUrl: databaseUrl, shards: config.tenants.shards, root, appliedBy, lockTimeoutMs: config.lockTimeout, policy: unsupportedPolicy(this.project, this.onWarning) },
      slugOrId,
      to,
      options,
    );
  }

  /** history is a tenant's audit log, most recent first (seed 001's query). */
  async history(slugOrId: string, limit = 50): Promise<AuditRow[]> {
    const db = await this.control();
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit must be a positive whole number, got ${limit}`);
    const tenant = await this.registry.find(db, slugOrId);
    return this.audit.history(db, tenant.tenantId, limit);
  }

  /**
   * status reports each tenant's version, who is behind, who failed, and attempts that never
   * finished. It reads every tenant's history on its shard: a shard that cannot be reached fails it
   * with a ConnectionError (exit 3).
   */
  async status(): Promise<TenantsStatusReport> {
    return this.statusOf(null);
  }

  /** statusOf is {@link status} for the tenants with these slugs only (null: all), so only their shards are read. */
  private async statusOf(only: ReadonlySet<string> | null): Promise<TenantsStatusReport> {
    const files: MigrationFile[] = await readMigrationDir(this.migrationsDir, this.project.root).catch(() => []);
    const db = await this.control();
    const tenants = (await this.registry.list(db)).filter((t) => only === null || only.has(t.slug));
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
            changed: statuses.filter((s) => s.state === 'changed').length,
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
      // A failed fleet attempt counts while the tenant is not at the fleet's version; once it is
      // (a later run or someone else brought it there), the failure is history, not state.
      failed: rows.filter((r) => (r.lastAttempt === 'failed' && !atFleetVersion(r)) || r.schemaStatus === 'failed').map((r) => r.slug),
      pending: pending.map((p) => ({ ...p, slug: slugOf.get(p.tenantId) ?? null })),
    };
  }
}

/**
 * distributeFailed explains a failed `citus_schema_distribute`: the tenant, the database, the
 * server's error, what to check when the function does not exist, and that nothing was left.
 */
function distributeFailed(tenant: Tenant, where: string, error: ScriptError): TenantSetupError {
  const state = error.fields.sqlState ? ` [${error.fields.sqlState}]` : '';
  // 42883 undefined_function: no Citus 12+ here, or not its coordinator.
  const check = error.fields.sqlState === '42883' ? ' (tenants.citus is "schema": the database must be a Citus 12+ coordinator with CREATE EXTENSION citus)' : '';
  return new TenantSetupError(
    `tenant "${tenant.slug}" not added: ${CITUS_DISTRIBUTE}(${tenant.schema}) failed on ${where}: ${error.fields.message}${state}${check}; schema ${tenant.schema} was rolled back and the tenant unregistered`,
    { cause: error },
  );
}
