import fs from 'node:fs/promises';
import path from 'node:path';
import type { Tidemark } from '../tidemark.js';
import { UsageError } from '../errors.js';

/** StudioApiOptions: what Studio shows the schema of. */
export interface StudioApiOptions {
  /** A source as `diff --from` takes it (`migrations:<dir>`, `dir:<path>`, a URL…); default the project's database. */
  readonly from?: string | undefined;
}

/** An endpoint answers with the JSON document of the command it mirrors. */
type Endpoint = (params: URLSearchParams) => Promise<unknown>;

/**
 * StudioApi is the data behind Studio's page: each endpoint returns the same document as the
 * command it names prints with `--json` (`inspect`, `status`, `history`, `drift`, `lint`,
 * `tenants status`, `tenants history`), computed by the same library calls, so the page can never
 * show something the CLI would not. The Tidemark it reads through must have been opened read-only.
 */
export class StudioApi {
  private readonly tm: Tidemark;
  private readonly from: string | undefined;
  private readonly endpoints: ReadonlyMap<string, Endpoint>;

  constructor(tm: Tidemark, options: StudioApiOptions = {}) {
    if (!tm.project.readOnly) throw new Error('Studio reads through a Tidemark opened with readOnly: true');
    this.tm = tm;
    this.from = options.from;
    this.endpoints = new Map<string, Endpoint>([
      ['overview', () => this.overview()],
      ['schema', () => this.schema()],
      ['ddl', () => this.ddl()],
      ['status', () => this.tm.status()],
      ['history', async (params) => ({ events: await this.tm.history({ limit: limitOf(params) }) })],
      ['drift', () => this.drift()],
      ['lint', () => this.tm.lint({ cwd: this.tm.project.root })],
      ['tenants', () => this.tm.tenants().status()],
      ['tenant-history', async (params) => ({ history: await this.tm.tenants().history(required(params, 'slug'), limitOf(params) ?? 50) })],
      ['file', (params) => this.file(required(params, 'path'))],
    ]);
  }

  /** names lists the endpoints (`/api/<name>`). */
  get names(): readonly string[] {
    return [...this.endpoints.keys()];
  }

  /** answer runs one endpoint; undefined when there is no endpoint by that name. */
  answer(name: string, params: URLSearchParams): Promise<unknown> | undefined {
    return this.endpoints.get(name)?.(params);
  }

  private async overview(): Promise<unknown> {
    const { project } = this.tm;
    return {
      project: path.basename(project.root),
      database: (await this.tm.hasDatabase()) ? this.tm.databaseUrl : null,
      source: this.from ?? null,
      controlSchema: project.config.controlSchema,
      readOnly: project.readOnly,
    };
  }

  /** The model, as `inspect --json` prints it (from `--from`, or the database, or what the migrations build). */
  private async schema(): Promise<unknown> {
    return this.tm.model(this.from);
  }

  /** The creation SQL of every top-level object, as `inspect --format sql` prints it. */
  private async ddl(): Promise<unknown> {
    const [{ objectDdl }, model] = await Promise.all([import('../sql/object-ddl.js'), this.tm.model(this.from)]);
    return { objects: await objectDdl(model) };
  }

  /** As `drift --json` prints it. */
  private async drift(): Promise<unknown> {
    const [{ planJson }, { drifted, plan }] = await Promise.all([import('../plan/plan-json.js'), this.tm.drift()]);
    return { drifted, plan: planJson(plan) };
  }

  /**
   * One migration file's text, for the links from lint findings and the status table. Only files
   * in the project's migration directories are served: the page is on a local port, and a path
   * from it must not read anything else on the machine.
   */
  private async file(relative: string): Promise<unknown> {
    const { root, migrationsDir, config } = this.tm.project;
    const full = path.resolve(root, relative);
    const allowed = [migrationsDir, path.resolve(root, config.tenants.migrations)];
    if (!allowed.some((dir) => full.startsWith(dir + path.sep))) throw new UsageError(`not a migration file of this project: ${relative}`);
    const text = await fs.readFile(full, 'utf8').catch(() => {
      throw new UsageError(`no such migration file: ${relative}`);
    });
    return { path: path.relative(root, full), text };
  }
}

function required(params: URLSearchParams, name: string): string {
  const value = params.get(name);
  if (value === null || value === '') throw new UsageError(`the "${name}" parameter is required`);
  return value;
}

function limitOf(params: URLSearchParams): number | undefined {
  const raw = params.get('limit');
  if (raw === null) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`limit must be a positive whole number, got "${raw}"`);
  return n;
}
