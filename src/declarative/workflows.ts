import path from 'node:path';
import { diffModels, type RenameHints } from '../diff/diff.js';
import { TidemarkError, ExitCode } from '../errors.js';
import { serverVersionNum, versionNum } from '../catalog/version.js';
import type { GrantTarget, SchemaModel } from '../model/types.js';
import { applyStatements } from '../plan/apply.js';
import { planChanges, type Plan, type PlanOptions, type PlanStatement } from '../plan/plan.js';
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

/** planBetween diffs two models and plans the result (for the server `options.serverVersion` names, when known). */
export async function planBetween(from: SchemaModel, to: SchemaModel, hints: RenameHints = {}, options: PlanOptions = {}): Promise<Plan> {
  return planChanges(diffModels(from, to, hints), from, to, options);
}

/**
 * proven verifies a plan in shadow databases before anyone prints, writes or applies it (see
 * Tidemark.provePlan), unless `verify` is false.
 */
export async function proven(
  tm: Tidemark,
  verify: boolean | undefined,
  plan: Plan,
  from: { source?: string | null | undefined; model: SchemaModel },
  to: { source?: string | null | undefined; model: SchemaModel },
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
  // Migrations run on whatever server they are deployed to: the one config postgresVersion names.
  const planned = await planBetween(from, to, options.hints, { serverVersion: versionNum(tm.project.config.postgresVersion) });
  const { verified, ...plan } = await proven(tm, options.verify, planned, { source: migrationsSource(tm), model: from }, { source: declarativeSource(tm), model: to });
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
  const [live, expected, serverVersion] = await Promise.all([tm.inspect(), tm.model(migrationsSource(tm)), tm.db().then(serverVersionNum)]);
  const plan = await planBetween(live, expected, {}, { serverVersion });
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
  const [live, declared, serverVersion] = await Promise.all([tm.inspect(), tm.model(declarativeSource(tm)), tm.db().then(serverVersionNum)]);
  const { target, kept } = keepingSchemas(live, declared);
  const withNotes = (p: Plan): Plan => (kept.length ? { ...p, notes: [...p.notes, ...kept.map((name) => `schema '${name}' is not in the declarative schema; push never drops a schema`)] } : p);
  const planned = withNotes(await planBetween(live, target, options.hints, { serverVersion }));
  if (planned.destructive && !options.acceptDataLoss) {
    throw new DestructiveChangeError('push', planned.changes.filter((c) => c.destructive && !c.implied).map((c) => c.summary));
  }
  // Kept schemas are not in the declarative files: the target is then proven as its model.
  const { verified, ...plan } = await proven(tm, options.verify, planned, { model: live }, { source: kept.length ? null : declarativeSource(tm), model: target });
  if (options.dryRun || plan.up.length === 0) return { applied: false, plan, verified };
  await applyStatements(await tm.db(), plan.up);
  return { applied: true, plan, verified };
}

/**
 * keepingSchemas adds to the target the live schemas it does not declare, empty: push never plans
 * DROP SCHEMA, since a schema it did not create from the declarative source (another team's,
 * another tool's) may hold what no diff can see. Their tables are still the declarative scope's.
 */
function keepingSchemas(live: SchemaModel, declared: SchemaModel): { target: SchemaModel; kept: string[] } {
  const declaredNames = new Set(declared.schemas.map((s) => s.name));
  const kept = live.schemas.filter((s) => !declaredNames.has(s.name));
  if (kept.length === 0) return { target: declared, kept: [] };
  const names = new Set(kept.map((s) => s.name));
  const onKept = (on: GrantTarget) => on.object === 'schema' && names.has(on.name);
  return {
    target: {
      ...declared,
      schemas: [...declared.schemas, ...kept],
      privileges: [...declared.privileges, ...live.privileges.filter((p) => onKept(p.on))],
      owners: [...declared.owners, ...live.owners.filter((o) => onKept(o.on))],
    },
    kept: [...names],
  };
}
