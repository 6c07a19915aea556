import fs from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ScriptError, databaseErrorFields, type Driver } from '../driver/driver.js';
import { SeedError, UsageError, MigrationFileError } from '../errors.js';
import { SqlSyntaxError, splitStatements, type ParsedStatement } from '../parser/parser.js';
import { codePointToIndex, lineColumnAt } from '../parser/text-position.js';
import type { MigrationDb } from '../migrations/executor.js';

/** SeedFile is one file of the seeds directory, read (and, for SQL, parsed) before any runs. */
export interface SeedFile {
  readonly name: string;
  readonly path: string;
  /** Relative to the project root, for messages. */
  readonly displayPath: string;
  readonly kind: 'sql' | 'module';
  readonly text: string;
  readonly statements: readonly ParsedStatement[];
}

/** SeedReport is one seed that ran. */
export interface SeedReport {
  readonly file: string;
  readonly durationMs: number;
}

const SEED_FILE = /\.(sql|ts|mts|js|mjs)$/;

/**
 * readSeeds reads the seeds directory in file-name order (`001_users.sql` before `002_orders.ts`)
 * and parses every SQL seed, so a syntax error anywhere is reported before the first seed runs.
 * Other files (README.md, .d.ts) are ignored. A missing directory is a usage error.
 */
export async function readSeeds(dir: string, root: string): Promise<SeedFile[]> {
  const shownDir = path.relative(root, dir) || dir;
  const names = await fs.readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') throw new UsageError(`seeds directory ${shownDir} does not exist (config seeds)`);
    throw error;
  });
  const seeds: SeedFile[] = [];
  for (const name of names.sort()) {
    if (!SEED_FILE.test(name) || name.endsWith('.d.ts')) continue;
    const file = path.join(dir, name);
    if (!(await fs.stat(file)).isFile()) continue;
    const displayPath = path.relative(root, file) || file;
    const text = (await fs.readFile(file, 'utf8')).replace(/^\uFEFF/, '');
    const kind = name.endsWith('.sql') ? 'sql' : 'module';
    let statements: ParsedStatement[] = [];
    if (kind === 'sql') {
      try {
        statements = await splitStatements(text);
      } catch (error) {
        if (!(error instanceof SqlSyntaxError)) throw error;
        const at = lineColumnAt(text, error.index);
        throw new MigrationFileError(`${displayPath}:${at.line}:${at.column}: ${error.message}`, { cause: error });
      }
    }
    seeds.push({ name, path: file, displayPath, kind, text, statements });
  }
  return seeds;
}

/** runSeeds runs each seed in its own transaction, in order; a failing seed is rolled back and stops the run. */
export async function runSeeds(db: Driver, seeds: readonly SeedFile[], onSeed?: (report: SeedReport) => void): Promise<SeedReport[]> {
  const reports: SeedReport[] = [];
  for (const seed of seeds) {
    const started = performance.now();
    if (seed.kind === 'sql') await runSqlSeed(db, seed);
    else await runModuleSeed(db, seed);
    const report = { file: seed.displayPath, durationMs: Math.round(performance.now() - started) };
    onSeed?.(report);
    reports.push(report);
  }
  return reports;
}

async function runSqlSeed(db: Driver, seed: SeedFile): Promise<void> {
  const prefix = 'BEGIN;\n';
  try {
    // The newline and semicolon end a last statement that lacks one, or a trailing comment.
    await db.runScript(`${prefix}${seed.text}\n;\nCOMMIT;`);
  } catch (error) {
    await db.runScript('ROLLBACK').catch(() => {});
    const fields = error instanceof ScriptError ? error.fields : databaseErrorFields(error);
    let index = 0;
    if (error instanceof ScriptError) {
      const script = `${prefix}${seed.text}`;
      const at = fields.position === undefined ? undefined : codePointToIndex(script, fields.position - 1);
      const failing = seed.statements[error.completedStatements - 1];
      index = at !== undefined && at >= prefix.length ? at - prefix.length : (failing?.start ?? 0);
    }
    const { line, column } = lineColumnAt(seed.text, Math.min(index, seed.text.length));
    throw new SeedError(`${seed.displayPath}:${line}:${column}: seed failed and was rolled back: ${fields.message}`, fields.sqlState, { cause: error });
  }
}

type SeedModule = { default?: unknown; seed?: unknown };

async function runModuleSeed(db: Driver, seed: SeedFile): Promise<void> {
  let module: SeedModule;
  if (/\.m?ts$/.test(seed.path)) {
    // Loaded like TypeScript migrations: jiti compiles on the fly, no build step.
    const { createJiti } = await import('jiti');
    module = (await createJiti(import.meta.url, { moduleCache: false }).import(seed.path)) as SeedModule;
  } else module = (await import(pathToFileURL(seed.path).href)) as SeedModule;
  const fn = typeof module.default === 'function' ? module.default : module.seed;
  if (typeof fn !== 'function') throw new UsageError(`${seed.displayPath}: a seed module exports a default or a seed(db) function`);
  await db.runScript('BEGIN');
  try {
    const seedDb: MigrationDb = {
      query: async <Row>(sql: string, params?: readonly unknown[]) => (await db.query(sql, params)).rows as Row[],
      exec: (sql: string) => db.runScript(sql),
    };
    await (fn as (db: MigrationDb) => unknown)(seedDb);
    await db.runScript('COMMIT');
  } catch (error) {
    await db.runScript('ROLLBACK').catch(() => {});
    const fields = databaseErrorFields(error);
    throw new SeedError(`${seed.displayPath}: seed failed and was rolled back: ${fields.message.split('\n')[0]}`, fields.sqlState, { cause: error });
  }
}
