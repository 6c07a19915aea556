import fs from 'node:fs/promises';
import path from 'node:path';
import { MigrationStateError, UsageError } from '../../errors.js';
import type { MigrationEvent } from '../../migrations/executor.js';
import { compareVersions, readMigrationDir } from '../../migrations/files.js';
import type { StepReport } from '../../migrations/migrator.js';
import { parseSections } from '../../migrations/sections.js';
import type { QualifiedName } from '../../model/types.js';
import type { Tidemark } from '../../tidemark.js';
import { checkProjectSum, refreshSum } from '../../lifecycle/lifecycle.js';
import { IMPORT_TOOLS, type ForeignMigration, type ImportAdapter, type ImportTool } from './adapter.js';
import { drizzle } from './drizzle.js';
import { flyway } from './flyway.js';
import { nodePgMigrate } from './node-pg-migrate.js';
import { prisma } from './prisma.js';
import { dbmate, supabase } from './timestamped.js';
import { setConfigPreset, type PresetSetting } from '../../project/set-preset.js';

const ADAPTERS: Record<ImportTool, ImportAdapter> = { drizzle, prisma, supabase, dbmate, flyway, 'node-pg-migrate': nodePgMigrate };

/** ImportOptions of {@link importMigrations}. */
export interface ImportOptions {
  readonly tool: ImportTool;
  /** The tool's migrations folder (absolute, or relative to the project root). */
  readonly from: string;
  /**
   * Also read the tool's history table in the project's database and stamp, as applied, exactly
   * the imported migrations it lists.
   */
  readonly stamp?: boolean | undefined;
  /** The history table as `schema.table` (default: the tool's own default). */
  readonly historyTable?: string | undefined;
  readonly onEvent?: ((event: MigrationEvent) => void) | undefined;
}

/** ImportedFile is one converted migration. */
export interface ImportedFile {
  /** The Tidemark file, relative to the project root. */
  readonly file: string;
  readonly version: string;
  readonly source: string;
  /** `unchanged`: an identical file was already there (importing again is harmless). */
  readonly status: 'written' | 'unchanged';
}

/** ImportResult is JSON-serializable as is. */
export interface ImportResult {
  readonly tool: ImportTool;
  readonly files: readonly ImportedFile[];
  readonly stamped: readonly StepReport[];
  /** Files not converted and history entries no file matches, one sentence each. */
  readonly warnings: readonly string[];
  /** `--from supabase`: how the config was made to name `preset: 'supabase'`. */
  readonly preset?: PresetSetting;
}

export { isImportTool } from './adapter.js';

function parseTable(spec: string | undefined, fallback: QualifiedName): QualifiedName {
  if (spec === undefined) return fallback;
  const parts = spec.split('.');
  if (parts.length > 2 || parts.some((p) => p === '')) throw new UsageError(`--history-table ${spec}: expected <schema>.<table> or <table>`);
  return parts.length === 2 ? { schema: parts[0]!, name: parts[1]! } : { schema: 'public', name: parts[0]! };
}

/**
 * importMigrations converts another tool's migrations folder into Tidemark migration files — the
 * same order, the same SQL, section markers added where the tool had up and down — and, with
 * `stamp`, records as applied exactly what that tool's own history table says is applied. Every
 * file is converted and checked, and the history read, before anything is written; a file that
 * would clash with an existing migration stops the import.
 *
 * @example await importMigrations(tm, { tool: 'prisma', from: 'prisma/migrations', stamp: true });
 */
export async function importMigrations(tm: Tidemark, options: ImportOptions): Promise<ImportResult> {
  const adapter = ADAPTERS[options.tool];
  const { root, migrationsDir } = tm.project;
  const from = path.resolve(root, options.from);
  const { migrations, warnings } = await adapter.read(from, root);
  if (migrations.length === 0) {
    throw new UsageError(`no ${options.tool} migrations in ${path.relative(root, from) || from} (expected ${adapter.layout})`);
  }
  for (const m of migrations) await parseSections(m.text, m.source);

  await fs.mkdir(migrationsDir, { recursive: true });
  const existing = await readMigrationDir(migrationsDir, root);
  // Adding files never blesses an edited one: the sum is checked before, rewritten after.
  await checkProjectSum(tm, existing);
  const planned: { migration: ForeignMigration; file: string; status: ImportedFile['status'] }[] = [];
  const clashes: string[] = [];
  for (const migration of migrations) {
    const file = path.join(migrationsDir, `${migration.version}_${migration.name}.sql`);
    const same = existing.find((e) => compareVersions(e.version, migration.version) === 0);
    if (!same) planned.push({ migration, file, status: 'written' });
    else if (same.path === file && same.text === migration.text) planned.push({ migration, file, status: 'unchanged' });
    else clashes.push(`${migration.source} → ${same.displayPath}`);
  }
  if (clashes.length > 0) {
    throw new MigrationStateError(`${clashes.length} migration(s) would take versions already used by different files: ${clashes.slice(0, 3).join(', ')}${clashes.length > 3 ? ', …' : ''}`);
  }

  let toStamp: ForeignMigration[] = [];
  const allWarnings = [...warnings];
  if (options.stamp) {
    const table = parseTable(options.historyTable, adapter.historyTable);
    const { entries } = await adapter.history(await tm.db(), table, migrations);
    const appliedKeys = new Set(entries.flatMap((e) => e.keys));
    toStamp = migrations.filter((m) => m.keys.some((k) => appliedKeys.has(k)));
    const known = new Set(migrations.flatMap((m) => m.keys));
    for (const entry of entries) {
      if (!entry.keys.some((k) => known.has(k))) allWarnings.push(`${table.schema}.${table.name}: "${entry.label}" is applied, but no imported file matches it`);
    }
  }

  for (const p of planned) if (p.status === 'written') await fs.writeFile(p.file, p.migration.text, { flag: 'wx' });
  if (planned.some((p) => p.status === 'written')) await refreshSum(tm);

  // Supabase migrations replay only where auth, storage and Supabase's roles exist: the preset.
  let preset: PresetSetting | undefined;
  if (options.tool === 'supabase') {
    preset = await setConfigPreset(root, tm.project.file, 'supabase', path.relative(root, migrationsDir) || '.');
    if (preset.status === 'manual') allWarnings.push(`${preset.file}: add preset: 'supabase' to the config, so migrations that use auth and storage replay`);
  }

  const stamped: StepReport[] = [];
  if (toStamp.length > 0) {
    const alreadyApplied = new Set((await tm.status()).migrations.filter((s) => s.appliedAt !== null).map((s) => BigInt(s.version)));
    for (const m of toStamp) {
      if (alreadyApplied.has(BigInt(m.version))) continue;
      stamped.push(...(await tm.stamp(m.version, { only: true, ...(options.onEvent ? { onEvent: options.onEvent } : {}) })));
    }
  }
  return {
    tool: options.tool,
    files: planned.map((p) => ({ file: path.relative(root, p.file), version: p.migration.version, source: p.migration.source, status: p.status })),
    stamped,
    warnings: allWarnings,
    ...(preset ? { preset } : {}),
  };
}
