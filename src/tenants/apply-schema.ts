import { introspect, type UnsupportedPolicy } from '../catalog/introspect.js';
import { DestructiveChangeError, planBetween } from '../declarative/workflows.js';
import { serverVersionNum } from '../catalog/version.js';
import { ScriptError, type Driver } from '../driver/driver.js';
import { MigrationFileError, MigrationStateError } from '../errors.js';
import { checksumOf } from '../migrations/files.js';
import type { SchemaModel } from '../model/types.js';
import { SqlSyntaxError, splitStatements } from '../parser/parser.js';
import { codePointToIndex, lineColumnAt } from '../parser/text-position.js';
import { applyStatements } from '../plan/apply.js';
import type { Plan } from '../plan/plan.js';
import { withShadow, type ShadowOptions } from '../shadow/shadow.js';
import { quoteIdent } from '../sql/quote.js';
import type { AuditLog } from './audit.js';
import { isAlive, type ShardPools } from './connections.js';
import { failureDetails } from './fleet.js';
import { interruptedDetails, tryLockTenant, unlockTenant } from './interrupted.js';
import { TENANT_HISTORY_TABLES } from './names.js';
import type { Tenant, TenantRegistry } from './registry.js';

/** ApplyTenantSchemaOptions of {@link applyTenantSchema}. */
export interface ApplyTenantSchemaOptions {
  /** Recorded as applied_by (seed 001: "user:admin@example.com", a service name…). */
  readonly appliedBy?: string | undefined;
  /** Apply even when the plan drops or narrows something (data loss). */
  readonly allowDestructive?: boolean | undefined;
  /** Shown in error locations instead of "definition". */
  readonly displayName?: string | undefined;
}

/** ApplyTenantSchemaResult: the stored version, its audit row, the plan and its summaries. */
export interface ApplyTenantSchemaResult {
  readonly tenant: Tenant;
  readonly schemaId: string;
  readonly version: number;
  readonly migrationId: string;
  readonly status: 'success' | 'failed';
  /** The audit row's details. */
  readonly details: string;
  readonly summaries: readonly string[];
  readonly plan: Plan | null;
}

/** ApplyContext is what {@link applyTenantSchema} needs; the Tenants facade assembles it. */
export interface ApplyContext {
  readonly control: Driver;
  readonly registry: TenantRegistry;
  readonly audit: AuditLog;
  readonly pools: ShardPools;
  readonly appliedBy: string;
  /** What to do with objects the model cannot represent (config `unsupported`). */
  readonly policy?: UnsupportedPolicy;
  /** Where the shadow that loads a definition comes from (config `devDatabase`; default PGlite). */
  readonly shadow?: ShadowOptions;
}

/** checkSyntax refuses a definition that does not parse, at file:line:col, before anything is stored. */
async function checkSyntax(definition: string, display: string): Promise<void> {
  try {
    await splitStatements(definition);
  } catch (error) {
    if (error instanceof SqlSyntaxError) {
      const { line, column } = lineColumnAt(definition, error.index);
      throw new MigrationFileError(`${display}:${line}:${column}: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

/** desiredModel loads a definition into a shadow; a statement that fails there is a MigrationFileError at file:line:col. */
async function desiredModel(definition: string, schema: string, display: string, policy: UnsupportedPolicy, shadowOptions: ShadowOptions = {}): Promise<SchemaModel> {
  return withShadow(async (shadow) => {
    // The shadow gets a schema named like the tenant's, so qualified names in the model match.
    await shadow.runScript(`CREATE SCHEMA ${quoteIdent(schema)}; SET search_path TO ${quoteIdent(schema)};`);
    try {
      await shadow.runScript(definition);
    } catch (error) {
      if (!(error instanceof ScriptError)) throw error;
      const statements = await splitStatements(definition);
      const at = error.fields.position !== undefined ? codePointToIndex(definition, error.fields.position - 1) : (statements[error.completedStatements]?.start ?? 0);
      const { line, column } = lineColumnAt(definition, at);
      const state = error.fields.sqlState ? ` (SQLSTATE ${error.fields.sqlState})` : '';
      throw new MigrationFileError(`${display}:${line}:${column}: ${error.fields.message}${state}`, { cause: error });
    }
    return introspect(shadow, { ...policy, include: [schema] });
  }, shadowOptions);
}

function withoutFleetHistory(model: SchemaModel): SchemaModel {
  const hidden = new Set<string>(Object.values(TENANT_HISTORY_TABLES));
  return { ...model, tables: model.tables.filter((t) => !hidden.has(t.name)) };
}

/**
 * applyTenantSchema stores `definition` (declarative SQL for the tenant's schema, unqualified
 * names) as the tenant's next tenant_schemas version, diffs it against the tenant's live schema,
 * and applies the plan inside the tenant schema in one transaction. The attempt is audited in
 * `schema_migrations` (pending first, then success or failed). A destructive plan is refused and
 * audited as failed unless `allowDestructive`. SQL that does not parse throws before anything is
 * stored; a definition that parses but does not load (a missing table, say) is stored, audited
 * `failed` with the error, and then thrown (MigrationFileError). The attempt holds the tenant's
 * lock and first closes the tenant's attempts that died.
 *
 * @example await tenants.applyTenantSchema('acme', 'create table invoices (id int primary key);', { appliedBy: 'user:admin@example.com' })
 */
export async function applyTenantSchema(ctx: ApplyContext, tenant: Tenant, definition: string, options: ApplyTenantSchemaOptions = {}): Promise<ApplyTenantSchemaResult> {
  const appliedBy = options.appliedBy ?? ctx.appliedBy;
  const display = options.displayName ?? 'definition';
  await checkSyntax(definition, display);
  await ctx.registry.ensure(ctx.control);
  const pool = ctx.pools.pool(tenant.shard);
  const db = await pool.acquire();
  let locked = false;
  let broken = false;
  try {
    // The tenant's lock, as a fleet run holds it: one attempt at a time, and a `pending` row found
    // while holding it belongs to an attempt that died (see closeInterruptedAttempts).
    locked = await tryLockTenant(db, tenant);
    if (!locked) throw new MigrationStateError(`another Tidemark run is migrating tenant "${tenant.slug}"; try again when it has finished`);
    await ctx.audit.closeInterrupted(ctx.control, tenant.tenantId, interruptedDetails(appliedBy));
    const { rows } = await ctx.control.query<{ schema_id: string; version: number }>(
      `INSERT INTO ${ctx.registry.table('tenant_schemas')} (tenant_id, version, definition, checksum)
       SELECT $1, COALESCE(max(version), 0) + 1, $2, $3 FROM ${ctx.registry.table('tenant_schemas')} WHERE tenant_id = $1
       RETURNING schema_id::text AS schema_id, version`,
      [tenant.tenantId, definition, checksumOf(definition)],
    );
    const { schema_id: schemaId, version } = rows[0]!;
    const migrationId = await ctx.audit.begin(ctx.control, { tenantSchemaId: schemaId, tenantId: tenant.tenantId, version, appliedBy });
    let desired: SchemaModel;
    try {
      desired = await desiredModel(definition, tenant.schema, display, ctx.policy ?? {}, ctx.shadow);
    } catch (error) {
      // Seed 001 records every attempt: a version that does not load is audited, then refused (exit 2).
      if (error instanceof MigrationFileError) await ctx.audit.finish(ctx.control, migrationId, 'failed', `Schema version ${version}: Failed to load: ${error.message}`);
      else await ctx.audit.finish(ctx.control, migrationId, 'failed', `Schema version ${version}: ${failureDetails({ message: String((error as Error)?.message ?? error), sqlState: null, statement: null }, [])}`).catch(() => {});
      throw error;
    }
    const attempt = await applyPlan(ctx, db, tenant, desired, { schemaId, version, migrationId }, options);
    broken = attempt.broken;
    return attempt.result;
  } catch (error) {
    if (!broken && db.kind === 'postgres') broken = !(await isAlive(db));
    throw error;
  } finally {
    if (locked) await unlockTenant(db, tenant, broken);
    await pool.release(db, broken);
  }
}

/** applyPlan diffs the tenant's live schema against `desired` and applies the plan; the outcome is audited. */
async function applyPlan(
  ctx: ApplyContext,
  db: Driver,
  tenant: Tenant,
  desired: SchemaModel,
  row: { schemaId: string; version: number; migrationId: string },
  options: ApplyTenantSchemaOptions,
): Promise<{ result: ApplyTenantSchemaResult; broken: boolean }> {
  const { schemaId, version, migrationId } = row;
  let plan: Plan | null = null;
  try {
    const live = withoutFleetHistory(await introspect(db, { ...ctx.policy, include: [tenant.schema] }));
    plan = await planBetween(live, { ...desired, extensions: live.extensions }, {}, { serverVersion: await serverVersionNum(db) });
    // Names relative to the tenant's schema, as seed 001 writes them ("Created table 'payments'.").
    const summaries = plan.changes.filter((c) => !c.implied).map((c) => c.summary.replaceAll(`'${tenant.schema}.`, "'"));
    if (plan.destructive && !options.allowDestructive) {
      const lost = plan.changes.filter((c) => c.destructive && !c.implied).map((c) => c.summary.replaceAll(`'${tenant.schema}.`, "'"));
      const error = new DestructiveChangeError(`schema version ${version} of tenant "${tenant.slug}"`, lost);
      const details = `Refused schema version ${version}: ${error.message}`;
      await ctx.audit.finish(ctx.control, migrationId, 'failed', details);
      return { result: { tenant, schemaId, version, migrationId, status: 'failed', details, summaries, plan }, broken: false };
    }
    await applyStatements(db, plan.up);
    const details = [`Applied schema version ${version}.`, ...(summaries.length ? summaries : ['No changes.'])].join(' ');
    await ctx.audit.finish(ctx.control, migrationId, 'success', details);
    return { result: { tenant, schemaId, version, migrationId, status: 'success', details, summaries, plan }, broken: false };
  } catch (caught) {
    const e = caught as { message?: string; fields?: { message: string; sqlState?: string }; code?: string; completedStatements?: number };
    const fields = caught instanceof ScriptError ? caught.fields : { message: String(e?.message ?? caught), sqlState: typeof e?.code === 'string' ? e.code : undefined };
    const failing = caught instanceof ScriptError && plan ? failingStatement(plan, caught.completedStatements) : null;
    const details = `Schema version ${version}: ${failureDetails({ message: fields.message, sqlState: fields.sqlState ?? null, statement: failing }, [])}`;
    const broken = db.kind === 'postgres' && !(await isAlive(db));
    await ctx.audit.finish(ctx.control, migrationId, 'failed', details).catch(() => {});
    return { result: { tenant, schemaId, version, migrationId, status: 'failed', details, summaries: [], plan }, broken };
  }
}

// applyStatements sends BEGIN and SET LOCAL before the transactional statements (two statements).
function failingStatement(plan: Plan, completed: number): string | null {
  const transactional = plan.up.filter((s) => s.transactional);
  return transactional[completed - 2]?.sql ?? null;
}
