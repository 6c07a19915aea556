import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseEnv } from 'node:util';
import { ConfigError } from '../errors.js';
import { DEFAULT_DATABASE_URL } from '../driver/url.js';
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
  /** Which of those supplied the URL, for messages. */
  readonly databaseSource: 'flag' | 'env' | 'dotenv' | 'config' | 'default';
  /** The dev database server shadows are created on (flag > config `devDatabase`); undefined: PGlite. */
  readonly devDatabase: string | undefined;
  readonly migrationsDir: string;
  readonly schemaPath: string;
  readonly appliedBy: string;
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
  /** The environment to read DATABASE_URL from (default: process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
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

/** validateConfig checks a raw config object and returns every problem at once, each naming its key. */
export function validateConfig(raw: unknown, file?: string): TidemarkConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(file, ['the config must be an object (export default defineConfig({ ... }))']);
  }
  const result = configSchema.safeParse(raw);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const keys = (issue as { keys: string[] }).keys;
      const prefix = issue.path.length ? `${formatIssuePath(issue.path)}.` : '';
      return keys.map((k) => `unknown key "${prefix}${k}"`).join('; ');
    }
    const key = formatIssuePath(issue.path) || '(root)';
    return `${key}: ${issue.message}`;
  });
  throw new ConfigError(file, issues);
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
  const config = validateConfig(raw, file ? path.relative(cwd, file) || path.basename(file) : undefined);
  const root = file ? path.dirname(file) : cwd;

  let databaseUrl: string;
  let databaseSource: ResolvedConfig['databaseSource'];
  const dotenvUrl = options.database || env['DATABASE_URL'] ? undefined : await readDotenvDatabaseUrl(root);
  if (options.database) [databaseUrl, databaseSource] = [options.database, 'flag'];
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
    devDatabase,
    migrationsDir: path.resolve(root, config.migrations),
    schemaPath: path.resolve(root, config.schema),
    appliedBy: config.appliedBy ?? env['TIDEMARK_APPLIED_BY'] ?? defaultAppliedBy(),
  };
}
