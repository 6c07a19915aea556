import { loadConfig, type LoadConfigOptions, type ResolvedConfig } from './config/load.js';
import type { Driver } from './driver/driver.js';
import { openDriver } from './driver/open.js';
import { redactUrl } from './driver/url.js';
import type { MigrationEvent } from './migrations/executor.js';
import { readMigrationDir } from './migrations/files.js';
import { HistoryStore, type HistoryEvent } from './migrations/history.js';
import * as migrator from './migrations/migrator.js';
import type { MigrationState } from './migrations/status.js';
import { loadParser } from './parser/parser.js';
import { introspect, type IntrospectOptions } from './catalog/introspect.js';
import type { SchemaModel } from './model/types.js';
import { loadSource, parseSource } from './sources/source.js';
import { changedMigrationFiles, lintFiles, lintMigrations, type LintProject } from './lint/lint.js';
import type { LintReport } from './lint/types.js';
import { UsageError } from './errors.js';

/** OpenTidemarkOptions: where to find the config, overrides, and a listener for progress events. */
export interface OpenTidemarkOptions extends LoadConfigOptions {
  /** Receives every {@link MigrationEvent} of every command run through this instance. */
  readonly onEvent?: (event: MigrationEvent) => void;
}

/** StatusEntry is one migration in a {@link StatusReport}. */
export interface StatusEntry {
  readonly version: string;
  readonly name: string;
  readonly state: MigrationState;
  readonly file: string | null;
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
  private readonly historyStore: HistoryStore;
  private readonly onEvent: ((event: MigrationEvent) => void) | undefined;

  constructor(project: ResolvedConfig, onEvent?: (event: MigrationEvent) => void) {
    this.project = project;
    this.historyStore = new HistoryStore(project.config.controlSchema);
    this.onEvent = onEvent;
  }

  /** The database URL with its password redacted. */
  get databaseUrl(): string {
    return redactUrl(this.project.databaseUrl);
  }

  /** db returns the open connection, connecting on first use. */
  db(): Promise<Driver> {
    this.connecting ??= openDriver(this.project.databaseUrl, this.project.root);
    return this.connecting;
  }

  private async context(onEvent?: (event: MigrationEvent) => void): Promise<migrator.MigratorContext> {
    // Reading files overlaps with connecting; a broken migrations directory is still reported
    // without running anything, and the connection is closed by close() as usual.
    const [files, db] = await Promise.all([readMigrationDir(this.project.migrationsDir, this.project.root), this.db()]);
    const { config, appliedBy } = this.project;
    const listeners = [this.onEvent, onEvent].filter((l): l is (event: MigrationEvent) => void => l !== undefined);
    return {
      db,
      files,
      history: this.historyStore,
      lockWaitMs: config.lockWait,
      executor: {
        lockTimeoutMs: config.lockTimeout,
        statementTimeoutMs: config.statementTimeout,
        lockRetries: config.lockRetries,
        lockRetryDelayMs: config.lockRetryDelay,
        appliedBy,
        onEvent: listeners.length ? (event) => listeners.forEach((l) => l(event)) : undefined,
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
        appliedAt: e.applied?.appliedAt ?? null,
        appliedBy: e.applied?.appliedBy ?? null,
        executionMs: e.applied?.executionMs ?? null,
      })),
    };
  }

  /** migrate applies pending migrations (see {@link migrator.migrate}). */
  async migrate(options: migrator.MigrateOptions & { onEvent?: (event: MigrationEvent) => void } = {}): Promise<migrator.StepReport[]> {
    warmParser();
    return migrator.migrate(await this.context(options.onEvent), options);
  }

  /** down reverts migrations (see {@link migrator.down}). */
  async down(options: migrator.DownOptions & { onEvent?: (event: MigrationEvent) => void } = {}): Promise<migrator.StepReport[]> {
    warmParser();
    return migrator.down(await this.context(options.onEvent), options);
  }

  /** stamp records migrations as applied without running them (see {@link migrator.stamp}). */
  async stamp(version: string, options: { onEvent?: (event: MigrationEvent) => void } = {}): Promise<migrator.StepReport[]> {
    return migrator.stamp(await this.context(options.onEvent), version);
  }

  /** verify lists applied migrations whose file changed or vanished. */
  async verify(): Promise<migrator.VerifyProblem[]> {
    return migrator.verify(await this.context());
  }

  /** history lists every apply, revert and stamp, newest first. */
  async history(options: { limit?: number } = {}): Promise<HistoryEvent[]> {
    return migrator.history(await this.context(), options.limit);
  }

  /**
   * inspect introspects the database's user schemas (Tidemark's control schema is always left out).
   */
  async inspect(options: Omit<IntrospectOptions, 'controlSchema'> = {}): Promise<SchemaModel> {
    return introspect(await this.db(), { ...options, controlSchema: this.historyStore.schema });
  }

  /**
   * model loads any source — a database URL, `dir:<path>`, `migrations:<path>`, `reference:<file>` —
   * into a schema model; without a source, the project's database.
   */
  async model(source?: string): Promise<SchemaModel> {
    if (source === undefined) return this.inspect();
    return loadSource(parseSource(source, this.project.root), this.project);
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
    const project: LintProject = { root: this.project.root, migrationsDir: this.project.migrationsDir, lint: this.project.config.lint };
    const files = options.files ?? [];
    if (files.length && options.since !== undefined) throw new UsageError('lint takes files or --since, not both');
    if (files.length) return lintFiles(files, project, { cwd: options.cwd });
    if (options.since !== undefined) return lintFiles(await changedMigrationFiles(project, options.since), project);
    const ctx = await this.context();
    const unapplied = new Set((await migrator.status(ctx)).filter((e) => e.state === 'pending' || e.state === 'out-of-order').map((e) => e.version));
    return lintMigrations(ctx.files, (file) => unapplied.has(file.version), project);
  }

  /** close releases the database connection. */
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

/**
 * warmParser starts loading libpg-query without waiting: its WebAssembly compiles on a background
 * thread while the connection opens and the history is read. Only commands that run SQL call it.
 */
function warmParser(): void {
  void loadParser().catch(() => {});
}

/** openTidemark loads the project's config and returns a {@link Tidemark}; it connects lazily. */
export async function openTidemark(options: OpenTidemarkOptions = {}): Promise<Tidemark> {
  return new Tidemark(await loadConfig(options), options.onEvent);
}
