import path from 'node:path';
import { diffModels, type RenameHints } from '../diff/diff.js';
import { TidemarkError, ExitCode } from '../errors.js';
import type { SchemaModel } from '../model/types.js';
import { applyStatements } from '../plan/apply.js';
import { planChanges, type Plan, type PlanStatement } from '../plan/plan.js';
import { newMigration } from '../project/new-migration.js';
import type { Tidemark } from '../tidemark.js';
import type { Verified } from '../verify/sides.js';

/** DestructiveChangeError: a plan would lose data and no one said that is acceptable. */
export class DestructiveChangeError extends TidemarkError {
  readonly summaries: readonly string[];

  constructor(action: string, summaries: readonly string[]) {
    super('E_DESTRUCTIVE', `${action} would lose data: ${summaries.join(' ')} Rerun with --accept-data-loss if that is intended.`, ExitCode.failed);
    this.summaries = summaries;
  }
}

/** The project's declarative schema as a source: a directory of .sql files, or a reference document. */
export function declarativeSource(tm: Tidemark): string {
  const schema = tm.project.schemaPath;
  return `${schema.endsWith('.md') ? 'reference' : 'dir'}:${schema}`;
}

/** The project's migrations, replayed into a shadow. */
export function migrationsSource(tm: Tidemark): string {
  return `migrations:${tm.project.migrationsDir}`;
}

/** planBetween diffs two models and plans the result. */
export async function planBetween(from: SchemaModel, to: SchemaModel, hints: RenameHints = {}): Promise<Plan> {
  return planChanges(diffModels(from, to, hints), from, to);
}

/**
 * proven verifies a plan in shadow databases before anyone prints, writes or applies it (see
 * Tidemark.provePlan), unless `verify` is false.
 */
export async function proven(
  tm: Tidemark,
  verify: boolean | undefined,
  plan: Plan,
  from: { source?: string | undefined; model: SchemaModel },
  to: { source?: string | undefined; model: SchemaModel },
): Promise<Plan & { readonly verified: Verified }> {
  if (verify === false) return { ...plan, verified: 'skipped' };
  await tm.provePlan(plan, from, to);
  return { ...plan, verified: true };
}

/** sqlOf joins statements into the text of a migration section. */
export function sqlOf(statements: readonly PlanStatement[]): string {
  return statements.map((s) => s.sql).join('\n');
}

/** GenerateResult lists the files written (none when there is nothing to change). */
export interface GenerateResult {
  readonly files: readonly string[];
  readonly plan: Plan;
  readonly verified: Verified;
}

/**
 * generateMigration writes the migration that takes the replayed migrations to the declarative
 * schema: `migrations/<timestamp>_<name>.sql` with up and down sections. New enum values go into
 * a migration of their own, before it, because a value cannot be used in the transaction that adds it.
 * Nothing is written when there is nothing to change. Never asks anything: renames come as hints.
 */
export async function generateMigration(tm: Tidemark, name: string, options: { hints?: RenameHints; now?: () => Date; verify?: boolean } = {}): Promise<GenerateResult> {
  const [from, to] = await Promise.all([tm.model(migrationsSource(tm)), tm.model(declarativeSource(tm))]);
  const { verified, ...plan } = await proven(tm, options.verify, await planBetween(from, to, options.hints), { source: migrationsSource(tm), model: from }, { source: declarativeSource(tm), model: to });
  if (plan.up.length === 0) return { files: [], plan, verified };
  const early = new Set(plan.up.filter((s) => !s.transactional).map((s) => s.origin));
  const files: string[] = [];
  const write = async (suffix: string, up: readonly PlanStatement[], down: readonly PlanStatement[]) => {
    const file = await newMigration(tm.project.migrationsDir, `${name}${suffix}`, { root: tm.project.root, up: sqlOf(up), down: sqlOf(down), now: options.now });
    files.push(path.relative(tm.project.root, file));
  };
  if (early.size > 0) {
    await write('_enum_values', plan.up.filter((s) => early.has(s.origin)), plan.down.filter((s) => early.has(s.origin)));
  }
  await write('', plan.up.filter((s) => !early.has(s.origin)), plan.down.filter((s) => !early.has(s.origin)));
  return { files, plan, verified };
}

/** DriftResult: the plan that would make the live database match the migrations; empty when none. */
export interface DriftResult {
  readonly drifted: boolean;
  readonly plan: Plan;
}

/** detectDrift compares the live database with the replayed migrations. */
export async function detectDrift(tm: Tidemark): Promise<DriftResult> {
  const [live, expected] = await Promise.all([tm.inspect(), tm.model(migrationsSource(tm))]);
  const plan = await planBetween(live, expected);
  return { drifted: plan.up.length > 0, plan };
}

/** PushResult: what was (or, in a dry run, would be) applied. */
export interface PushResult {
  readonly applied: boolean;
  readonly plan: Plan;
  readonly verified: Verified;
}

/**
 * pushSchema applies the declarative schema straight to the (development) database in one
 * transaction. Destructive changes are refused unless `acceptDataLoss`.
 */
export async function pushSchema(tm: Tidemark, options: { acceptDataLoss?: boolean; dryRun?: boolean; hints?: RenameHints; verify?: boolean } = {}): Promise<PushResult> {
  const [live, target] = await Promise.all([tm.inspect(), tm.model(declarativeSource(tm))]);
  const planned = await planBetween(live, target, options.hints);
  if (planned.destructive && !options.acceptDataLoss) {
    throw new DestructiveChangeError('push', planned.changes.filter((c) => c.destructive && !c.implied).map((c) => c.summary));
  }
  const { verified, ...plan } = await proven(tm, options.verify, planned, { model: live }, { source: declarativeSource(tm), model: target });
  if (options.dryRun || plan.up.length === 0) return { applied: false, plan, verified };
  await applyStatements(await tm.db(), plan.up);
  return { applied: true, plan, verified };
}
