import { pathToFileURL } from 'node:url';
import type { Driver } from '../driver/driver.js';
import { MigrationFileError, MigrationStateError } from '../errors.js';
import { splitStatements } from '../parser/parser.js';
import type { MigrationFile } from './files.js';

/**
 * TypeScript (and JavaScript) migrations: loading them up front, so a file that does not compile
 * stops the run before anything is applied exactly like SQL that does not parse, and the handle
 * they run on, which refuses transaction control because Tidemark owns the migration's transaction.
 */

/** Direction of a migration run. */
type Direction = 'up' | 'down';

/** MigrationDb is what a TypeScript migration's up(db) / down(db) receives: the migration's transaction. */
export interface MigrationDb {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  exec(sql: string): Promise<void>;
}

/** MigrationFunction is an exported up(db) or down(db). */
export type MigrationFunction = (db: MigrationDb) => Promise<void> | void;

type MigrationModule = Partial<Record<Direction, unknown>>;

// A fleet prepares the same file once per tenant: load it once per MigrationFile object.
const loaded = new WeakMap<MigrationFile, Promise<MigrationModule>>();

/**
 * loadMigrationFunction compiles and imports a migration module and returns its `direction`
 * function. Throws {@link MigrationFileError} (`file:line:col` for a syntax error) when the module
 * does not load or exports no `up`, and {@link MigrationStateError} when a revert finds no `down`,
 * as for an SQL file without a down section.
 */
export async function loadMigrationFunction(file: MigrationFile, direction: Direction): Promise<MigrationFunction> {
  let module = loaded.get(file);
  if (!module) {
    module = importModule(file);
    loaded.set(file, module);
  }
  const fn = (await module)[direction];
  if (typeof fn === 'function') return fn as MigrationFunction;
  if (direction === 'down') throw new MigrationStateError(`${file.displayPath} exports no down(db) function, so it cannot be reverted`);
  throw new MigrationFileError(`${file.displayPath}: exports no up(db) function`);
}

async function importModule(file: MigrationFile): Promise<MigrationModule> {
  const { createJiti } = await import('jiti');
  const jiti = createJiti(import.meta.url, { moduleCache: false });
  const typescript = file.path.endsWith('.ts') || file.path.endsWith('.mts');
  try {
    if (typescript) return (await jiti.import(file.path)) as MigrationModule;
    return (await import(pathToFileURL(file.path).href)) as MigrationModule;
  } catch (error) {
    // Node's own SyntaxError has no position; jiti's compiler (babel) finds one.
    const located = typescript ? error : error instanceof SyntaxError ? await jiti.import(file.path).then(() => error, (e: unknown) => e) : error;
    throw new MigrationFileError(loadErrorMessage(file, located), { cause: error });
  }
}

// jiti reports a compile error as "ParseError: <message>\n <path>:<line>:<column>", the column 0-based.
const JITI_LOCATION = /^\s*(.+?):(\d+):(\d+)\s*$/;

function loadErrorMessage(file: MigrationFile, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const lines = message.split('\n');
  const location = lines.length > 1 ? JITI_LOCATION.exec(lines.at(-1)!) : null;
  if (location) {
    const text = lines.slice(0, -1).join(' ').replace(/\s+/g, ' ').trim();
    return `${file.displayPath}:${location[2]}:${Number(location[3]) + 1}: ${text}`;
  }
  return `${file.displayPath}: cannot load the migration: ${lines[0]!.trim()}`;
}

// Parsed once per distinct SQL text: data migrations often run one query in a loop.
const verdicts = new Map<string, Promise<string | undefined>>();

/** transactionControlIn returns the first transaction-control statement of `sql` (BEGIN, COMMIT, SAVEPOINT…), if any. */
async function transactionControlIn(sql: string): Promise<string | undefined> {
  let verdict = verdicts.get(sql);
  if (!verdict) {
    verdict = splitStatements(sql).then(
      (statements) => statements.find((s) => s.nodeType === 'TransactionStmt')?.text.split(/\s/)[0],
      // SQL the parser refuses is sent as is: the server parses a whole query string before it
      // runs any of it, so the query fails without ending the transaction.
      () => undefined,
    );
    if (verdicts.size > 1000) verdicts.clear();
    verdicts.set(sql, verdict);
  }
  return verdict;
}

/** TransactionControlRefused is thrown by the handle; `line`/`column` point at the call in the migration file when known. */
export class TransactionControlRefused extends Error {
  constructor(
    message: string,
    readonly line: number | undefined,
    readonly column: number | undefined,
  ) {
    super(message);
    this.name = 'TransactionControlRefused';
  }
}

/**
 * callSite finds the migration file's frame in a stack captured when db.query/db.exec was called.
 * jiti keeps line numbers (retainLines) but not columns, so the column is where that line's code
 * starts in the file.
 */
function callSite(file: MigrationFile, stack: string | undefined): { line: number; column: number } | undefined {
  for (const frame of (stack ?? '').split('\n')) {
    const at = frame.lastIndexOf(`${file.path}:`);
    if (at === -1) continue;
    const line = Number(/^(\d+):/.exec(frame.slice(at + file.path.length + 1))?.[1]);
    const text = file.text.split('\n')[line - 1];
    if (!Number.isInteger(line) || text === undefined) continue;
    return { line, column: text.length - text.trimStart().length + 1 };
  }
  return undefined;
}

/**
 * migrationDb returns the handle a migration function runs on: `db` inside the migration's
 * transaction, refusing statements that would end it, open another or set savepoints in it (a
 * COMMIT would make half of the migration permanent with its version unrecorded).
 */
export function migrationDb(db: Driver, file: MigrationFile, direction: Direction): MigrationDb {
  const guard = async (sql: string, call: string, stack: string | undefined): Promise<void> => {
    const statement = await transactionControlIn(sql);
    if (statement !== undefined) {
      const site = callSite(file, stack);
      throw new TransactionControlRefused(
        `${call}("${statement}"): transaction control is refused; Tidemark runs ${direction}(db) in one transaction and records the migration in it`,
        site?.line,
        site?.column,
      );
    }
  };
  return {
    // The stack is captured before the first await, while the migration's frame is on it.
    query: async <Row>(sql: string, params?: readonly unknown[]) => {
      await guard(sql, 'db.query', new Error().stack);
      return (await db.query(sql, params)).rows as Row[];
    },
    exec: async (sql: string) => {
      await guard(sql, 'db.exec', new Error().stack);
      await db.runScript(sql);
    },
  };
}
