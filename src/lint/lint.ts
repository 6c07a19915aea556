import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TidemarkConfig } from '../config/schema.js';
import { ConfigError, UsageError } from '../errors.js';
import { readMigrationDir, type MigrationFile } from '../migrations/files.js';
import { parseSections } from '../migrations/sections.js';
import { ParseCache } from '../migrations/parse-cache.js';
import { ReplayCache } from './schema/replay-cache.js';
import { lintSources, type LintEntry } from './engine.js';
import { allRules, ruleRegistry } from './registry.js';
import type { Finding, LintOptions, LintReport, Rule } from './types.js';
import type { QualifiedName } from './ast.js';
import { schemaFilter, tableFilter, type ScopeOptions } from '../catalog/scope.js';
import { DEFAULT_DISTRIBUTION_COLUMN } from './profiles.js';

/**
 * The lint API: which files to lint (explicit paths, the files changed since a git ref, or the
 * pending migrations a caller found), in what replay order, with which options.
 */

/** LintProject is what linting needs from a project: where files are and the `lint` config. */
export interface LintProject {
  /** Display paths are relative to this directory. */
  readonly root: string;
  readonly migrationsDir: string;
  /** The config's `lint` key (defaults apply when absent). */
  readonly lint?: Partial<TidemarkConfig['lint']> | undefined;
  /**
   * The project's scope (config schemas / excludeSchemas / excludeTables and the control schema);
   * absent: every table is the user's. Registered tenants' schemas are not known without a
   * database, so tenant migrations are linted as the user's own.
   */
  readonly scope?: (ScopeOptions & { readonly controlSchema: string }) | undefined;
  /**
   * The project's cache directory (`.tidemark/cache`): with it, the schema replayed after each
   * migration file is kept there (`lint-replay.json`) and the files' parsed sections too
   * (`parse.json`), so a later run over unchanged earlier files replays only what changed.
   * Absent: nothing is cached.
   */
  readonly cacheDir?: string | undefined;
}

/** DEFAULT_TENANT_COLUMNS mark a table as tenant-scoped unless config says otherwise. */
export const DEFAULT_TENANT_COLUMNS: readonly string[] = ['tenant_id', 'org_id'];

/**
 * resolveLintOptions checks the `lint` config against the registry: a rule id that does not
 * exist is a config error naming its key, like any unknown key.
 *
 * @example resolveLintOptions({ rules: { 'prefer-jsonb': 'error' } })
 */
export function resolveLintOptions(config: LintProject['lint'], rules: ReadonlyMap<string, Rule> = ruleRegistry, scope?: LintProject['scope']): LintOptions {
  const settings = config?.rules ?? {};
  const unknown = Object.keys(settings).filter((id) => !rules.has(id));
  if (unknown.length) throw new ConfigError(undefined, unknown.map((id) => `lint.rules: unknown rule "${id}"`));
  return {
    rules: settings,
    tenantColumns: config?.tenantColumns ?? DEFAULT_TENANT_COLUMNS,
    inScope: scope ? scopeTest(scope) : undefined,
    profiles: config?.profiles ?? [],
    distributionColumn: config?.citus?.distributionColumn ?? DEFAULT_DISTRIBUTION_COLUMN,
  };
}

/** scopeTest is the project's scope (catalog/scope.ts) as a test of one table, the same rule every command applies. */
function scopeTest(scope: NonNullable<LintProject['scope']>): (table: QualifiedName) => boolean {
  const schemaIn = schemaFilter({ ...scope, tenantSchemas: new Set() });
  const tableOut = tableFilter(scope.excludeTables);
  return (table) => schemaIn(table.schema) && !tableOut(table.schema, table.name);
}

function report(files: readonly string[], findings: readonly Finding[], skipped: LintReport['skipped']): LintReport {
  const order = new Map(files.map((f, i) => [f, i]));
  const sorted = [...findings].sort((a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0) || a.line - b.line || a.column - b.column);
  return {
    files,
    findings: sorted,
    errors: sorted.filter((f) => f.severity === 'error').length,
    warnings: sorted.filter((f) => f.severity === 'warn').length,
    skipped,
  };
}

/**
 * lintMigrations lints the files of a migrations directory for which `check` is true. Every
 * file's up section is replayed in version order, so each checked file sees the schema its
 * predecessors built. TypeScript migrations cannot be linted and are listed as skipped.
 *
 * @example await lintMigrations(await readMigrationDir(dir, root), (f) => f.version === '017', { root, migrationsDir: dir })
 */
export async function lintMigrations(files: readonly MigrationFile[], check: (file: MigrationFile) => boolean, project: LintProject): Promise<LintReport> {
  const options = resolveLintOptions(project.lint, ruleRegistry, project.scope);
  const entries: LintEntry[] = [];
  const skipped: { file: string; reason: string }[] = [];
  for (const file of files) {
    if (file.kind !== 'sql' || !file.sections) {
      if (check(file)) skipped.push({ file: file.displayPath, reason: 'TypeScript migrations are not linted' });
      continue;
    }
    entries.push({ source: { displayPath: file.displayPath, text: file.text, sections: file.sections, checksum: file.checksum }, check: check(file) });
  }
  const cache = project.cacheDir === undefined ? undefined : await ReplayCache.open(project.cacheDir);
  const findings = await lintSources(entries, options, allRules, cache);
  await cache?.save();
  return report(entries.filter((e) => e.check).map((e) => e.source.displayPath), findings, skipped);
}

async function expand(paths: readonly string[], base: string, migrationsDir: string): Promise<string[]> {
  // One listing of the migrations directory spares a stat per file for the common call,
  // `tidemark lint migrations/*.sql`.
  const listed = new Set((await fs.readdir(migrationsDir).catch(() => [] as string[])).map((n) => path.join(migrationsDir, n)));
  const out: string[] = [];
  for (const given of paths) {
    const absolute = path.resolve(base, given);
    if (listed.has(absolute) && absolute.endsWith('.sql')) {
      out.push(absolute);
      continue;
    }
    const stat = await fs.stat(absolute).catch(() => undefined);
    if (!stat) throw new UsageError(`${given}: no such file`);
    if (stat.isDirectory()) {
      const names = (await fs.readdir(absolute)).filter((n) => n.endsWith('.sql')).sort();
      out.push(...names.map((n) => path.join(absolute, n)));
    } else out.push(absolute);
  }
  return [...new Set(out)];
}

/** LintFilesOptions: the base of relative paths, and the migrations directory when the caller read it. */
export interface LintFilesOptions {
  readonly cwd?: string | undefined;
  /** The project's migration files, as readMigrationDir returned them (read here when absent). */
  readonly migrationFiles?: readonly MigrationFile[] | undefined;
}

/**
 * lintFiles lints the given files (or directories of .sql files), without a database. Files in
 * the project's migrations directory are linted in the context of the whole directory — the
 * earlier migrations are replayed first; any other file is linted on its own.
 *
 * @example await lintFiles(['migrations/20260101000000_add_index.sql'], { root, migrationsDir })
 */
export async function lintFiles(paths: readonly string[], project: LintProject, options: LintFilesOptions = {}): Promise<LintReport> {
  const lintOptions = resolveLintOptions(project.lint, ruleRegistry, project.scope);
  const migrationsDir = path.resolve(project.migrationsDir);
  const files = await expand(paths, options.cwd ?? project.root, migrationsDir);
  const inDir = new Set(files.filter((f) => path.dirname(f) === migrationsDir));
  const displayed: string[] = [];
  const findings: Finding[] = [];
  const skipped: { file: string; reason: string }[] = [];
  if (inDir.size) {
    // Unchanged files' sections come from the parse cache: scanning every file of a long
    // directory for its markers cost more than linting the newest of them.
    let migrationFiles = options.migrationFiles;
    if (!migrationFiles) {
      const parseCache = project.cacheDir === undefined ? undefined : await ParseCache.open(project.cacheDir);
      migrationFiles = await readMigrationDir(migrationsDir, project.root, parseCache);
      await parseCache?.save();
    }
    const result = await lintMigrations(migrationFiles, (f) => inDir.has(path.resolve(f.path)), project);
    displayed.push(...result.files);
    findings.push(...result.findings);
    skipped.push(...result.skipped);
    const known = new Set([...result.files, ...result.skipped.map((s) => s.file)]);
    for (const file of inDir) {
      const display = path.relative(project.root, file) || file;
      if (!known.has(display)) skipped.push({ file: display, reason: 'not a migration file name (<version>_<name>.sql)' });
    }
  }
  for (const file of files) {
    if (inDir.has(file)) continue;
    const displayPath = path.relative(project.root, file) || file;
    if (!file.endsWith('.sql')) {
      skipped.push({ file: displayPath, reason: 'only .sql files are linted' });
      continue;
    }
    const text = (await fs.readFile(file, 'utf8')).replace(/^\uFEFF/, '');
    const source = { displayPath, text, sections: await parseSections(text, displayPath) };
    findings.push(...(await lintSources([{ source, check: true }], lintOptions, allRules)));
    displayed.push(displayPath);
  }
  return report(displayed, findings, skipped);
}

const run = promisify(execFile);

/**
 * changedMigrationFiles lists the migration files changed since a git ref — `git diff
 * --name-only <ref>` over the migrations directory, plus untracked files — as absolute paths.
 * Deleted files are left out.
 *
 * @example await changedMigrationFiles({ root, migrationsDir }, 'origin/main')
 */
export async function changedMigrationFiles(project: LintProject, ref: string): Promise<string[]> {
  const dir = path.resolve(project.migrationsDir);
  const git = async (args: string[]) => {
    try {
      return (await run('git', args, { cwd: dir, maxBuffer: 64 * 1024 * 1024 })).stdout;
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr?.trim().split('\n')[0];
      throw new UsageError(`--since ${ref}: git failed: ${stderr || (error as Error).message}`, { cause: error });
    }
  };
  // --relative and cwd = the directory make git print names relative to it, whatever the
  // repository's layout.
  // -z: names NUL-separated and never quoted, whatever characters they hold.
  const changed = await git(['diff', '--name-only', '-z', '--relative', '--diff-filter=ACMR', ref, '--', '.']);
  const untracked = await git(['ls-files', '-z', '--others', '--exclude-standard', '--', '.']);
  const names = [...changed.split('\0'), ...untracked.split('\0')].filter((n) => n.endsWith('.sql'));
  return [...new Set(names.map((n) => path.join(dir, n)))].filter((f) => path.dirname(f) === dir).sort();
}
