import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseEnv } from 'node:util';
import { ConfigError } from '../errors.js';
import { DEFAULT_DATABASE_URL } from '../driver/url.js';
import { applyEnvironment, environmentNames } from './environments.js';
import { withPresetScope } from '../presets/preset.js';
import { checkDevDatabaseUrl } from '../shadow/server.js';
import { configSchema, type TidemarkConfig, type TidemarkConfigInput } from './schema.js';

/** CONFIG_FILE_NAMES are searched, in this order, in each directory from the start upward. */
export const CONFIG_FILE_NAMES = ['tidemark.config.ts', 'tidemark.config.mts', 'tidemark.config.js', 'tidemark.config.mjs', 'tidemark.config.json'];

/** ResolvedConfig is a validated config plus where it came from and the database it resolves to. */
export interface ResolvedConfig {
  readonly config: TidemarkConfig;
  /** The config file, when one was found. */
  readonly file: string | undefined;
  /** Relative paths of the config (and pglite: URLs) resolve against this directory. */
  readonly root: string;
  /** The database URL after applying flag > DATABASE_URL > .env > config > default. */
  readonly databaseUrl: string;
  /** Which of those supplied the URL, for messages (`environment`: the chosen environment's `database`). */
  readonly databaseSource: 'flag' | 'environment' | 'env' | 'dotenv' | 'config' | 'default';
  /** The environment chosen with `--env` or TIDEMARK_ENV (see config `environments`), if any. */
  readonly environment: string | undefined;
  /** The dev database server shadows are created on (flag > config `devDatabase`); undefined: PGlite. */
  readonly devDatabase: string | undefined;
  readonly migrationsDir: string;
  readonly seedsDir: string;
  readonly schemaPath: string;
  readonly appliedBy: string;
  /** Connections to the project's databases refuse writes (see {@link LoadConfigOptions.readOnly}). */
  readonly readOnly: boolean;
}

/** LoadConfigOptions tell {@link loadConfig} where to look and what overrides what. */
export interface LoadConfigOptions {
  /** Directory to search upward from (default: process.cwd()). */
  readonly cwd?: string;
  /** An explicit config file (the CLI's --config); not searched for. */
  readonly configFile?: string;
  /** An inline config object instead of a file (programmatic use). */
  readonly config?: TidemarkConfigInput;
  /** The --database flag or API option, which beats everything else. */
  readonly database?: string;
  /** The --dev-database flag or API option: shadows become databases on this server (beats config `devDatabase`). */
  readonly devDatabase?: string;
  /** The environment to read DATABASE_URL and TIDEMARK_ENV from (default: process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The config environment to apply (the CLI's --env); beats TIDEMARK_ENV. */
  readonly environment?: string | undefined;
  /**
   * Open every connection to the project's databases (and its shards, and a database named as a
   * source) read-only, so nothing done through this project can write: `tidemark studio`.
   */
  readonly readOnly?: boolean;
}

async function isFile(p: string): Promise<boolean> {
  return fs.stat(p).then(
    (s) => s.isFile(),
    () => false,
  );
}

/** findConfigFile walks up from `start` and returns the first config file found. */
export async function findConfigFile(start: string): Promise<string | undefined> {
  let dir = path.resolve(start);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(dir, name);
      if (await isFile(candidate)) return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

async function importConfigFile(file: string): Promise<unknown> {
  const display = path.basename(file);
  try {
    if (file.endsWith('.json')) return JSON.parse(await fs.readFile(file, 'utf8'));
    if (file.endsWith('.ts') || file.endsWith('.mts')) {
      // jiti compiles TypeScript on the fly, so a .ts config needs no build step.
      const { createJiti } = await import('jiti');
      // `import { defineConfig } from 'tidemark'` resolves to the running Tidemark, so a config
      // loads even where Tidemark is not installed in the project (npx, a global install).
      const self = fileURLToPath(new URL('../index.js', import.meta.url));
      const jiti = createJiti(import.meta.url, { interopDefault: true, moduleCache: false, alias: { tidemark: self } });
      return await jiti.import(file, { default: true });
    }
    const module = (await import(pathToFileURL(file).href)) as { default?: unknown };
    return module.default ?? module;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ConfigError(display, [`could not load: ${reason}`], { cause: error });
  }
}

function formatIssuePath(issuePath: readonly PropertyKey[]): string {
  return issuePath.map(String).join('.');
}

function issuesOf(raw: Record<string, unknown>, environment?: { name: string; overridden: ReadonlySet<string> }): string[] {
  const result = configSchema.safeParse(raw);
  if (result.success) return [];
  // An issue under a key the environment set is that environment's, and says so.
  const where = (issuePath: readonly PropertyKey[]) =>
    environment && issuePath.length && environment.overridden.has(String(issuePath[0])) ? `environments.${environment.name}.` : '';
  return result.error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const keys = (issue as { keys: string[] }).keys;
      if (environment && issue.path.length === 0) return keys.map((k) => `unknown key "environments.${environment.name}.${k}"`).join('; ');
      const prefix = issue.path.length ? `${where(issue.path)}${formatIssuePath(issue.path)}.` : '';
      return keys.map((k) => `unknown key "${prefix}${k}"`).join('; ');
    }
    const key = formatIssuePath(issue.path) || '(root)';
    return `${where(issue.path)}${key}: ${issue.message}`;
  });
}

/**
 * validateConfig checks a raw config object and returns every problem at once, each naming its
 * key. Every environment in `environments` is checked too (a typo in `prod` is found on a laptop);
 * `environment` names the one to apply.
 */
export function validateConfig(raw: unknown, file?: string, environment?: string): TidemarkConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(file, ['the config must be an object (export default defineConfig({ ... }))']);
  }
  const base = raw as Record<string, unknown>;
  const issues = issuesOf(base);
  if (issues.length === 0) {
    for (const name of environmentNames(base)) {
      const merged = applyEnvironment(base, name, file);
      issues.push(...issuesOf(merged.raw, { name, overridden: merged.overridden }));
    }
  }
  if (issues.length) throw new ConfigError(file, [...new Set(issues)]);
  return configSchema.parse(environment === undefined ? base : applyEnvironment(base, environment, file).raw);
}

async function readDotenvDatabaseUrl(root: string): Promise<string | undefined> {
  const text = await fs.readFile(path.join(root, '.env'), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  return parseEnv(text)['DATABASE_URL'] || undefined;
}

function defaultAppliedBy(): string {
  let user = 'unknown';
  try {
    user = os.userInfo().username;
  } catch {
    // No passwd entry (some containers): keep "unknown".
  }
  return `${user}@${os.hostname()}`;
}

/**
 * loadConfig finds, loads and validates the configuration and resolves the database URL.
 * A missing config file is fine: every key has a default, and the database defaults to
 * `pglite:.tidemark/dev` so a newcomer needs no server.
 */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<ResolvedConfig> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const env = options.env ?? process.env;
  let file: string | undefined;
  let raw: unknown = options.config ?? {};
  if (options.configFile) {
    file = path.resolve(cwd, options.configFile);
    if (!(await isFile(file))) throw new ConfigError(undefined, [`config file ${options.configFile} does not exist`]);
    raw = await importConfigFile(file);
  } else if (!options.config) {
    file = await findConfigFile(cwd);
    if (file) raw = await importConfigFile(file);
  }
  const environment = options.environment || env['TIDEMARK_ENV'] || undefined;
  // A preset's own schemas join excludeSchemas here, so every command's scope leaves them out.
  const config = withPresetScope(validateConfig(raw, file ? path.relative(cwd, file) || path.basename(file) : undefined, environment));
  const root = file ? path.dirname(file) : cwd;
  // A chosen environment's own database beats DATABASE_URL: `--env staging` must not quietly run
  // against whatever the shell's DATABASE_URL names. Only --database beats it.
  const chosen = environment === undefined ? undefined : (raw as { environments: Record<string, { database?: unknown }> }).environments[environment];
  const environmentDatabase = chosen?.database;
  if (chosen && Object.hasOwn(chosen, 'database') && !environmentDatabase) {
    // `database: process.env.PROD_URL` with the variable unset must not fall back to another database.
    throw new ConfigError(file ? path.relative(cwd, file) || path.basename(file) : undefined, [`environments.${environment}.database: is empty (is the variable it reads set?)`]);
  }

  let databaseUrl: string;
  let databaseSource: ResolvedConfig['databaseSource'];
  const dotenvUrl = options.database || environmentDatabase || env['DATABASE_URL'] ? undefined : await readDotenvDatabaseUrl(root);
  if (options.database) [databaseUrl, databaseSource] = [options.database, 'flag'];
  else if (typeof environmentDatabase === 'string' && config.database) [databaseUrl, databaseSource] = [config.database, 'environment'];
  else if (env['DATABASE_URL']) [databaseUrl, databaseSource] = [env['DATABASE_URL'], 'env'];
  else if (dotenvUrl) [databaseUrl, databaseSource] = [dotenvUrl, 'dotenv'];
  else if (config.database) [databaseUrl, databaseSource] = [config.database, 'config'];
  else [databaseUrl, databaseSource] = [DEFAULT_DATABASE_URL, 'default'];

  const devDatabase = options.devDatabase || config.devDatabase || undefined;
  if (devDatabase !== undefined) checkDevDatabaseUrl(devDatabase);

  return {
    config,
    file,
    root,
    databaseUrl,
    databaseSource,
    environment,
    devDatabase,
    migrationsDir: path.resolve(root, config.migrations),
    seedsDir: path.resolve(root, config.seeds),
    schemaPath: path.resolve(root, config.schema),
    appliedBy: config.appliedBy ?? env['TIDEMARK_APPLIED_BY'] ?? defaultAppliedBy(),
    readOnly: options.readOnly === true,
  };
}
