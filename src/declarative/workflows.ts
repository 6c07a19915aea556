import path from 'node:path';
import { diffModels, type RenameHints } from '../diff/diff.js';
import { TidemarkError, ExitCode } from '../errors.js';
import { serverVersionNum, versionNum } from '../catalog/version.js';
import type { Phase } from '../model/kinds/kind.js';
import type { GrantTarget, SchemaModel } from '../model/types.js';
import { applyStatements } from '../plan/apply.js';
import { planChanges, type Plan, type PlanOptions, type PlanStatement } from '../plan/plan.js';
import { newMigration } from '../project/new-migration.js';
import type { Tidemark } from '../tidemark.js';
import type { Verified } from '../verify/sides.js';
import type { Verification } from '../verify/verify.js';

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

/** PlanningOptions: rename hints, `online` to override the config's `online` key, `verify: false` to skip proving. */
export interface PlanningOptions {
  readonly hints?: RenameHints;
  readonly online?: boolean;
  readonly verify?: boolean;
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
): Promise<Plan & { readonly verified: Verified; readonly verification?: Verification }> {
  if (verify === false) return { ...plan, verified: 'skipped' };
  const verification = await tm.provePlan(plan, from, to);
  return { ...plan, verified: true, verification };
}

/**
 * planBetween diffs two models and plans the result: plain forms unless `online`, for the server
 * `serverVersion` names when known.
 */
export async function planBetween(from: SchemaModel, to: SchemaModel, hints: RenameHints = {}, options: Pick<PlanOptions, 'online' | 'serverVersion'> = {}): Promise<Plan> {
  return planChanges(diffModels(from, to, hints), from, to, { online: options.online ?? false, serverVersion: options.serverVersion });
}

/** onlineFor: the caller's choice, else the config's `online` key. */
export const onlineFor = (tm: Tidemark, online: boolean | undefined): boolean => online ?? tm.project.config.online;

/**
 * The migrations one generate writes for the phases of a plan (see {@link Phase}), in order:
 * `<name>` (one transaction), `<name>_concurrently` (no transaction: CONCURRENTLY index builds),
 * `<name>_validate` (VALIDATE CONSTRAINT and what waits for it).
 */
const PHASE_FILES: readonly { phase: Phase; suffix: string; transactional: boolean }[] = [
  { phase: 'main', suffix: '', transactional: true },
  { phase: 'concurrent', suffix: '_concurrently', transactional: false },
  { phase: 'validate', suffix: '_validate', transactional: true },
];

/** sqlOf joins statements into the text of a migration section. */
export function sqlOf(statements: readonly PlanStatement[]): string {
  return statements.map((s) => s.sql).join('\n');
}

/**
 * sectionSql is one section of a generated migration. A section that creates routines starts with
 * `SET LOCAL check_function_bodies = false`, as pg_dump's scripts do: an SQL function's body is
 * checked when it is created, and nothing in the catalog records which tables it reads, so the
 * plan cannot always put it after them.
 */
function sectionSql(plan: Plan, statements: readonly PlanStatement[], transactional: boolean): string {
  // Any op: a down section recreates what its up section dropped.
  const routines = statements.some((s) => ['function', 'aggregate'].includes(plan.changes[s.origin]!.change.kind));
  return routines && transactional ? `SET LOCAL check_function_bodies = false;\n${sqlOf(statements)}` : sqlOf(statements);
}

/** GenerateResult lists the files written (none when there is nothing to change). */
export interface GenerateResult {
  readonly files: readonly string[];
  readonly plan: Plan;
  readonly verified: Verified;
}

/**
 * generateMigration writes the migrations that take the replayed migrations to the declarative
 * schema: `migrations/<timestamp>_<name>.sql` with up and down sections. New enum values go into
 * a migration of their own, before it, because a value cannot be used in the transaction that adds it.
 * Online (config `online`, default true), a change to a table that already exists is split over
 * the migrations its safe form needs: `<name>_concurrently` (`transaction:false`) and
 * `<name>_validate` after it; each down section reverts its own migration.
 * Nothing is written when there is nothing to change. Never asks anything: renames come as hints.
 */
export async function generateMigration(tm: Tidemark, name: string, options: PlanningOptions & { now?: () => Date } = {}): Promise<GenerateResult> {
  // In turn, not at once: the second source reuses the shadow the first one emptied (shadow/pool.ts).
  const from = await tm.model(migrationsSource(tm));
  const to = await tm.model(declarativeSource(tm));
  // Migrations run on whatever server they are deployed to: the one config postgresVersion names.
  const serverVersion = versionNum(tm.project.config.postgresVersion);
  const planned = await planBetween(from, to, options.hints, { online: onlineFor(tm, options.online), serverVersion });
  const { verified, ...plan } = await proven(tm, options.verify, planned, { source: migrationsSource(tm), model: from }, { source: declarativeSource(tm), model: to });
  if (plan.up.length === 0) return { files: [], plan, verified };
  const early = new Set(plan.up.filter((s) => !s.transactional).map((s) => s.origin));
  const files: string[] = [];
  const write = async (suffix: string, up: readonly PlanStatement[], down: readonly PlanStatement[], transactional = true) => {
    const file = await newMigration(tm.project.migrationsDir, `${name}${suffix}`, { root: tm.project.root, up: sectionSql(plan, up, transactional), down: sectionSql(plan, down, transactional), now: options.now, transactional });
    files.push(path.relative(tm.project.root, file));
  };
  if (early.size > 0) {
    await write('_enum_values', plan.up.filter((s) => early.has(s.origin)), plan.down.filter((s) => early.has(s.origin)));
  }
  for (const { phase, suffix, transactional } of PHASE_FILES) {
    const up = plan.up.filter((s) => !early.has(s.origin) && s.phase === phase);
    if (up.length > 0) await write(suffix, up, plan.down.filter((s) => !early.has(s.origin) && s.phase === phase), transactional);
  }
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
  // Plain forms: the reconciling SQL is printed as one script, where CONCURRENTLY cannot run.
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
 * transaction, with the config's `lockTimeout` on it. Destructive changes are refused unless
 * `acceptDataLoss` (a dry run returns them, marked destructive, and applies nothing). Online, CREATE INDEX CONCURRENTLY cannot run in a transaction: see
 * {@link applyStatements} for what runs where, and what happens when a concurrent build fails.
 */
export async function pushSchema(tm: Tidemark, options: PlanningOptions & { acceptDataLoss?: boolean; dryRun?: boolean } = {}): Promise<PushResult> {
  const [live, declared, serverVersion] = await Promise.all([tm.inspect(), tm.model(declarativeSource(tm)), tm.db().then(serverVersionNum)]);
  const { target, kept } = keepingSchemas(live, declared);
  const withNotes = (p: Plan): Plan => (kept.length ? { ...p, notes: [...p.notes, ...kept.map((name) => `schema '${name}' is not in the declarative schema; push never drops a schema`)] } : p);
  const planned = withNotes(await planBetween(live, target, options.hints, { online: onlineFor(tm, options.online), serverVersion }));
  // A dry run is how one looks at a destructive plan before accepting it: it is shown, not refused.
  if (planned.destructive && !options.acceptDataLoss && !options.dryRun) {
    throw new DestructiveChangeError('push', planned.changes.filter((c) => c.destructive && !c.implied).map((c) => c.summary));
  }
  // Kept schemas are not in the declarative files: the target is then proven as its model.
  const { verified, ...plan } = await proven(tm, options.verify, planned, { model: live }, { source: kept.length ? null : declarativeSource(tm), model: target });
  if (options.dryRun || plan.up.length === 0) return { applied: false, plan, verified };
  await applyStatements(await tm.db(), plan.up, { lockTimeoutMs: tm.project.config.lockTimeout });
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
