import type { Driver } from '../driver/driver.js';
import { MigrationStateError, UsageError } from '../errors.js';
import { compareVersions, type MigrationFile } from './files.js';
import type { AppliedMigration, HistoryEvent, HistoryStore } from './history.js';
import { acquireMigrationLock } from './lock.js';
import type { ParseCache } from './parse-cache.js';
import { computeStatus, type MigrationStatus } from './status.js';
import { prepareStep, type Direction, type Step } from './steps.js';
import { runStep, stepSql, timed, type ExecutorOptions, type MigrationEvent } from './executor.js';

/** MigratorContext is everything the migration commands need; the facade assembles it. */
export interface MigratorContext {
  readonly db: Driver;
  readonly files: readonly MigrationFile[];
  /** Where parsed sections are kept between runs (see parse-cache.ts); saved once steps are prepared. */
  readonly parseCache?: ParseCache;
  readonly history: HistoryStore;
  readonly executor: ExecutorOptions;
  readonly lockWaitMs: number;
}

/** MigrateOptions of {@link migrate}. */
export interface MigrateOptions {
  /** Apply up to and including this version. */
  readonly to?: string | undefined;
  /** Print the SQL instead of running it; the database is not changed. */
  readonly dryRun?: boolean | undefined;
  /** Apply versions older than the newest applied one (merged branches). */
  readonly allowOutOfOrder?: boolean | undefined;
}

/** StepReport is one migration a command applied, reverted or stamped (or would have, in a dry run). */
export interface StepReport {
  readonly version: string;
  readonly name: string;
  readonly direction: Direction | 'stamp';
  readonly durationMs: number;
  /** In a dry run: the SQL that would run. */
  readonly sql?: string;
}

function findVersion(files: readonly MigrationFile[], version: string): MigrationFile | undefined {
  if (!/^\d+$/.test(version)) throw new UsageError(`"${version}" is not a version (versions are all digits)`);
  return files.find((f) => compareVersions(f.version, version) === 0);
}

async function withLock<T>(ctx: MigratorContext, dryRun: boolean, work: () => Promise<T>): Promise<T> {
  if (dryRun) return work();
  const lock = await timed(ctx.executor.onEvent, 'lock', () => acquireMigrationLock(ctx.db, ctx.history.schema, ctx.lockWaitMs, () => ctx.executor.onEvent?.({ type: 'lock-wait' })));
  try {
    return await work();
  } finally {
    await lock.release().catch(() => {});
  }
}

function refuseChanged(statuses: readonly MigrationStatus[]): void {
  const changed = statuses.filter((s) => s.state === 'changed');
  if (changed.length > 0) {
    const list = changed.map((s) => s.file!.displayPath).join(', ');
    throw new MigrationStateError(
      `applied migration(s) changed since they were applied: ${list}; restore them, or accept the new text with "tidemark stamp <version>"`,
    );
  }
}

async function emitSetupSql(ctx: MigratorContext): Promise<void> {
  if (!(await ctx.history.exists(ctx.db))) {
    ctx.executor.onEvent?.({ type: 'sql', direction: 'setup', version: '', name: 'control schema', sql: ctx.history.createSql() });
  }
}

async function execute(ctx: MigratorContext, steps: readonly Step[], dryRun: boolean): Promise<StepReport[]> {
  const reports: StepReport[] = [];
  // Created only now, after every step parsed: bad input leaves the database exactly as it was.
  if (!dryRun && steps.length > 0) await timed(ctx.executor.onEvent, 'control schema', () => ctx.history.ensure(ctx.db));
  for (const step of steps) {
    if (dryRun) {
      const sql = stepSql(step, ctx.history, ctx.executor.appliedBy);
      ctx.executor.onEvent?.({ type: 'sql', direction: step.direction, version: step.file.version, name: step.file.name, sql });
      reports.push({ version: step.file.version, name: step.file.name, direction: step.direction, durationMs: 0, sql });
      continue;
    }
    const durationMs = await runStep(ctx.db, step, ctx.history, ctx.executor);
    reports.push({ version: step.file.version, name: step.file.name, direction: step.direction, durationMs });
  }
  return reports;
}

async function prepareAll(ctx: MigratorContext, files: readonly MigrationFile[], direction: Direction): Promise<Step[]> {
  const { appliedBy, lockTimeoutMs, statementTimeoutMs } = ctx.executor;
  const cached = ctx.parseCache?.hits.statements ?? 0;
  return timed(
    ctx.executor.onEvent,
    'parse',
    async () => {
      const steps = await Promise.all(files.map((file) => prepareStep(file, direction, ctx.history, appliedBy, { lockTimeoutMs, statementTimeoutMs }, ctx.parseCache)));
      // Everything parsed: what the next run can skip is known now, whatever the steps do.
      await ctx.parseCache?.save();
      return steps;
    },
    (steps) => `${steps.length} step(s), ${(ctx.parseCache?.hits.statements ?? 0) - cached} from the parse cache`,
  );
}

/**
 * refusePartlySquashed: a squash baseline to apply on a database that applied some, not all, of
 * the versions it replaces would create what is already there. Such a database must first reach
 * the baseline's version with the files from before the squash.
 */
function refusePartlySquashed(todo: readonly MigrationFile[], statuses: readonly MigrationStatus[]): void {
  const applied = new Set(statuses.filter((s) => s.applied).map((s) => BigInt(s.version)));
  for (const file of todo) {
    const done = (file.squashes ?? []).filter((v) => applied.has(BigInt(v)));
    if (done.length > 0) {
      throw new MigrationStateError(
        `${file.displayPath} squashes ${file.squashes!.join(', ')}, and this database applied only ${done.join(', ')}: migrate it to ${file.version} with the files from before the squash (from version control) first`,
      );
    }
  }
}

/** status compares the migration files with the database's history. Never writes. */
export async function status(ctx: MigratorContext): Promise<MigrationStatus[]> {
  return computeStatus(ctx.files, await timed(ctx.executor.onEvent, 'history', () => ctx.history.applied(ctx.db), (rows) => `${rows.length} applied`));
}

/**
 * migrate applies pending migrations in version order, each in its own transaction, under the
 * migration lock. Every pending file is parsed before the first one runs, so a syntax error
 * anywhere leaves the database untouched. Out-of-order versions are refused unless allowed.
 */
export async function migrate(ctx: MigratorContext, options: MigrateOptions = {}): Promise<StepReport[]> {
  const dryRun = options.dryRun === true;
  const target = options.to === undefined ? undefined : findVersion(ctx.files, options.to);
  if (options.to !== undefined && !target) throw new UsageError(`--to ${options.to}: no migration file has that version`);
  return withLock(ctx, dryRun, async () => {
    const statuses = await status(ctx);
    refuseChanged(statuses);
    const inRange = (s: MigrationStatus) => !target || compareVersions(s.version, target.version) <= 0;
    const outOfOrder = statuses.filter((s) => s.state === 'out-of-order' && inRange(s));
    if (outOfOrder.length > 0 && !options.allowOutOfOrder) {
      const newest = statuses.filter((s) => s.applied).at(-1)!;
      throw new MigrationStateError(
        `${outOfOrder.map((s) => s.file!.displayPath).join(', ')} ${outOfOrder.length === 1 ? 'is' : 'are'} older than the newest applied migration ${newest.version}_${newest.name} (out of order); rerun with --allow-out-of-order to apply`,
      );
    }
    const todo = statuses.filter((s) => (s.state === 'pending' || s.state === 'out-of-order') && inRange(s)).map((s) => s.file!);
    refusePartlySquashed(todo, statuses);
    const steps = await prepareAll(ctx, todo, 'up');
    if (dryRun && steps.length > 0) await emitSetupSql(ctx);
    return execute(ctx, steps, dryRun);
  });
}

/** DownOptions of {@link down}: revert `steps` migrations (default 1), or down `to` a version, or to `base`. */
export interface DownOptions {
  readonly steps?: number | undefined;
  readonly to?: string | undefined;
  readonly dryRun?: boolean | undefined;
}

/** down reverts applied migrations, newest first, each with its down section in its own transaction. */
export async function down(ctx: MigratorContext, options: DownOptions = {}): Promise<StepReport[]> {
  if (options.steps !== undefined && options.to !== undefined) throw new UsageError('use either --steps or --to, not both');
  if (options.steps !== undefined && (!Number.isInteger(options.steps) || options.steps < 1)) {
    throw new UsageError(`--steps must be a positive whole number, got ${options.steps}`);
  }
  const dryRun = options.dryRun === true;
  return withLock(ctx, dryRun, async () => {
    const statuses = await status(ctx);
    const applied = statuses.filter((s) => s.applied).reverse();
    let chosen: MigrationStatus[];
    if (options.to === 'base') chosen = applied;
    else if (options.to !== undefined) {
      if (!/^\d+$/.test(options.to)) throw new UsageError(`--to ${options.to}: expected a version or "base"`);
      if (!applied.some((s) => compareVersions(s.version, options.to!) === 0)) {
        throw new UsageError(`--to ${options.to}: that version is not applied`);
      }
      chosen = applied.filter((s) => compareVersions(s.version, options.to!) > 0);
    } else {
      // Reverting fewer than asked would leave the database somewhere the user did not choose.
      if (options.steps !== undefined && options.steps > applied.length) {
        throw new UsageError(`--steps ${options.steps}: only ${applied.length} migration${applied.length === 1 ? ' is' : 's are'} applied; nothing was reverted (use --to base to revert all)`);
      }
      chosen = applied.slice(0, options.steps ?? 1);
    }
    for (const s of chosen) {
      if (s.state === 'missing') throw new MigrationStateError(`cannot revert ${s.version}_${s.name}: its file is missing`);
      if (s.state === 'changed') throw new MigrationStateError(`cannot revert ${s.file!.displayPath}: it changed since it was applied`);
    }
    const steps = await prepareAll(ctx, chosen.map((s) => s.file!), 'down');
    return execute(ctx, steps, dryRun);
  });
}

/**
 * stamp records `version` and every unapplied version below it as applied without running them,
 * which baselines a database whose schema already matches. Restamping an applied version whose file
 * changed accepts the new checksum. With `only`, just `version` is stamped (importing another
 * tool's history, which may have gaps).
 */
export async function stamp(ctx: MigratorContext, version: string, options: { only?: boolean | undefined } = {}): Promise<StepReport[]> {
  const target = findVersion(ctx.files, version);
  if (!target) throw new UsageError(`stamp ${version}: no migration file has that version`);
  return withLock(ctx, false, async () => {
    const statuses = await status(ctx);
    const chosen = statuses.filter(
      (s) =>
        s.file &&
        (options.only ? s.version === target.version : compareVersions(s.version, target.version) <= 0) &&
        (s.state !== 'applied' || s.version === target.version) &&
        s.state !== 'missing',
    );
    const reports: StepReport[] = [];
    if (chosen.length > 0) await ctx.history.ensure(ctx.db);
    for (const s of chosen) {
      const file = s.file!;
      const record = ctx.history.recordSql({ action: 'stamp', version: file.version, name: file.name, checksum: file.checksum, appliedBy: ctx.executor.appliedBy, executionMsSql: '0' });
      await ctx.db.runScript(`BEGIN;\n${record}\nCOMMIT;`);
      ctx.executor.onEvent?.({ type: 'stamp', version: file.version, name: file.name });
      reports.push({ version: file.version, name: file.name, direction: 'stamp', durationMs: 0 });
    }
    return reports;
  });
}

/** VerifyProblem is an applied migration whose file no longer matches. */
export interface VerifyProblem {
  readonly version: string;
  readonly name: string;
  readonly problem: 'changed' | 'missing';
  readonly file: string | undefined;
}

/** verify lists applied migrations whose file changed or vanished; an empty list means all is well. */
export async function verify(ctx: MigratorContext): Promise<VerifyProblem[]> {
  return (await status(ctx))
    .filter((s) => s.state === 'changed' || s.state === 'missing')
    .map((s) => ({ version: s.version, name: s.name, problem: s.state as 'changed' | 'missing', file: s.file?.displayPath }));
}

/** history lists applies, reverts and stamps, newest first. */
export async function history(ctx: MigratorContext, limit?: number): Promise<HistoryEvent[]> {
  const described = new Map(ctx.files.map((f) => [BigInt(f.version), f.sections?.description ?? null]));
  return (await ctx.history.events(ctx.db, limit)).map((e) => ({ ...e, description: described.get(BigInt(e.version)) ?? null }));
}

export type { MigrationEvent, AppliedMigration };
