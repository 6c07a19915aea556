import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createTwoFilesPatch } from 'diff';
import { parseDatabaseUrl } from '../../src/driver/url.js';
import type { Driver } from '../../src/driver/driver.js';
import { acquireDirLock } from '../../src/driver/pglite/dir-lock.js';
import { PGLITE_INSTANCE } from '../../src/driver/pglite/pglite-driver.js';
import { seedDataDir } from '../../src/driver/pglite/template.js';
import { createPglite } from '../../src/driver/pglite/create.js';
import { splitStatements, type ParsedStatement } from '../../src/parser/parser.js';
import { utf8ToIndex } from '../../src/parser/text-position.js';

/**
 * Tests judge a schema by `pg_dump --schema-only`, not only by Tidemark's own model: a model that
 * lacks an object kind cannot see that kind missing, pg_dump can. A server is dumped by the
 * machine's pg_dump; a PGlite data directory by pg_dump compiled to WebAssembly
 * (@electric-sql/pglite-tools), because a native pg_dump cannot reach an embedded database and
 * would refuse its newer server version anyway. Dumps are only ever compared within one target.
 */

/** DumpOptions choose what a dump holds; the defaults match Tidemark's defaults. */
export interface DumpOptions {
  /** Dump only these schemas (default: all but Tidemark's control schema). */
  readonly schemas?: readonly string[];
  /** Keep object owners (default false: owners differ between environments). */
  readonly owners?: boolean;
  /** Keep GRANT/REVOKE and default privileges (default true). */
  readonly privileges?: boolean;
  /**
   * A driver the database is open through. A PGlite directory cannot be opened twice, and
   * reopening it costs about a second, so its dump goes through this driver's instance; a server
   * is dumped over its own connection regardless.
   */
  readonly open?: Driver;
}

const PG_DUMP = process.env['TIDEMARK_TEST_PG_DUMP'] ?? 'pg_dump';
const run = promisify(execFile);

function dumpArgs(options: DumpOptions): string[] {
  const args = ['--schema-only', '--exclude-schema=tidemark'];
  if (!options.owners) args.push('--no-owner');
  if (options.privileges === false) args.push('--no-privileges');
  // pg_dump reads --schema as a pattern: double quotes keep a name's case and its * ? . literal.
  for (const schema of options.schemas ?? []) args.push(`--schema="${schema.replaceAll('"', '""')}"`);
  return args;
}

async function dumpServer(url: string, args: string[]): Promise<string> {
  const { stdout } = await run(PG_DUMP, [...args, `--dbname=${url}`], { maxBuffer: 256 * 1024 * 1024 });
  return stdout;
}

type PgDumpModule = typeof import('@electric-sql/pglite-tools/pg_dump');
type PgliteModule = typeof import('@electric-sql/pglite');
type PgliteInstance = InstanceType<PgliteModule['PGlite']>;
let pgliteTools: Promise<PgDumpModule> | undefined;

function loadPgliteTools(): Promise<PgDumpModule> {
  pgliteTools ??= import('@electric-sql/pglite-tools/pg_dump');
  return pgliteTools;
}

/**
 * dumpInstance runs the WebAssembly pg_dump over an open instance. pg_dump ends by dropping its
 * connection, which on a server also ends its read-only transaction and its session settings; a
 * PGlite instance has one session that outlives it, so both are undone here.
 */
async function dumpInstance(pg: PgliteInstance, args: string[]): Promise<string> {
  const { pgDump } = await loadPgliteTools();
  const settings = await pg.query<{ name: string; setting: string }>(`select name, setting from pg_settings where source = 'session'`);
  try {
    return await (await pgDump({ pg, args })).text();
  } finally {
    if (pg.isInTransaction()) await pg.exec('ROLLBACK');
    await pg.exec('RESET ALL');
    for (const { name, setting } of settings.rows) await pg.query('select pg_catalog.set_config($1, $2, false)', [name, setting]);
  }
}

/**
 * dumpPgliteDir opens the data directory the way Tidemark's driver does — under its lock, with every
 * contrib extension registered, since a directory that used one cannot be opened without it — and
 * runs the WebAssembly pg_dump against the instance.
 */
async function dumpPgliteDir(dataDir: string, args: string[]): Promise<string> {
  const release = await acquireDirLock(dataDir, 60_000);
  try {
    await seedDataDir(dataDir);
    const pg = await createPglite(dataDir);
    try {
      return await dumpInstance(pg, args);
    } finally {
      await pg.close();
    }
  } finally {
    await release();
  }
}

/**
 * dumpSchema returns the normalized `pg_dump --schema-only` text of the database at `url`
 * (`postgres://…` or `pglite:<dir>`). A PGlite database that is open is dumped through the driver
 * given as `options.open`; otherwise its directory must not be open anywhere else.
 */
export async function dumpSchema(url: string, options: DumpOptions = {}): Promise<string> {
  const started = performance.now();
  try {
    return await dump(url, options);
  } finally {
    const stats = (dumpTimes[parseDatabaseUrl(url, process.cwd()).kind] ??= { count: 0, ms: 0 });
    stats.count++;
    stats.ms += performance.now() - started;
  }
}

/** With TIDEMARK_TEST_DUMP_TIMING set, each test process says how much of its time pg_dump took. */
const dumpTimes: Partial<Record<'postgres' | 'pglite', { count: number; ms: number }>> = {};
if (process.env['TIDEMARK_TEST_DUMP_TIMING']) {
  process.on('exit', () => {
    for (const [kind, { count, ms }] of Object.entries(dumpTimes)) {
      process.stderr.write(`pg_dump [${kind}] ${count} dumps, ${Math.round(ms)} ms, ${Math.round(ms / count)} ms each (${process.argv[1]})\n`);
    }
  });
}

async function dump(url: string, options: DumpOptions): Promise<string> {
  const target = parseDatabaseUrl(url, process.cwd());
  const args = dumpArgs(options);
  if (target.kind === 'postgres') return normalizeDump(await dumpServer(target.url, args));
  const instance = options.open?.kind === 'pglite' ? (options.open as Driver & { [PGLITE_INSTANCE]?: PgliteInstance })[PGLITE_INSTANCE] : undefined;
  if (instance) return normalizeDump(await dumpInstance(instance, args));
  if (!target.dataDir) throw new Error(`dumpSchema: ${url} lives in memory; pass the driver it is open through`);
  return normalizeDump(await dumpPgliteDir(target.dataDir, args));
}

/**
 * normalizeDump keeps every statement of a dump and drops what differs between two equal schemas:
 * comments, blank lines, session settings (SET, set_config), psql's \restrict lines (a random key
 * per run), and the order of a table's columns and inline constraints (PostgreSQL appends an added
 * column, so a planned table legitimately lists its columns in another order than a created one).
 * Statements are found by PostgreSQL's parser; each is printed with its semicolon, one after the other.
 */
export async function normalizeDump(dump: string): Promise<string> {
  // psql meta-commands are whole lines and not SQL, so the parser cannot be asked about them.
  const sql = dump
    .split('\n')
    .filter((line) => !line.startsWith('\\'))
    .join('\n');
  const toIndex = utf8ToIndex(sql);
  const out: string[] = [];
  // pg_dump prints an object's GRANTs in the order of its ACL items, which is the order they were
  // granted in and means nothing: a run of GRANTs (or of REVOKEs) is sorted.
  let run: { grant: boolean; texts: string[] } | undefined;
  const flush = () => {
    if (run) out.push(...run.texts.sort());
    run = undefined;
  };
  for (const statement of await splitStatements(sql)) {
    if (isSessionSetting(statement)) continue;
    const text = statement.nodeType === 'CreateStmt' ? sortTableElements(statement, toIndex) : statement.text;
    if (statement.nodeType === 'GrantStmt') {
      const grant = statement.node['is_grant'] === true;
      if (run?.grant !== grant) flush();
      (run ??= { grant, texts: [] }).texts.push(`${text};`);
      continue;
    }
    flush();
    out.push(`${text};`);
  }
  flush();
  return out.length ? `${out.join('\n')}\n` : '';
}

function isSessionSetting(statement: ParsedStatement): boolean {
  if (statement.nodeType === 'VariableSetStmt') return true;
  if (statement.nodeType !== 'SelectStmt') return false;
  // pg_dump's `SELECT pg_catalog.set_config('search_path', '', false);`
  const targets = (statement.node['targetList'] ?? []) as { ResTarget?: { val?: { FuncCall?: { funcname?: { String?: { sval?: string } }[] } } } }[];
  const names = targets.map((t) => t.ResTarget?.val?.FuncCall?.funcname?.map((n) => n.String?.sval).join('.'));
  return names.length === 1 && names[0] === 'pg_catalog.set_config' && !statement.node['fromClause'];
}

/**
 * sortTableElements prints a CREATE TABLE with its columns and inline constraints sorted, one per
 * line, without the commas between them. The parser says where each element starts; pg_dump closes
 * the element list with `)` at the start of a line.
 */
function sortTableElements(statement: ParsedStatement, toIndex: (byte: number) => number): string {
  const elements = (statement.node['tableElts'] ?? []) as Record<string, { location?: number }>[];
  const starts = elements
    .map((element) => Object.values(element)[0]?.location)
    .filter((location): location is number => location !== undefined && location >= 0)
    .map((location) => toIndex(location) - statement.start)
    .sort((a, b) => a - b);
  const { text } = statement;
  if (starts.length === 0 || starts.length !== elements.length) return text;
  const close = text.indexOf('\n)', starts[starts.length - 1]);
  if (close === -1) return text;
  const bodies = starts.map((start, i) => text.slice(start, i + 1 < starts.length ? starts[i + 1] : close).trimEnd().replace(/,$/, ''));
  return `${text.slice(0, starts[0])}${bodies.sort().join('\n    ')}${text.slice(close)}`;
}

/** MAX_DIFF_LINES keeps a failure readable when two schemas differ wholesale. */
const MAX_DIFF_LINES = 200;

/**
 * assertSameDump fails with a unified diff when two normalized dumps differ; `nameA` and `nameB`
 * head the diff's two sides.
 */
export function assertSameDump(dumpA: string, dumpB: string, label: string, nameA = 'A', nameB = 'B'): void {
  if (dumpA === dumpB) return;
  const patch = createTwoFilesPatch(nameA, nameB, dumpA, dumpB, undefined, undefined, { context: 3 }).split('\n');
  const shown = patch.length > MAX_DIFF_LINES ? [...patch.slice(0, MAX_DIFF_LINES), `… ${patch.length - MAX_DIFF_LINES} more lines`] : patch;
  assert.fail(`${label}: pg_dump --schema-only differs\n${shown.join('\n')}`);
}

/**
 * assertSameSchema dumps two closed databases of the same target and fails with a diff if they
 * differ. For open ones, take each {@link dumpSchema} with its driver and use {@link assertSameDump}.
 */
export async function assertSameSchema(urlA: string, urlB: string, label: string, options: Omit<DumpOptions, 'open'> = {}): Promise<void> {
  const [dumpA, dumpB] = [await dumpSchema(urlA, options), await dumpSchema(urlB, options)];
  assertSameDump(dumpA, dumpB, label);
}
