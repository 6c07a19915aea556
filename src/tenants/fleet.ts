import type { Driver } from '../driver/driver.js';
import { MigrationExecutionError, UsageError, isTidemarkError } from '../errors.js';
import { runStep, type ExecutorOptions } from '../migrations/executor.js';
import { compareVersions, type MigrationFile } from '../migrations/files.js';
import { HistoryStore } from '../migrations/history.js';
import { parseSections } from '../migrations/sections.js';
import { computeStatus } from '../migrations/status.js';
import { prepareStep } from '../migrations/steps.js';
import { quoteIdent } from '../sql/quote.js';
import type { AuditLog, AuditRow } from './audit.js';
import { isAlive, type ConnectionPool, type ShardPools } from './connections.js';
import { tryLockTenant, unlockTenant } from './interrupted.js';
import { TENANT_HISTORY_TABLES } from './names.js';
import type { Tenant } from './registry.js';

/** The placeholder a tenant migration may use for its schema, replaced by the quoted schema name. */
export const SCHEMA_PLACEHOLDER = '{{schema}}';

/** TenantOutcome: what a run did to one tenant (a closed set; the CLI switches over it). */
export type TenantOutcome = 'applied' | 'up-to-date' | 'failed' | 'skipped';

/** TenantError is the part of a failure a report shows: message, SQLSTATE and failing statement. */
export interface TenantError {
  readonly message: string;
  readonly sqlState: string | null;
  readonly statement: string | null;
}

/** TenantResult is one tenant's line of a fleet run. Runs return these; one failure never throws. */
export interface TenantResult {
  readonly slug: string;
  readonly tenantId: string;
  readonly schema: string;
  readonly shard: string | null;
  readonly outcome: TenantOutcome;
  /** Versions applied by this run, in order (also those before a failure, which stay applied). */
  readonly applied: readonly string[];
  readonly error: TenantError | null;
  /** The audit row of this attempt (null when nothing was attempted). */
  readonly migrationId: string | null;
  readonly durationMs: number;
}

/** FleetContext is what a fleet run needs; the Tenants facade assembles it. */
export interface FleetContext {
  readonly control: Driver;
  readonly audit: AuditLog;
  readonly pools: ShardPools;
  readonly files: readonly MigrationFile[];
  readonly executor: ExecutorOptions;
}

/** FleetRunOptions of {@link runFleet}. */
export interface FleetRunOptions {
  /** Tenants at once on each shard (each database a run touches), so three shards at 4 run up to 12. */
  readonly concurrency: number;
  /**
   * One tenant at a time across the whole fleet instead of `concurrency` per shard: PGlite is one
   * session in this process, and the project's PGlite database also carries the control connection.
   */
  readonly serial?: boolean | undefined;
  readonly continueOnError: boolean;
  /** Apply up to and including this version. */
  readonly to?: string | undefined;
  /**
   * Called as each tenant finishes (for progress output). A returned promise is awaited before
   * that worker starts its next tenant, so a caller can act between tenants.
   */
  readonly onTenant?: ((result: TenantResult, done: number, total: number) => void | Promise<void>) | undefined;
}

/** FleetReport is the result of a run: a result per tenant, in registry order, and interrupted attempts. */
export interface FleetReport {
  readonly startedAt: string;
  readonly results: readonly TenantResult[];
  /**
   * Attempts of earlier runs that died (their rows were still `pending`), closed `failed` with
   * "attempt interrupted" as this run started.
   */
  readonly interrupted: readonly AuditRow[];
  readonly counts: Readonly<Record<TenantOutcome, number>>;
}

/**
 * forSchema returns the migration as it runs in one schema: `{{schema}}` replaced by the quoted
 * schema name. A file without the placeholder is returned as is, so its parse is shared by all
 * tenants. Locations in errors refer to the substituted text (same lines; columns after a
 * placeholder shift by the length difference).
 */
export async function forSchema(file: MigrationFile, schema: string): Promise<MigrationFile> {
  if (file.kind !== 'sql' || !file.text.includes(SCHEMA_PLACEHOLDER)) return file;
  const text = file.text.replaceAll(SCHEMA_PLACEHOLDER, quoteIdent(schema));
  return { ...file, text, sections: await parseSections(text, file.displayPath) };
}

/** auditVersion turns a migration version into seed 001's integer version_applied. */
export function auditVersion(version: string): number {
  const n = BigInt(version);
  if (n > 2147483647n) throw new UsageError(`tenant migration version ${version} does not fit seed 001's integer version_applied; use versions below 2147483648`);
  return Number(n);
}

/**
 * checkFiles parses every tenant migration once (with a sample schema for placeholders) before
 * anything runs: a syntax error anywhere fails the run with the database untouched.
 */
export async function checkFiles(files: readonly MigrationFile[], executor: ExecutorOptions): Promise<void> {
  const sample = new HistoryStore('tenant_check', TENANT_HISTORY_TABLES);
  for (const file of files) {
    auditVersion(file.version);
    await prepareStep(await forSchema(file, 'tenant_check'), 'up', sample, executor.appliedBy, executor);
  }
}

function toTenantError(error: unknown): TenantError {
  if (error instanceof MigrationExecutionError) return { message: error.message, sqlState: error.sqlState ?? null, statement: error.statement ?? null };
  const e = error as { message?: unknown; code?: unknown };
  const sqlState = typeof e?.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) ? e.code : null;
  return { message: isTidemarkError(error) || error instanceof Error ? (error as Error).message : String(error), sqlState, statement: null };
}

/**
 * lostConnection names what happened when a tenant's connection died under it (its server stopped
 * or restarted, its backend was terminated): node-postgres and the server word it a dozen ways
 * ("Connection terminated unexpectedly", "terminating connection due to administrator command",
 * "Client has encountered a connection error and is not queryable"), and the reader needs the shard.
 */
function lostConnection(db: Driver, error: TenantError): TenantError {
  return { ...error, message: `lost the connection to ${db.displayUrl}: ${error.message}` };
}

/** failureDetails renders a failed attempt for the audit log: error, SQLSTATE, statement, what stayed applied. */
export function failureDetails(error: TenantError, applied: readonly string[]): string {
  const parts = [`Failed: ${error.message}`];
  if (error.sqlState && !error.message.includes(error.sqlState)) parts.push(`SQLSTATE ${error.sqlState}.`);
  if (error.statement) parts.push(`Statement: ${error.statement}`);
  if (applied.length > 0) parts.push(`Applied before the failure: ${applied.join(', ')}.`);
  return parts.join(' ');
}

/**
 * connectAndLock takes a connection to the tenant's shard and tries the tenant's lock on it. A
 * pooled connection whose server went away while it sat idle (the shard restarted between two
 * tenants) is replaced once by a fresh one, so a shard that is back costs no tenant its attempt.
 */
async function connectAndLock(pool: ConnectionPool, tenant: Tenant): Promise<{ db: Driver; locked: boolean }> {
  for (let attempt = 0; ; attempt++) {
    const db = await pool.acquire();
    try {
      return { db, locked: await tryLockTenant(db, tenant) };
    } catch (error) {
      const broken = !(await isAlive(db));
      await pool.release(db, broken);
      if (!broken) throw error;
      if (attempt > 0) {
        const lost = lostConnection(db, toTenantError(error));
        throw Object.assign(new Error(lost.message, { cause: error }), { code: lost.sqlState ?? undefined });
      }
    }
  }
}

/**
 * auditEarlyFailure records an attempt that failed before its `pending` row was written (the
 * shard could not be reached, its connection died, the tenant's history could not be read), as
 * one up to the run's target version, so `history` and `status` show why the tenant is behind.
 * Returns the row's id, or null when the control database cannot be reached either.
 */
async function auditEarlyFailure(ctx: FleetContext, tenant: Tenant, to: string | undefined, error: TenantError): Promise<string | null> {
  const target = to ?? ctx.files.at(-1)?.version;
  if (target === undefined) return null;
  try {
    const migrationId = await ctx.audit.begin(ctx.control, { tenantSchemaId: null, tenantId: tenant.tenantId, version: auditVersion(target), appliedBy: ctx.executor.appliedBy });
    await ctx.audit.finish(ctx.control, migrationId, 'failed', failureDetails(error, []));
    return migrationId;
  } catch {
    return null;
  }
}

async function migrateTenant(ctx: FleetContext, tenant: Tenant, to: string | undefined): Promise<TenantResult> {
  const started = performance.now();
  const base = { slug: tenant.slug, tenantId: tenant.tenantId, schema: tenant.schema, shard: tenant.shard };
  const result = (outcome: TenantOutcome, applied: string[], error: TenantError | null, migrationId: string | null): TenantResult => ({
    ...base,
    outcome,
    applied,
    error,
    migrationId,
    durationMs: Math.round(performance.now() - started),
  });
  const pool = ctx.pools.pool(tenant.shard);
  let db: Driver;
  let locked: boolean;
  try {
    ({ db, locked } = await connectAndLock(pool, tenant));
  } catch (caught) {
    // The tenant's shard cannot be reached (stopped, refusing, gone).
    const error = toTenantError(caught);
    return result('failed', [], error, await auditEarlyFailure(ctx, tenant, to, error));
  }
  let broken = false;
  let migrationId: string | null = null;
  const applied: string[] = [];
  try {
    if (!locked) return result('failed', [], { message: `another Tidemark run is migrating tenant "${tenant.slug}"`, sqlState: null, statement: null }, null);
    const history = new HistoryStore(tenant.schema, TENANT_HISTORY_TABLES);
    const statuses = computeStatus(ctx.files, await history.applied(db));
    const changed = statuses.filter((s) => s.state === 'changed');
    const todo = statuses
      .filter((s) => (s.state === 'pending' || s.state === 'out-of-order') && (to === undefined || compareVersions(s.version, to) <= 0))
      .map((s) => s.file!);
    if (changed.length === 0 && todo.length === 0) return result('up-to-date', [], null, null);
    migrationId = await ctx.audit.begin(ctx.control, {
      tenantSchemaId: null,
      tenantId: tenant.tenantId,
      version: auditVersion((todo.at(-1) ?? changed.at(-1)!.file!).version),
      appliedBy: ctx.executor.appliedBy,
    });
    if (changed.length > 0) {
      throw new UsageError(`applied tenant migration(s) changed since they were applied: ${changed.map((s) => s.file!.displayPath).join(', ')}`);
    }
    const { rows } = await db.query<{ present: boolean }>('SELECT EXISTS (SELECT FROM pg_namespace WHERE nspname = $1) AS present', [tenant.schema]);
    if (!rows[0]?.present) throw new UsageError(`schema ${tenant.schema} of tenant "${tenant.slug}" does not exist`);
    await db.runScript(`SET search_path TO ${quoteIdent(tenant.schema)}`);
    await history.ensure(db);
    for (const file of todo) {
      const step = await prepareStep(await forSchema(file, tenant.schema), 'up', history, ctx.executor.appliedBy, ctx.executor);
      await runStep(db, step, history, ctx.executor);
      applied.push(`${file.version}_${file.name}`);
    }
    const last = todo.at(-1)!;
    await ctx.audit.finish(ctx.control, migrationId, 'success', `Applied version ${auditVersion(last.version)}: ${applied.join(', ')}.`);
    return result('applied', applied, null, migrationId);
  } catch (caught) {
    broken = !(await isAlive(db));
    const error = broken ? lostConnection(db, toTenantError(caught)) : toTenantError(caught);
    if (migrationId !== null) {
      // If even this fails (the control database is gone), the row stays visibly `pending`.
      await ctx.audit.finish(ctx.control, migrationId, 'failed', failureDetails(error, applied)).catch(() => {});
    } else {
      migrationId = await auditEarlyFailure(ctx, tenant, to, error);
    }
    return result('failed', applied, error, migrationId);
  } finally {
    if (!broken) await db.runScript('RESET search_path').catch(() => {});
    if (locked) await unlockTenant(db, tenant, broken);
    await pool.release(db, broken);
  }
}

/**
 * runFleet migrates tenants with at most `concurrency` at once on each shard (and at most that many
 * connections to it): every shard has its own workers, so a slow or unreachable shard holds up no
 * other. Each tenant's migrations run in order, each in its own transaction, recorded in the
 * tenant's own history tables. A failure is a result, never a throw; unless `continueOnError`, no
 * new tenant starts after one, on any shard (those are reported `skipped`).
 */
export async function runFleet(ctx: FleetContext, tenants: readonly Tenant[], options: FleetRunOptions): Promise<Omit<FleetReport, 'interrupted'>> {
  const { rows } = await ctx.control.query<{ now: string }>(`SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS now`);
  const startedAt = rows[0]!.now;
  const results: (TenantResult | undefined)[] = new Array(tenants.length);
  let done = 0;
  let stop = false;
  // A lane is the registry-ordered list of indexes of one shard's tenants (or of all, when serial).
  const lanes = new Map<string, number[]>();
  for (const [index, tenant] of tenants.entries()) {
    const key = options.serial ? '' : (tenant.shard ?? '');
    const lane = lanes.get(key) ?? [];
    lane.push(index);
    lanes.set(key, lane);
  }
  const worker = async (lane: number[]) => {
    for (let index = lane.shift(); index !== undefined; index = lane.shift()) {
      const tenant = tenants[index]!;
      const r = stop
        ? { slug: tenant.slug, tenantId: tenant.tenantId, schema: tenant.schema, shard: tenant.shard, outcome: 'skipped' as const, applied: [], error: null, migrationId: null, durationMs: 0 }
        : await migrateTenant(ctx, tenant, options.to);
      if (r.outcome === 'failed' && !options.continueOnError) stop = true;
      results[index] = r;
      await options.onTenant?.(r, ++done, tenants.length);
    }
  };
  const perLane = options.serial ? 1 : Math.max(1, options.concurrency);
  await Promise.all([...lanes.values()].flatMap((lane) => Array.from({ length: Math.min(perLane, lane.length) }, () => worker(lane))));
  const final = results as TenantResult[];
  const counts: Record<TenantOutcome, number> = { applied: 0, 'up-to-date': 0, failed: 0, skipped: 0 };
  for (const r of final) counts[r.outcome]++;
  return { startedAt, results: final, counts };
}
