import fs from 'node:fs/promises';
import path from 'node:path';
import type { Tidemark } from '../tidemark.js';
import type { StepReport } from '../migrations/migrator.js';
import type { MigrationEvent } from '../migrations/executor.js';
import { readMigrationDir, type MigrationFile } from '../migrations/files.js';
import { assertSum, readSumCheck, writeSum, SUM_FILE } from '../migrations/sum.js';
import { SumMismatchError } from '../errors.js';
import { refuseUnlessDisposable } from './guard.js';
import { emptyScope, type ResetDrops } from './reset.js';
import { readSeeds, runSeeds, type SeedReport } from './seeds.js';

/** ResetOptions of {@link resetDatabase}. */
export interface ResetOptions {
  /** Run the seeds after migrating. */
  readonly seed?: boolean | undefined;
  /** Reset a database that is not local, or an environment other than `dev`. */
  readonly force?: boolean | undefined;
  readonly onEvent?: ((event: MigrationEvent) => void) | undefined;
  readonly onSeed?: ((report: SeedReport) => void) | undefined;
}

/** ResetResult: what was dropped, the migrations applied and the seeds run. */
export interface ResetResult {
  readonly database: string;
  readonly dropped: ResetDrops;
  readonly applied: readonly StepReport[];
  readonly seeds: readonly SeedReport[];
}

/**
 * resetDatabase empties what the project's scope owns (see src/lifecycle/reset.ts), applies every
 * migration and, with `seed`, runs the seeds. Everything that can be checked without the database
 * — the guard, the migration files and their sum, the seed files — is checked before anything is
 * dropped, so bad input leaves the database as it was.
 */
export async function resetDatabase(tm: Tidemark, options: ResetOptions = {}): Promise<ResetResult> {
  const { project } = tm;
  refuseUnlessDisposable(project, 'reset', options.force);
  const files = await readMigrationDir(project.migrationsDir, project.root);
  await assertSum(project.migrationsDir, files, project.root);
  const seeds = options.seed ? await readSeeds(project.seedsDir, project.root) : [];
  const db = await tm.db();
  const dropped = await emptyScope(db, project);
  const applied = await tm.migrate({ onEvent: options.onEvent });
  const seeded = await runSeeds(db, seeds, options.onSeed);
  return { database: db.displayUrl, dropped, applied, seeds: seeded };
}

/** seedDatabase runs the seeds in file-name order, each in its own transaction. */
export async function seedDatabase(tm: Tidemark, onSeed?: (report: SeedReport) => void): Promise<SeedReport[]> {
  const seeds = await readSeeds(tm.project.seedsDir, tm.project.root);
  return runSeeds(await tm.db(), seeds, onSeed);
}

/**
 * checkProjectSum throws when the project's `tidemark.sum` does not match its migrations. A
 * project without a migrations directory has nothing to check (the command says so itself).
 */
export async function checkProjectSum(tm: Tidemark, files?: readonly MigrationFile[]): Promise<void> {
  const { migrationsDir, root } = tm.project;
  if (!files && !(await fs.stat(migrationsDir).then((s) => s.isDirectory(), () => false))) return;
  await assertSum(migrationsDir, files ?? (await readMigrationDir(migrationsDir, root)), root);
}

/** SumResult: the sum file, whether it was (re)written, and what did not match before. */
export interface SumResult {
  readonly file: string;
  readonly written: boolean;
  /** What differed from the files before (empty: it matched; for `check`, what is wrong). */
  readonly problems: readonly string[];
}

/**
 * projectSum rewrites `migrations/tidemark.sum` from the files (after the user checked them), or
 * with `check` only compares, throwing {@link SumMismatchError} on a mismatch or a missing file.
 */
export async function projectSum(tm: Tidemark, options: { check?: boolean | undefined } = {}): Promise<SumResult> {
  const { migrationsDir, root } = tm.project;
  const files = await readMigrationDir(migrationsDir, root);
  const file = path.relative(root, path.join(migrationsDir, SUM_FILE)) || SUM_FILE;
  if (options.check) {
    const { present } = await readSumCheck(migrationsDir, files);
    if (!present) throw new SumMismatchError(`${file} does not exist: run "tidemark sum" to write it`, ['missing']);
    await assertSum(migrationsDir, files, root);
    return { file, written: false, problems: [] };
  }
  const { problems } = await readSumCheck(migrationsDir, files);
  await writeSum(migrationsDir, files);
  return { file, written: true, problems };
}

/** refreshSum rewrites the sum after Tidemark itself wrote migration files (`new`, `generate`, `squash`). */
export async function refreshSum(tm: Tidemark): Promise<void> {
  const { migrationsDir, root } = tm.project;
  await writeSum(migrationsDir, await readMigrationDir(migrationsDir, root));
}
