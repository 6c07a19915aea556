import { introspect, type UnsupportedPolicy } from '../catalog/introspect.js';
import { serverVersionNum } from '../catalog/version.js';
import type { Driver } from '../driver/driver.js';
import { openDriver } from '../driver/open.js';
import { parseDatabaseUrl } from '../driver/url.js';
import { MigrationStateError, UsageError } from '../errors.js';
import { compareVersions } from '../migrations/files.js';
import { HistoryStore } from '../migrations/history.js';
import type { SchemaModel } from '../model/types.js';
import { quoteIdent, quoteQualified } from '../sql/quote.js';
import type { AuditLog, AuditRow } from './audit.js';
import { COPY_SETTINGS, copyRows, countRows, readSequences, writeSequences } from './copy-data.js';
import { auditVersion, failureDetails } from './fleet.js';
import { interruptedDetails, releaseSecondLock, trySecondLock, tryLockTenant, unlockTenant } from './interrupted.js';
import { copiedTables, materializedViews, moveDdl, schemaDifferences } from './move-schema.js';
import { TENANT_HISTORY_TABLES, validateShard } from './names.js';
import type { Tenant, TenantRegistry } from './registry.js';

/** MoveStep names what a move just did, in order (a closed set; the CLI prints one line per step). */
export type MoveStep = 'cleaned' | 'marked' | 'locked' | 'created' | 'copied' | 'verified' | 'switched' | 'source';

/** MoveEvent is one step of a move, with a line saying what it did. */
export interface MoveEvent {
  readonly step: MoveStep;
  readonly message: string;
}

/** MoveOptions of {@link moveTenant}. */
export interface MoveOptions {
  /** Keep the old schema (and its rows) on the source shard after the switch. */
  readonly keepSource?: boolean | undefined;
  /** Recorded as applied_by (default: config appliedBy or user@host). */
  readonly appliedBy?: string | undefined;
  /** Called after each step; a returned promise is awaited before the move goes on. */
  readonly onStep?: ((event: MoveEvent) => void | Promise<void>) | undefined;
}

/** MovedTable is one copied table and its rows (counted on both sides, equal when verified). */
export interface MovedTable {
  readonly table: string;
  readonly sourceRows: number;
  readonly targetRows: number;
}

/** MoveResult is what {@link moveTenant} did. A failed move is a result (exit 1), not a throw. */
export interface MoveResult {
  /** The tenant as the registry has it afterwards. */
  readonly tenant: Tenant;
  /** Shard before the move (null: the project's database) and the one asked for. */
  readonly from: string | null;
  readonly to: string;
  readonly status: 'success' | 'failed';
  /** The audit row's details. */
  readonly details: string;
  readonly migrationId: string;
  readonly tables: readonly MovedTable[];
  readonly sequences: number;
  /** Whether the old schema is gone from the source (false with keepSource, or when its drop failed). */
  readonly sourceDropped: boolean;
  /** The shard whose leftover copy from a move that died was dropped first, if any. */
  readonly cleaned: string | null;
  /** Attempts on this tenant that died, closed `failed` as this move started. */
  readonly interrupted: readonly AuditRow[];
}

/** MoveContext is what a move needs; the Tenants facade assembles it. */
export interface MoveContext {
  readonly control: Driver;
  readonly registry: TenantRegistry;
  readonly audit: AuditLog;
  /** The project's database URL (where tenants without a shard live) and the shards. */
  readonly mainUrl: string;
  readonly shards: Readonly<Record<string, string>>;
  readonly root: string;
  readonly appliedBy: string;
  /** How long the move waits for the tenant's tables (config lockTimeout), in ms. */
  readonly lockTimeoutMs: number;
  readonly policy?: UnsupportedPolicy;
}

/** MoveFailure is a failure the move reports in its result and audit row (exit 1), not a usage error. */
class MoveFailure extends Error {}

const where = (shard: string | null) => (shard === null ? "the project's database" : `shard ${shard}`);

/**
 * checkMove refuses, as usage errors (exit 2), what cannot be moved: an unknown tenant or shard, the
 * shard the tenant is on, and PGlite on either side (a PGlite fleet is one embedded database: there
 * is no second server to copy to, and PGlite has no COPY streams).
 */
export async function checkMove(ctx: MoveContext, slugOrId: string, to: string): Promise<{ tenant: Tenant; fromUrl: string; toUrl: string }> {
  validateShard(to, ctx.shards);
  const tenant = await ctx.registry.find(ctx.control, slugOrId);
  if (tenant.shard === to) throw new UsageError(`tenant "${tenant.slug}" is already on shard ${to}`);
  const fromUrl = tenant.shard === null ? ctx.mainUrl : ctx.shards[tenant.shard];
  if (fromUrl === undefined) throw new UsageError(`tenant "${tenant.slug}" is on shard ${tenant.shard}, which is not in the tenants.shards config key`);
  const toUrl = ctx.shards[to]!;
  for (const [side, url] of [['source', fromUrl], ['target', toUrl]] as const) {
    if (parseDatabaseUrl(url, ctx.root).kind === 'pglite') {
      throw new UsageError(`tenants move needs server shards: the ${side} (${side === 'source' ? where(tenant.shard) : `shard ${to}`}) is a PGlite database, and a PGlite fleet is one database`);
    }
  }
  return { tenant, fromUrl, toUrl };
}

/**
 * moveTenant moves a tenant's schema to another shard: the schema is written on the target from
 * Tidemark's model of it, the rows are streamed over with COPY and the sequences set, then row counts
 * and the two schemas' models are compared; only then is the registry switched (one statement) and
 * the old schema dropped (kept with `keepSource`). Writes wait: the registry marks the tenant
 * `moving_to` for the application, and the move holds an EXCLUSIVE lock on every table of the tenant
 * on the source (reads go on) until the old schema is dropped or released. The attempt is audited
 * like any other. When it fails, the registry stays on the source and the target's copy is dropped;
 * when it dies, the next move of the tenant drops that copy first (`moving_to` says where it is).
 *
 * @example const result = await moveTenant(ctx, 'acme', 'eu', { keepSource: false });
 */
export async function moveTenant(ctx: MoveContext, slugOrId: string, to: string, options: MoveOptions = {}): Promise<MoveResult> {
  await ctx.registry.ensure(ctx.control);
  const { tenant, fromUrl, toUrl } = await checkMove(ctx, slugOrId, to);
  const appliedBy = options.appliedBy ?? ctx.appliedBy;
  const step = async (s: MoveStep, message: string) => options.onStep?.({ step: s, message });
  const source = await openDriver(fromUrl, ctx.root);
  const opened: Driver[] = [source];
  let lockedSource = false;
  let lockedTarget = false;
  try {
    const target = await openDriver(toUrl, ctx.root);
    opened.push(target);
    lockedSource = await tryLockTenant(source, tenant);
    lockedTarget = lockedSource && (await trySecondLock(target, tenant));
    if (!lockedTarget) throw new MigrationStateError(`another Tidemark run is working on tenant "${tenant.slug}"; try again when it has finished`);
    // Holding the tenant's lock, its pending rows belong to attempts that died (see interrupted.ts).
    const interrupted = await ctx.audit.closeInterrupted(ctx.control, tenant.tenantId, interruptedDetails(appliedBy));
    let cleaned: string | null = null;
    if (tenant.movingTo !== null) {
      cleaned = await dropLeftover(ctx, tenant, tenant.movingTo, tenant.movingTo === to ? target : undefined);
      await ctx.registry.markMoving(ctx.control, tenant, null);
      await step('cleaned', `Dropped ${tenant.schema} on shard ${cleaned}, left by a move that died.`);
    }
    const version = await fleetVersion(source, tenant);
    const migrationId = await ctx.audit.begin(ctx.control, { tenantSchemaId: null, tenantId: tenant.tenantId, version, appliedBy });
    const run = new MoveRun(ctx, tenant, to, source, target, step);
    try {
      const done = await run.go(options.keepSource === true);
      const details = `Moved from ${where(tenant.shard)} to shard ${to}: ${done.summary}`;
      await ctx.audit.finish(ctx.control, migrationId, 'success', details);
      const after = await ctx.registry.find(ctx.control, tenant.tenantId);
      return { tenant: after, from: tenant.shard, to, status: 'success', details, migrationId, tables: run.tables, sequences: run.sequences, sourceDropped: done.sourceDropped, cleaned, interrupted };
    } catch (caught) {
      const message = caught instanceof Error ? caught.message : String(caught);
      const undone = await run.undo();
      const details = `Move from ${where(tenant.shard)} to shard ${to} ${failureDetails({ message, sqlState: sqlStateOf(caught), statement: null }, []).replace(/^Failed: /, 'failed: ')} ${undone}`;
      await ctx.audit.finish(ctx.control, migrationId, 'failed', details).catch(() => {});
      const after = await ctx.registry.find(ctx.control, tenant.tenantId).catch(() => tenant);
      return { tenant: after, from: tenant.shard, to, status: 'failed', details, migrationId, tables: run.tables, sequences: run.sequences, sourceDropped: false, cleaned, interrupted };
    }
  } finally {
    if (lockedTarget) await releaseSecondLock(opened[1]!, tenant);
    if (lockedSource) await unlockTenant(source, tenant);
    await Promise.all(opened.map((d) => d.close()));
  }
}

/**
 * MoveRun is one move attempt after its audit row: the steps in order, and what to undo when one
 * fails. Its state says how far it got, so undo drops the target's copy only if this run made it and
 * the registry was not switched to it.
 */
class MoveRun {
  tables: MovedTable[] = [];
  sequences = 0;
  private marked = false;
  private created = false;
  private switched = false;
  private inTransaction = false;

  constructor(
    private readonly ctx: MoveContext,
    private readonly tenant: Tenant,
    private readonly to: string,
    private readonly source: Driver,
    private readonly target: Driver,
    private readonly step: (s: MoveStep, message: string) => Promise<void>,
  ) {}

  async go(keepSource: boolean): Promise<{ summary: string; sourceDropped: boolean }> {
    const { ctx, tenant, to, source, target } = this;
    const schema = tenant.schema;
    if (!(await schemaExists(source, schema))) throw new MoveFailure(`schema ${schema} does not exist on ${where(tenant.shard)}`);
    if (await schemaExists(target, schema)) {
      throw new MoveFailure(`shard ${to} already has a schema ${schema}, and no earlier move of this tenant left it there: Tidemark leaves it alone (drop or rename it, or move the tenant elsewhere)`);
    }
    await ctx.registry.markMoving(ctx.control, tenant, to);
    this.marked = true;
    await this.step('marked', `Marked tenant ${tenant.slug} moving to shard ${to} in the registry.`);

    const policy = { ...ctx.policy, include: [schema] };
    const model = await introspect(source, policy);
    const ddl = await moveDdl(model, { serverVersion: await serverVersionNum(target), reverse: false });
    const tables = copiedTables(model);
    await source.runScript(COPY_SETTINGS);
    await target.runScript(COPY_SETTINGS);
    // EXCLUSIVE lets reads through and makes writes (and DDL) wait until the move commits or rolls back.
    const all = model.tables.map((t) => quoteQualified(t.schema, t.name));
    await source.runScript(`BEGIN ISOLATION LEVEL REPEATABLE READ; SET LOCAL lock_timeout = ${Math.max(0, Math.round(ctx.lockTimeoutMs))}`);
    this.inTransaction = true;
    if (all.length > 0) await source.runScript(`LOCK TABLE ${all.join(', ')} IN EXCLUSIVE MODE`);
    await this.step('locked', `Locked ${all.length} table(s) of ${schema} on ${where(tenant.shard)}: writes wait until the move ends.`);

    this.created = true;
    await target.runScript(ddl.beforeData);
    await this.step('created', `Created ${schema} on shard ${to} from the model (foreign keys, triggers, indexes and policies after the rows).`);
    let rows = 0;
    for (const table of tables) {
      await copyRows(source, target, table);
      const name = `${table.schema}.${table.name}`;
      this.tables.push({ table: name, sourceRows: await countRows(source, table), targetRows: await countRows(target, table) });
      rows += this.tables.at(-1)!.sourceRows;
    }
    // Counts first: a row lost on the way must be reported as such, not as the foreign key it breaks.
    this.verifyCounts();
    const sequences = await readSequences(source, schema);
    await writeSequences(target, sequences);
    this.sequences = sequences.length;
    await target.runScript(ddl.afterData);
    for (const view of materializedViews(model)) await target.runScript(`REFRESH MATERIALIZED VIEW ${quoteQualified(view.schema, view.name)}`);
    await this.step('copied', `Copied ${rows} row(s) in ${tables.length} table(s) and ${sequences.length} sequence value(s) with COPY.`);

    await this.verifySchema(model);
    await this.step('verified', `Verified: row counts equal in every table, and the two schemas' models equal.`);

    if (!(await ctx.registry.switchShard(ctx.control, tenant, tenant.shard, to))) throw new MoveFailure(`the registry row of tenant "${tenant.slug}" changed during the move; it was not switched`);
    this.switched = true;
    await this.step('switched', `Switched tenant ${tenant.slug} to shard ${to} in the registry.`);

    const summary = `${tables.length} table(s), ${rows} row(s), ${sequences.length} sequence(s); row counts and schema verified`;
    if (keepSource) {
      await this.endSourceTransaction('ROLLBACK');
      await this.step('source', `Kept ${schema} on ${where(tenant.shard)} (--keep-source); it is no longer the tenant's.`);
      return { summary: `${summary}; source schema kept (--keep-source).`, sourceDropped: false };
    }
    try {
      await source.runScript(`DROP SCHEMA ${quoteIdent(schema)} CASCADE`);
      await this.endSourceTransaction('COMMIT');
    } catch (error) {
      await this.endSourceTransaction('ROLLBACK');
      const why = error instanceof Error ? error.message : String(error);
      await this.step('source', `Could not drop ${schema} on ${where(tenant.shard)}: ${why}; drop it by hand.`);
      return { summary: `${summary}; the source schema could not be dropped (${why}): drop it by hand.`, sourceDropped: false };
    }
    await this.step('source', `Dropped ${schema} on ${where(tenant.shard)}.`);
    return { summary: `${summary}; source schema dropped.`, sourceDropped: true };
  }

  /** verifyCounts compares each table's rows on the source (in the move's snapshot) and the target. */
  private verifyCounts(): void {
    const wrong = this.tables.filter((t) => t.sourceRows !== t.targetRows);
    if (wrong.length > 0) {
      throw new MoveFailure(`verification failed: row counts differ: ${wrong.map((t) => `${t.table} ${t.sourceRows} on the source, ${t.targetRows} on the target`).join('; ')}`);
    }
  }

  /** verifySchema compares the source's model (before the move and now) with the target's. */
  private async verifySchema(model: SchemaModel): Promise<void> {
    const policy = { ...this.ctx.policy, include: [this.tenant.schema] };
    // The source's catalog is read again on another connection (this one is inside its locked
    // transaction): a change made to it while the move ran would be caught here.
    const reader = await this.source.connectAgain!();
    let sourceNow: SchemaModel;
    try {
      sourceNow = await introspect(reader, policy);
    } finally {
      await reader.close();
    }
    const targetModel = await introspect(this.target, policy);
    const changed = schemaDifferences(model, sourceNow);
    if (changed.length > 0) throw new MoveFailure(`verification failed: the source schema changed during the move: ${changed.join(' ')}`);
    const differences = schemaDifferences(model, targetModel);
    if (differences.length > 0) throw new MoveFailure(`verification failed: the target schema differs from the source: ${differences.join(' ')}`);
  }

  private async endSourceTransaction(command: 'COMMIT' | 'ROLLBACK'): Promise<void> {
    if (!this.inTransaction) return;
    this.inTransaction = false;
    await this.source.runScript(command);
  }

  /**
   * undo puts things back after a failed step: the source's transaction rolled back (its locks
   * released), the target's copy dropped and the registry mark cleared. Returns a sentence for the
   * audit row. A copy that cannot be dropped now (its connection died) keeps the mark, so the next
   * move drops it.
   */
  async undo(): Promise<string> {
    await this.endSourceTransaction('ROLLBACK').catch(() => {});
    if (this.switched) return 'The registry was switched already; the target is the tenant\'s now.';
    if (!this.marked) return 'The registry stays on the source; nothing was written on the target.';
    let dropped = !this.created;
    if (this.created) {
      try {
        await dropLeftover(this.ctx, this.tenant, this.to, this.target);
        dropped = true;
      } catch {
        dropped = false;
      }
    }
    if (!dropped) return `The registry stays on the source; the partial copy on shard ${this.to} could not be dropped now and is dropped by the next "tenants move" of this tenant.`;
    await this.ctx.registry.markMoving(this.ctx.control, this.tenant, null).catch(() => {});
    return `The registry stays on the source; the partial copy on shard ${this.to} was dropped.`;
  }
}

/**
 * dropLeftover drops the tenant's schema on `shard`, where a move (this one, or one that died) was
 * copying it; `open` is a live connection to that shard, else one is opened. Returns the shard.
 */
async function dropLeftover(ctx: MoveContext, tenant: Tenant, shard: string, open: Driver | undefined): Promise<string> {
  const url = ctx.shards[shard];
  if (url === undefined) throw new UsageError(`tenant "${tenant.slug}" was being moved to shard ${shard}, which is no longer in the tenants.shards config key: drop its schema ${tenant.schema} there by hand`);
  const usable = open && (await open.query('SELECT 1').then(() => true, () => false));
  const db = usable ? open! : await openDriver(url, ctx.root);
  try {
    await db.runScript(`DROP SCHEMA IF EXISTS ${quoteIdent(tenant.schema)} CASCADE`);
  } finally {
    if (db !== open) await db.close();
  }
  return shard;
}

async function schemaExists(db: Driver, schema: string): Promise<boolean> {
  const { rows } = await db.query<{ present: boolean }>('SELECT EXISTS (SELECT FROM pg_catalog.pg_namespace WHERE nspname = $1) AS present', [schema]);
  return rows[0]?.present === true;
}

/** fleetVersion is the tenant's newest applied tenant migration as seed 001's integer (0 when none): the audit row's version. */
async function fleetVersion(db: Driver, tenant: Tenant): Promise<number> {
  const applied = await new HistoryStore(tenant.schema, TENANT_HISTORY_TABLES).applied(db);
  const newest = applied.map((a) => a.version).reduce<string | null>((max, v) => (max === null || compareVersions(v, max) > 0 ? v : max), null);
  return newest === null ? 0 : auditVersion(newest);
}

function sqlStateOf(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : null;
}
