import fs from 'node:fs/promises';
import path from 'node:path';
import { MigrationStateError } from '../errors.js';
import { readMigrationDir } from '../migrations/files.js';
import type { MigrationEvent } from '../migrations/executor.js';
import type { StepReport } from '../migrations/migrator.js';
import type { SchemaModel } from '../model/types.js';
import { splitStatements } from '../parser/parser.js';
import { newMigration } from '../project/new-migration.js';
import { writeDropSql } from '../sql/write-drop.js';
import { writeSchemaSql } from '../sql/write-schema.js';
import type { Tidemark } from '../tidemark.js';
import { checkProjectSum, refreshSum } from '../lifecycle/lifecycle.js';

/** BaselineOptions of {@link baseline}. */
export interface BaselineOptions {
  /** The migration's name (default `baseline`). */
  readonly name?: string | undefined;
  /**
   * Baseline even though migration files exist or the history records applied migrations. The
   * baseline is the newest version then, and stamping it stamps every unapplied file below it:
   * the live schema already contains what they would create.
   */
  readonly force?: boolean | undefined;
  /** Injected clock for the version timestamp. */
  readonly now?: (() => Date) | undefined;
  /** Receives the stamp events. */
  readonly onEvent?: ((event: MigrationEvent) => void) | undefined;
}

/** BaselineResult is JSON-serializable as is. */
export interface BaselineResult {
  /** The written file, relative to the project root. */
  readonly file: string;
  readonly version: string;
  readonly stamped: readonly StepReport[];
  readonly objects: { readonly tables: number; readonly views: number; readonly functions: number; readonly types: number };
}

function isEmpty(model: SchemaModel): boolean {
  const { tables, views, functions, enums, domains, sequences, extensions, schemas } = model;
  return [tables, views, functions, enums, domains, sequences, extensions].every((l) => l.length === 0) && schemas.every((s) => s.name === 'public');
}

/**
 * baseline adopts an existing database: it introspects it, writes its schema as the first
 * migration — the up section is the complete DDL script, the down section drops everything that
 * script creates, in reverse dependency order — and stamps that migration as applied, so the
 * database and a fresh one migrated from scratch end up with the same schema.
 *
 * Refuses (exit 1) when migration files exist or the history records applied migrations, unless
 * `force`; and when the database has no user objects (probably the wrong database).
 *
 * @example const { file } = await baseline(await openTidemark({ database: process.env.DATABASE_URL }));
 */
export async function baseline(tm: Tidemark, options: BaselineOptions = {}): Promise<BaselineResult> {
  const { migrationsDir, root } = tm.project;
  await fs.mkdir(migrationsDir, { recursive: true });
  const existing = await readMigrationDir(migrationsDir, root);
  // Adding a file never blesses an edited one: the sum is checked before, rewritten after.
  await checkProjectSum(tm, existing);
  const shownDir = path.relative(root, migrationsDir) || migrationsDir;
  if (existing.length > 0 && !options.force) {
    throw new MigrationStateError(
      `${shownDir} already holds ${existing.length} migration(s): a baseline must be the first migration (--force writes it after them and stamps them all as applied)`,
    );
  }
  const applied = (await tm.status()).migrations.filter((m) => m.appliedAt !== null);
  if (applied.length > 0 && !options.force) {
    throw new MigrationStateError(
      `the database's history already records ${applied.length} applied migration(s) (newest ${applied.at(-1)!.version}_${applied.at(-1)!.name}): it is already managed by Tidemark (--force baselines it anyway)`,
    );
  }
  const model = await tm.inspect();
  if (isEmpty(model)) throw new MigrationStateError(`${tm.databaseUrl} has no tables, views, functions or types to baseline`);

  const [up, down] = await Promise.all([writeSchemaSql(model), writeDropSql(model)]);
  // Both are generated; a parse failure here is Tidemark's bug, and must stop before a file exists.
  await Promise.all([splitStatements(up), splitStatements(down)]);
  const file = await newMigration(migrationsDir, options.name ?? 'baseline', { root, up, down, now: options.now });
  const version = /^(\d+)_/.exec(path.basename(file))![1]!;
  await refreshSum(tm);
  const stamped = await tm.stamp(version, options.onEvent ? { onEvent: options.onEvent } : {});
  return {
    file: path.relative(root, file) || file,
    version,
    stamped,
    objects: { tables: model.tables.length, views: model.views.length, functions: model.functions.length, types: model.enums.length + model.domains.length },
  };
}
