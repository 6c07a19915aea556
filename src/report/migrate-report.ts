import { UsageError } from '../errors.js';
import { acquireMigrationLock } from '../migrations/lock.js';
import * as migrator from '../migrations/migrator.js';
import type { SchemaModel } from '../model/types.js';
import { summarizeChanges, type ChangeReport } from './change-summary.js';

/** MigrateWithReport is what a migrate run with `report: true` returns: its steps and what they changed. */
export interface MigrateWithReport {
  readonly applied: migrator.StepReport[];
  readonly report: ChangeReport;
}

/**
 * migrateWithReport applies pending migrations like {@link migrator.migrate} and introspects the
 * database right before and right after, holding the migration lock across all three, so the
 * report shows exactly this run's changes and not another process's. (The advisory lock is
 * session-level and nests: the migrator takes it again on the same connection without waiting.)
 *
 * @example const { applied, report } = await migrateWithReport(ctx, {}, () => introspect(ctx.db));
 */
export async function migrateWithReport(
  ctx: migrator.MigratorContext,
  options: migrator.MigrateOptions,
  inspect: () => Promise<SchemaModel>,
): Promise<MigrateWithReport> {
  if (options.dryRun) throw new UsageError('--report cannot be combined with --dry-run: a dry run changes nothing to report');
  const lock = await acquireMigrationLock(ctx.db, ctx.history.schema, ctx.lockWaitMs, () => ctx.executor.onEvent?.({ type: 'lock-wait' }));
  try {
    const before = await inspect();
    const applied = await migrator.migrate(ctx, options);
    const after = await inspect();
    return { applied, report: summarizeChanges(before, after) };
  } finally {
    await lock.release().catch(() => {});
  }
}
