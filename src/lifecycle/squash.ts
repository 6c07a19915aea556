import fs from 'node:fs/promises';
import path from 'node:path';
import type { Driver } from '../driver/driver.js';
import { introspect } from '../catalog/introspect.js';
import { PlanUnverifiedError, UsageError } from '../errors.js';
import { compareVersions, readMigrationDir, type MigrationFile } from '../migrations/files.js';
import { assertSum, writeSum } from '../migrations/sum.js';
import { splitStatements } from '../parser/parser.js';
import { lineColumnAt } from '../parser/text-position.js';
import { replayMigrations } from '../shadow/replay.js';
import { prepareShadow } from '../shadow/roles.js';
import { shadowPrelude } from '../presets/preset.js';
import { shadowOptions } from '../sources/source.js';
import { withShadow } from '../shadow/shadow.js';
import { writeDropSql } from '../sql/write-drop.js';
import { writeSchemaSql } from '../sql/write-schema.js';
import { compareFingerprints, readFingerprint } from '../verify/fingerprint.js';
import type { Tidemark } from '../tidemark.js';

/**
 * `tidemark squash`: the migrations up to a version become one baseline file holding the schema
 * they build. The baseline keeps the newest replaced version and lists every version it replaces
 * (`-- tidemark:squashes 001 002 003`), so a database that applied the old files sees it as
 * applied (see computeStatus), and a fresh one applies it instead of them. The old files are
 * deleted — version control keeps them — and only once the proof passed: the old files replayed
 * into one shadow and the baseline loaded into another have equal catalog fingerprints.
 */

/** SquashOptions of {@link squashMigrations}. */
export interface SquashOptions {
  /** The newest version to squash (default: the newest file). */
  readonly to?: string | undefined;
  /** The baseline's name (default `squashed`). */
  readonly name?: string | undefined;
  /** Squash even though replaced migrations change data (INSERT, UPDATE, …) or are TypeScript, which the baseline will not repeat. */
  readonly force?: boolean | undefined;
}

/** SquashResult is JSON-serializable as is. */
export interface SquashResult {
  /** The baseline, relative to the project root. */
  readonly file: string;
  readonly version: string;
  /** The versions it replaces. */
  readonly replaces: readonly string[];
  /** The files deleted, relative to the project root. */
  readonly removed: readonly string[];
  /** Objects compared by the proof (catalog fingerprint entries). */
  readonly provenObjects: number;
}

const DATA_STATEMENTS: Record<string, string> = { InsertStmt: 'INSERT', UpdateStmt: 'UPDATE', DeleteStmt: 'DELETE', MergeStmt: 'MERGE', CopyStmt: 'COPY', DoStmt: 'DO', CallStmt: 'CALL', SelectStmt: 'SELECT' };

/** dataChanges lists where replaced migrations may change data, which a schema-only baseline would not repeat. */
async function dataChanges(files: readonly MigrationFile[]): Promise<string[]> {
  const found: string[] = [];
  for (const file of files) {
    if (file.kind === 'ts') {
      found.push(`${file.displayPath} (TypeScript)`);
      continue;
    }
    const section = file.sections!.up;
    for (const statement of await splitStatements(section.sql)) {
      const what = DATA_STATEMENTS[statement.nodeType];
      if (!what) continue;
      const { line, column } = lineColumnAt(file.text, section.offset + statement.start);
      found.push(`${file.displayPath}:${line}:${column} (${what})`);
    }
  }
  return found;
}

/** squashMigrations writes the baseline, proven, then deletes the files it replaces and rewrites the sum. */
export async function squashMigrations(tm: Tidemark, options: SquashOptions = {}): Promise<SquashResult> {
  const { migrationsDir, root, config } = tm.project;
  const files = await readMigrationDir(migrationsDir, root);
  await assertSum(migrationsDir, files, root);
  const to = options.to ?? files.at(-1)?.version;
  if (to === undefined) throw new UsageError('squash: there are no migrations');
  if (!/^\d+$/.test(to)) throw new UsageError(`--to ${to}: expected a version (all digits)`);
  const target = files.find((f) => compareVersions(f.version, to) === 0);
  if (!target) throw new UsageError(`--to ${to}: no migration file has that version`);
  const replaced = files.filter((f) => compareVersions(f.version, target.version) <= 0);
  if (replaced.length < 2) throw new UsageError(`squash: nothing to squash up to ${target.version} (one migration)`);
  const data = await dataChanges(replaced);
  if (data.length && !options.force) {
    throw new UsageError(`squash keeps the schema only, and ${data.join(', ')} may change data the baseline would not repeat: move that to a seed, or pass --force`);
  }
  const name = (options.name ?? 'squashed').trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  if (!name) throw new UsageError(`--name ${options.name}: no letters or digits`);

  // A preset's platform (Supabase's auth and storage) is in every shadow before the migrations, as
  // it is in every database they run on: the baseline is the plan from the platform alone to the
  // platform plus the migrations, so it never recreates the platform yet keeps what the migrations
  // put into its schemas (a trigger on auth.users, a policy on storage.objects). Everything is
  // read and fingerprinted, those schemas too, so nothing the migrations built can go missing.
  const prelude = await shadowPrelude(config.preset);
  const scope = { controlSchema: config.controlSchema, owners: config.owners };
  const prepare = (db: Driver) => prepareShadow(db, { prelude }, config.roles);
  const shadow = shadowOptions(tm.project);
  // The schema the old files build, read whole: the baseline must not lose what the scope leaves out.
  const read = (db: Driver) => introspect(db, { ...scope, unsupported: 'error' });
  const { base, model, expected } = await withShadow(async (db) => {
    await prepare(db);
    const base = prelude ? await read(db) : undefined;
    await replayMigrations(db, replaced);
    return { base, model: await read(db), expected: await readFingerprint(db, scope) };
  }, shadow);
  const [up, down] = await Promise.all([writeSchemaSql(model, { base }), writeDropSql(model, base)]);
  await Promise.all([splitStatements(up), splitStatements(down)]);
  const actual = await withShadow(async (db) => {
    await prepare(db);
    await db.runScript(up);
    return readFingerprint(db, scope);
  }, shadow);
  const differences = compareFingerprints(actual, expected);
  if (differences.length) throw new PlanUnverifiedError(`the baseline does not rebuild the schema of ${replaced.length} migrations it would replace; nothing was written`, differences);

  const versions = replaced.map((f) => f.version);
  const first = replaced[0]!;
  const text = [
    `-- Squash of ${first.version}_${first.name} … ${target.version}_${target.name}: the schema they build, proven identical by replay.`,
    `-- tidemark:squashes ${versions.join(' ')}`,
    '-- migrate:up',
    up.trimEnd(),
    '',
    '-- migrate:down',
    down.trimEnd(),
    '',
  ].join('\n');
  const file = path.join(migrationsDir, `${target.version}_${name}.sql`);
  // Written under a temporary name first: the old files go only once the new one is on disk.
  const temporary = path.join(migrationsDir, `.${target.version}_${name}.sql.tmp`);
  await fs.writeFile(temporary, text, { flag: 'wx' });
  for (const old of replaced) await fs.rm(old.path);
  await fs.rename(temporary, file);
  await writeSum(migrationsDir, await readMigrationDir(migrationsDir, root));
  return {
    file: path.relative(root, file) || file,
    version: target.version,
    replaces: versions,
    removed: replaced.map((f) => f.displayPath),
    provenObjects: expected.size,
  };
}
