import { loadConfig, type LoadConfigOptions, type ResolvedConfig } from './config/load.js';
import type { Driver } from './driver/driver.js';
import { openDriver } from './driver/open.js';
import { parseDatabaseUrl, redactUrl } from './driver/url.js';
import { timed, type MigrationEvent } from './migrations/executor.js';
import { readMigrationDir } from './migrations/files.js';
import { ParseCache } from './migrations/parse-cache.js';
import { HistoryStore, type HistoryEvent } from './migrations/history.js';
import * as migrator from './migrations/migrator.js';
import type { MigrationState } from './migrations/status.js';
import type { IntrospectOptions } from './catalog/introspect.js';
import type { SchemaModel } from './model/types.js';
import type { Plan } from './plan/plan.js';
import type { Verified } from './verify/sides.js';
import type { Verification } from './verify/verify.js';
import type { DriftResult, PlanningOptions, GenerateResult, PushResult } from './declarative/workflows.js';
import type { MigrateWithReport } from './report/migrate-report.js';
import type { DocsOptions, DocsResult } from './docs/generate.js';
import type { ValidationReport } from './validate/validate.js';
import { isTidemarkError } from './errors.js';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { LintProject } from './lint/lint.js';
import type { FixReport } from './lint/fix.js';
import type { LintReport } from './lint/types.js';
import { isLintProfile, LINT_PROFILES, type LintProfile } from './lint/profiles.js';
import { UsageError } from './errors.js';
import { Tenants } from './tenants/tenants.js';
import { checkProjectSum, projectSum, refreshSum, resetDatabase, seedDatabase, type ResetOptions, type ResetResult, type SumResult } from './lifecycle/lifecycle.js';
import type { DatabaseLifecycleResult } from './lifecycle/database.js';
import type { SeedReport } from './lifecycle/seeds.js';
import type { SquashOptions, SquashResult } from './lifecycle/squash.js';
import type { NewMigrationOptions } from './project/new-migration.js';

// The heavy parts load on first use, so that `migrate` or `status` never pays for the catalog
// reader, the differ, the planner, the linter or the document renderers (see scripts/bundle.mjs:
// each becomes a chunk of its own).
const sources = () => import('./sources/source.js');
const workflows = () => import('./declarative/workflows.js');
const catalog = () => import('./catalog/introspect.js');
const versions = () => import('./catalog/version.js');
const shadows = () => import('./shadow/shadow.js');
const roles = () => import('./shadow/roles.js');
const linter = () => import('./lint/lint.js');

/** OpenTidemarkOptions: where to find the config, overrides, and a listener for progress events. */
export interface OpenTidemarkOptions extends LoadConfigOptions {
  /** Receives every {@link MigrationEvent} of every command run through this instance. */
  readonly onEvent?: (event: MigrationEvent) => void;
  /** Receives a line per object the model cannot represent, with config `unsupported: 'warn'`. */
  readonly onWarning?: (message: string) => void;
}

/** MigrateCallOptions are {@link Tidemark.migrate}'s options. */
export type MigrateCallOptions = migrator.MigrateOptions & { onEvent?: (event: MigrationEvent) => void };

/** StatusEntry is one migration in a {@link StatusReport}. */
export interface StatusEntry {
  readonly version: string;
  readonly name: string;
  readonly state: MigrationState;
  readonly file: string | null;
  /** The comment above the file's `-- migrate:up`, or null. */
  readonly description: string | null;
  readonly appliedAt: string | null;
  readonly appliedBy: string | null;
  readonly executionMs: number | null;
}

/** StatusReport is the result of {@link Tidemark.status}; JSON-serializable as is. */
export interface StatusReport {
  readonly database: string;
  readonly controlSchema: string;
  /** The newest applied version, or null on a fresh database. */
  readonly current: string | null;
  readonly counts: Readonly<Record<MigrationState, number>>;
  readonly migrations: readonly StatusEntry[];
}

/** LintRunOptions choose what {@link Tidemark.lint} lints. */
export interface LintRunOptions {
  /** Files or directories to lint (no database needed); relative to `cwd`. */
  readonly files?: readonly string[];
  /** Lint the migration files changed since this git ref (plus untracked ones); no database needed. */
  readonly since?: string;
  /** Base of relative `files` (default: the project root). */
  readonly cwd?: string;
  /** Rule profiles to run besides config `lint.profiles` (`--profile citus`); see src/lint/profiles.ts. */
  readonly profiles?: readonly string[];
}

/**
 * Tidemark is the programmatic API: one project (its config) and one database connection, opened
 * on first use. Every CLI command is a method here.
 *
 * @example
 * const tm = await openTidemark({ cwd: process.cwd() });
 * try { await tm.migrate(); } finally { await tm.close(); }
 */
export class Tidemark {
  readonly project: ResolvedConfig;
  private connecting: Promise<Driver> | undefined;
  private parseCacheRead: Promise<ParseCache> | undefined;
  private readonly historyStore: HistoryStore;
  private readonly onEvent: ((event: MigrationEvent) => void) | undefined;
  private readonly onWarning: ((message: string) => void) | undefined;

  constructor(project: ResolvedConfig, onEvent?: (event: MigrationEvent) => void, onWarning?: (message: string) => void) {
    this.project = project;
    this.historyStore = new HistoryStore(project.config.controlSchema);
    this.onEvent = onEvent;
    this.onWarning = onWarning;
  }

  /** The database URL with its password redacted. */
  get databaseUrl(): string {
    return redactUrl(this.project.databaseUrl);
  }

  /** db returns the open connection, connecting on first use. */
  db(): Promise<Driver> {
    this.connecting ??= openDriver(this.project.databaseUrl, this.project.root, { readOnly: this.project.readOnly });
    return this.connecting;
  }

  /** The project's cache directory, `.tidemark/cache` (parse.json, lint-replay.json). */
  private get cacheDir(): string {
    return path.join(this.project.root, '.tidemark', 'cache');
  }

  /** The project's parse cache (`.tidemark/cache/parse.json`), read once per instance. */
  private parseCache(): Promise<ParseCache> {
    this.parseCacheRead ??= ParseCache.open(this.cacheDir);
    return this.parseCacheRead;
  }

  /**
   * context reads the migration files (through the parse cache) while the connection opens. With
   * `checkSum`, migrations/tidemark.sum is checked against the files first: its error is the one
   * reported even when the database cannot be reached, and nothing has been sent to it.
   */
  private async context(onEvent?: (event: MigrationEvent) => void, options: { checkSum?: boolean } = {}): Promise<migrator.MigratorContext> {
    const { config, appliedBy } = this.project;
    const listeners = [this.onEvent, onEvent].filter((l): l is (event: MigrationEvent) => void => l !== undefined);
    const emit = listeners.length ? (event: MigrationEvent) => listeners.forEach((l) => l(event)) : undefined;
    const connecting = this.db();
    connecting.catch(() => {});
    const cache = await this.parseCache();
    const read = cache.hits.sections;
    const files = await timed(emit, 'files', () => readMigrationDir(this.project.migrationsDir, this.project.root, cache), (list) => `${list.length} file(s), ${cache.hits.sections - read} from the parse cache`);
    void cache.save();
    if (options.checkSum) await checkProjectSum(this, files);
    const db = await timed(emit, 'connect', () => connecting);
    return {
      db,
      files,
      parseCache: cache,
      history: this.historyStore,
      lockWaitMs: config.lockWait,
      executor: {
        lockTimeoutMs: config.lockTimeout,
        statementTimeoutMs: config.statementTimeout,
        lockRetries: config.lockRetries,
        lockRetryDelayMs: config.lockRetryDelay,
        appliedBy,
        onEvent: emit,
      },
    };
  }

  /** status reports applied, pending, missing, changed and out-of-order migrations. */
  async status(): Promise<StatusReport> {
    const ctx = await this.context();
    const entries = await migrator.status(ctx);
    const counts: Record<MigrationState, number> = { applied: 0, changed: 0, missing: 0, pending: 0, 'out-of-order': 0 };
    for (const e of entries) counts[e.state]++;
    const applied = entries.filter((e) => e.applied);
    return {
      database: (await this.db()).displayUrl,
      controlSchema: this.historyStore.schema,
      current: applied.at(-1)?.version ?? null,
      counts,
      migrations: entries.map((e) => ({
        version: e.version,
        name: e.name,
        state: e.state,
        file: e.file?.displayPath ?? null,
        description: e.file?.sections?.description ?? null,
        appliedAt: e.applied?.appliedAt ?? null,
        appliedBy: e.applied?.appliedBy ?? null,
        executionMs: e.applied?.executionMs ?? null,
      })),
    };
  }

  /**
   * migrate applies pending migrations (see {@link migrator.migrate}). With `report: true` it also
   * introspects before and after, under the migration lock, and returns what the run changed.
   */
  async migrate(options: MigrateCallOptions & { report: true }): Promise<MigrateWithReport>;
  async migrate(options?: MigrateCallOptions & { report?: false }): Promise<migrator.StepReport[]>;
  async migrate(options: MigrateCallOptions & { report?: boolean } = {}): Promise<migrator.StepReport[] | MigrateWithReport> {
    const ctx = await this.context(options.onEvent, { checkSum: !options.dryRun });
    if (options.report) return (await import('./report/migrate-report.js')).migrateWithReport(ctx, options, () => this.inspect());
    return migrator.migrate(ctx, options);
  }

  /** down reverts migrations (see {@link migrator.down}). */
  async down(options: migrator.DownOptions & { onEvent?: (event: MigrationEvent) => void } = {}): Promise<migrator.StepReport[]> {
    return migrator.down(await this.context(options.onEvent), options);
  }

  /** stamp records migrations as applied without running them (see {@link migrator.stamp}); `only` stamps just `version`. */
  async stamp(version: string, options: { onEvent?: (event: MigrationEvent) => void; only?: boolean } = {}): Promise<migrator.StepReport[]> {
    return migrator.stamp(await this.context(options.onEvent), version, { only: options.only });
  }

  /** verify lists applied migrations whose file changed or vanished. */
  async verify(): Promise<migrator.VerifyProblem[]> {
    return migrator.verify(await this.context(undefined, { checkSum: true }));
  }

  /** history lists every apply, revert and stamp, newest first. */
  async history(options: { limit?: number } = {}): Promise<HistoryEvent[]> {
    return migrator.history(await this.context(), options.limit);
  }

  /**
   * inspect introspects the database's user schemas (Tidemark's control schema is always left out).
   */
  async inspect(options: Omit<IntrospectOptions, 'controlSchema'> = {}): Promise<SchemaModel> {
    // Options left undefined keep the project's scope (a --schema not given is not an empty one).
    const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
    const [{ introspect }, { readPolicy }] = await Promise.all([catalog(), sources()]);
    return introspect(await this.db(), { ...readPolicy(this.project, this.onWarning), owners: this.project.config.owners, ...given, controlSchema: this.historyStore.schema });
  }

  /**
   * hasDatabase is false when no database was configured (no `--database`, `DATABASE_URL` or
   * config `database`) and the default development database was never created: reading it would
   * only create an empty one and report against that.
   */
  async hasDatabase(): Promise<boolean> {
    if (this.project.databaseSource !== 'default') return true;
    const target = parseDatabaseUrl(this.project.databaseUrl, this.project.root);
    return target.kind !== 'pglite' || target.dataDir === undefined || (await fs.stat(target.dataDir).then(() => true, () => false));
  }

  /**
   * readSource is the source a command that reads "the schema" uses by default: the project's
   * database, or, when there is none, the schema the migrations build — said in one warning line,
   * never an empty database created on the spot.
   */
  async readSource(): Promise<string | undefined> {
    if (await this.hasDatabase()) return undefined;
    this.onWarning?.(`no database configured (--database, DATABASE_URL or config database): reading the schema the migrations in ${path.relative(this.project.root, this.project.migrationsDir) || '.'} build`);
    return (await workflows()).migrationsSource(this);
  }

  /**
   * model loads any source — a database URL, `dir:<path>`, `migrations:<path>`, `reference:<file>` —
   * into a schema model; without a source, the project's database (see {@link readSource}).
   */
  async model(source?: string): Promise<SchemaModel> {
    source ??= await this.readSource();
    if (source === undefined) return this.inspect();
    const { loadSource, parseSource } = await sources();
    return loadSource(parseSource(source, this.project.root), this.project, { onWarning: this.onWarning, liveRoles: this.liveRoles() });
  }

  /** A shadow that needs a role config `roles` lacks may take it from the project's database. */
  private liveRoles(): (() => Promise<readonly string[]>) | undefined {
    return this.project.databaseSource === 'default' ? undefined : async () => (await roles()).liveRoles(await this.db());
  }

  /**
   * provePlan verifies `plan` in shadow databases (see src/verify/verify.ts): the source rebuilt,
   * `up` applied and compared with the target by catalog fingerprint, `down` applied and compared
   * with the source. Sources as in {@link model} (none: the project's database). Throws a
   * PlanUnverifiedError (exit 1) naming the objects that differ; returns how the plan was proven
   * (in full, or by its closure between two live databases) and notes on what could not be compared.
   */
  async provePlan(plan: Plan, from: { source?: string | null | undefined; model: SchemaModel }, to: { source?: string | null | undefined; model: SchemaModel }): Promise<Verification> {
    const [{ provePlan }, { parseSource }] = await Promise.all([import('./verify/sides.js'), sources()]);
    // null: the side exists only as its model (its creation script is what the shadow loads).
    const spec = (source: string | null | undefined) => (source === undefined ? undefined : source === null ? ('model' as const) : parseSource(source, this.project.root));
    const ctx = { project: this.project, db: () => this.db(), liveRoles: this.liveRoles() };
    return provePlan(ctx, { source: spec(from.source), model: from.model }, { source: spec(to.source), model: to.model }, plan);
  }

  /**
   * diff plans the changes from one source to another (sources as in {@link model}; `from`
   * defaults to the project's database, `to` to its declarative schema). The plan is verified in
   * shadow databases first (see {@link provePlan}) unless `verify: false`.
   */
  async diff(options: PlanningOptions & { from?: string; to?: string } = {}): Promise<Plan & { readonly verified: Verified; readonly verification?: Verification }> {
    const [{ declarativeSource, planBetween, proven, onlineFor }, { parseSource, shadowOptions }] = await Promise.all([workflows(), sources()]);
    const toSource = options.to ?? declarativeSource(this);
    const fromSource = options.from ?? (await this.readSource());
    const databases = [fromSource, toSource].every((s) => s === undefined || parseSource(s, this.project.root).kind === 'database');
    let from: SchemaModel;
    let toModel: SchemaModel | undefined;
    if (databases) {
      // Two databases need no shadow to be read, and their servers answer at once; the shadow the
      // verification needs starts meanwhile.
      if (options.verify !== false) (await shadows()).prewarmShadow(shadowOptions(this.project));
      [from] = await Promise.all([this.model(fromSource), this.model(toSource).then((m) => (toModel = m))]);
    } else {
      // One source after the other: a shadow the first one used is emptied and reused by the second
      // (see shadow/pool.ts), where loading both at once would start PGlite twice.
      from = await this.model(fromSource);
    }
    const [to, serverVersion] = await Promise.all([toModel ?? this.model(toSource), this.serverVersion(fromSource)]);
    return proven(this, options.verify, await planBetween(from, to, options.hints, { online: onlineFor(this, options.online), serverVersion }), { source: fromSource, model: from }, { source: toSource, model: to });
  }

  /**
   * serverVersion is the `server_version_num` a plan starting from `source` is for: the database's
   * own (the project's without a source), else config `postgresVersion`; undefined when neither
   * says, and plans then use the forms every supported server accepts.
   */
  async serverVersion(source?: string): Promise<number | undefined> {
    const [{ serverVersionNum, versionNum }, { parseSource }] = await Promise.all([versions(), sources()]);
    if (source === undefined) return (await this.hasDatabase()) ? serverVersionNum(await this.db()) : versionNum(this.project.config.postgresVersion);
    const spec = parseSource(source, this.project.root);
    if (spec.kind !== 'database') return versionNum(this.project.config.postgresVersion);
    const db = await openDriver(spec.url, this.project.root, { readOnly: this.project.readOnly });
    try {
      return await serverVersionNum(db);
    } finally {
      await db.close();
    }
  }

  /** generate writes the next migration from the declarative schema (see {@link generateMigration}) and rewrites `tidemark.sum`. */
  async generate(name: string, options: PlanningOptions & { now?: () => Date } = {}): Promise<GenerateResult> {
    await checkProjectSum(this);
    const result = await (await workflows()).generateMigration(this, name, options);
    if (result.files.length) await refreshSum(this);
    return result;
  }

  /** reset empties what the project's scope owns, migrates and, with `seed`, seeds (see {@link resetDatabase}). */
  async reset(options: ResetOptions = {}): Promise<ResetResult> {
    return resetDatabase(this, options);
  }

  /** seed runs `seeds/*.sql|ts` in file-name order, each in its own transaction. */
  seed(options: { onSeed?: (report: SeedReport) => void } = {}): Promise<SeedReport[]> {
    return seedDatabase(this, options.onSeed);
  }

  /** createDatabase creates the configured database (a server's, or a PGlite directory); `changed` is false when it existed. */
  async createDatabase(): Promise<DatabaseLifecycleResult> {
    return (await import('./lifecycle/database.js')).createDatabase(this.project);
  }

  /** dropDatabase drops the configured database; refused when not local or not `dev` unless `force`. */
  async dropDatabase(options: { force?: boolean } = {}): Promise<DatabaseLifecycleResult> {
    return (await import('./lifecycle/database.js')).dropDatabase(this.project, options);
  }

  /** squash replaces the migrations up to `to` with one baseline proven identical by replay (see src/lifecycle/squash.ts). */
  async squash(options: SquashOptions = {}): Promise<SquashResult> {
    const { squashMigrations } = await import('./lifecycle/squash.js');
    return squashMigrations(this, options);
  }

  /** sum rewrites `migrations/tidemark.sum`, or with `check` compares it (see src/migrations/sum.ts). */
  sum(options: { check?: boolean } = {}): Promise<SumResult> {
    return projectSum(this, options);
  }

  /**
   * newMigration creates `migrations/<timestamp>_<name>.sql` and rewrites `tidemark.sum` (checked
   * first: a sum that does not match is not blessed by adding a file).
   */
  async newMigration(name: string, options: Omit<NewMigrationOptions, 'root'> = {}): Promise<string> {
    await checkProjectSum(this);
    const { newMigration } = await import('./project/new-migration.js');
    const file = await newMigration(this.project.migrationsDir, name, { ...options, root: this.project.root });
    await refreshSum(this);
    return file;
  }

  /** drift compares the live database with the replayed migrations; it needs a database to compare. */
  async drift(): Promise<DriftResult> {
    if (!(await this.hasDatabase())) throw new UsageError('drift compares a database with the migrations, and no database is configured: pass --database, set DATABASE_URL or config database');
    return (await workflows()).detectDrift(this);
  }

  /** push applies the declarative schema straight to the database (see {@link pushSchema}). */
  async push(options: PlanningOptions & { acceptDataLoss?: boolean; dryRun?: boolean } = {}): Promise<PushResult> {
    return (await workflows()).pushSchema(this, options);
  }

  /**
   * docs renders the reference document (seed 000's format) from the project's database or any
   * source, and writes it unless `check`; see {@link generateDocs}.
   *
   * @example const { stale, diff } = await tm.docs({ check: true, from: 'migrations:migrations' });
   */
  async docs(options: DocsOptions = {}): Promise<DocsResult> {
    const from = options.from ?? (await this.readSource());
    const { generateDocs } = await import('./docs/generate.js');
    return generateDocs(this.project, { onWarning: this.onWarning, ...options, from }, () => this.db());
  }

  /**
   * validate checks the database (or `from`, any source) against the policy of config `validate`
   * and, with `reference` (default config `validate.reference`), against a Markdown reference
   * document: every difference and every failed rule is in the report; `ok` is false on any.
   *
   * @example const report = await tm.validate({ reference: 'docs/DATABASE.md' }); if (!report.ok) process.exitCode = 1;
   */
  async validate(options: { reference?: string | undefined; from?: string | undefined } = {}): Promise<ValidationReport> {
    const { root, config } = this.project;
    const referenceFile = options.reference ?? config.validate.reference;
    const [{ loadReference }, { validateModel }, { unsupportedPolicy }] = await Promise.all([import('./reference/load.js'), import('./validate/validate.js'), sources()]);
    // allSettled, not all: a reference that fails at once must not leave the database still opening
    // when the caller closes this Tidemark (the open would finish afterwards and hold the process).
    const settled = await Promise.allSettled([
      this.model(options.from),
      referenceFile === undefined
        ? undefined
        : loadReference(path.resolve(root, referenceFile), { root, controlSchema: config.controlSchema, devDatabase: this.project.devDatabase, ...unsupportedPolicy(this.project, this.onWarning) }).then((model) => ({
            file: path.relative(root, path.resolve(root, referenceFile)) || referenceFile,
            model,
          })),
    ]);
    const [actual, reference] = settled;
    if (actual.status === 'rejected') throw actual.reason;
    if (reference.status === 'rejected') throw reference.reason;
    return validateModel(actual.value, config.validate, reference.value);
  }

  /**
   * health runs {@link Tidemark.validate} for an application's health endpoint: it never throws
   * for a failed check or an unreachable database — the report says `ok: false`, with `error` when
   * the checks could not run.
   *
   * @example app.get('/healthz/schema', async (_, res) => { const r = await tm.health(); res.status(r.ok ? 200 : 503).json(r); });
   */
  async health(): Promise<ValidationReport> {
    try {
      return await this.validate();
    } catch (error) {
      const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
      return {
        ok: false,
        reference: null,
        policy: [],
        rules: (await import('./validate/validate.js')).countRules(this.project.config.validate),
        error: { code: isTidemarkError(error) ? error.code : 'E_UNEXPECTED', message },
      };
    }
  }

  /**
   * lint checks migrations with the lint rules: the given files, the files changed since a git
   * ref, or — with neither — the migrations not yet applied to the database (the only case that
   * connects). Earlier migrations are replayed so each file is checked against the schema its
   * predecessors built.
   *
   * @example const report = await tm.lint({ since: 'origin/main' }); if (report.errors) process.exitCode = 1;
   */
  async lint(options: LintRunOptions = {}): Promise<LintReport> {
    const project = this.lintProject(options.profiles);
    const files = options.files ?? [];
    if (files.length && options.since !== undefined) throw new UsageError('lint takes files or --since, not both');
    // The directory is read once, through the parse cache, for the sum check and the lint.
    const hasDir = await fs.stat(this.project.migrationsDir).then((s) => s.isDirectory(), () => false);
    const cache = await this.parseCache();
    const dirFiles = hasDir ? await readMigrationDir(this.project.migrationsDir, this.project.root, cache) : undefined;
    await cache.save();
    if (dirFiles) await checkProjectSum(this, dirFiles);
    const { changedMigrationFiles, lintFiles, lintMigrations } = await linter();
    if (files.length) return lintFiles(files, project, { cwd: options.cwd, migrationFiles: dirFiles });
    if (options.since !== undefined) return lintFiles(await changedMigrationFiles(project, options.since), project, { migrationFiles: dirFiles });
    const ctx = await this.context();
    const unapplied = new Set((await migrator.status(ctx)).filter((e) => e.state === 'pending' || e.state === 'out-of-order').map((e) => e.version));
    return lintMigrations(ctx.files, (file) => unapplied.has(file.version), project);
  }

  private lintProject(asked: readonly string[] = []): LintProject {
    const { schemas, excludeSchemas, excludeTables, controlSchema } = this.project.config;
    const lint = this.project.config.lint;
    const profiles = [...new Set([...lint.profiles, ...asked.map(checkedProfile)])];
    return {
      root: this.project.root,
      migrationsDir: this.project.migrationsDir,
      lint: { ...lint, profiles },
      scope: { include: schemas, excludeSchemas, excludeTables, controlSchema },
      cacheDir: this.cacheDir,
    };
  }

  /**
   * lintFix lints what {@link lint} would and rewrites the files into the safe forms of their
   * findings where that is mechanical, adding the `_concurrently` / `_validate` migrations those
   * forms need right after each file (see src/lint/fix.ts). Fix only migrations no database has
   * applied: a changed file no longer matches its recorded checksum. `write: false` only
   * returns the diff.
   *
   * @example const { diff, report } = await tm.lintFix({ files: ['migrations/20260101000000_add_index.sql'] });
   */
  async lintFix(options: LintRunOptions & { readonly write?: boolean } = {}): Promise<FixReport> {
    const project = this.lintProject(options.profiles);
    const files = options.files ?? [];
    if (files.length && options.since !== undefined) throw new UsageError('lint takes files or --since, not both');
    await checkProjectSum(this);
    let paths: readonly string[] = files;
    if (!files.length && options.since !== undefined) paths = await (await linter()).changedMigrationFiles(project, options.since);
    else if (!files.length) {
      const ctx = await this.context();
      const unapplied = new Set((await migrator.status(ctx)).filter((e) => e.state === 'pending' || e.state === 'out-of-order').map((e) => e.version));
      paths = ctx.files.filter((f) => unapplied.has(f.version) && f.kind === 'sql').map((f) => f.path);
    }
    if (!paths.length) return { changed: [], fixed: [], left: [], diff: '', report: { files: [], findings: [], errors: 0, warnings: 0, skipped: [] } };
    const { fixFiles } = await import('./lint/fix.js');
    return fixFiles(paths, project, { cwd: options.cwd, write: options.write });
  }

  /** close releases the database connection. */
  /** tenants returns the schema-per-tenant API on this project's database (see src/tenants). */
  tenants(): Tenants {
    return new Tenants(this.project, { current: () => this.db(), replace: (dead) => this.replaceDb(dead) }, this.onWarning);
  }

  /**
   * replaceDb opens a fresh connection in place of `dead` (a connection whose backend died), so
   * this and later calls go on; when `dead` was already replaced, the replacement is returned.
   */
  private async replaceDb(dead: Driver): Promise<Driver> {
    const connecting = this.connecting;
    const current = await connecting?.catch(() => undefined);
    // Another caller may have replaced it meanwhile: then that replacement is the connection.
    if (this.connecting !== connecting || (current !== undefined && current !== dead)) return this.db();
    this.connecting = openDriver(this.project.databaseUrl, this.project.root, { readOnly: this.project.readOnly });
    await dead.close().catch(() => {});
    return this.connecting;
  }

  async close(): Promise<void> {
    // Also a connection still being opened: a command may fail (say, on a bad migrations
    // directory) while its connection is in flight, and that connection must not keep the
    // process alive.
    const connecting = this.connecting;
    this.connecting = undefined;
    const driver = await connecting?.catch(() => undefined);
    await driver?.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

/** openTidemark loads the project's config and returns a {@link Tidemark}; it connects lazily. */
export async function openTidemark(options: OpenTidemarkOptions = {}): Promise<Tidemark> {
  return new Tidemark(await loadConfig(options), options.onEvent, options.onWarning);
}

/** checkedProfile refuses a profile name that does not exist (`--profile`), naming the ones that do. */
function checkedProfile(name: string): LintProfile {
  if (!isLintProfile(name)) throw new UsageError(`--profile must be one of ${LINT_PROFILES.join(', ')}, got "${name}"`);
  return name;
}
