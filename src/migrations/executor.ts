import { ScriptError, databaseErrorFields, type Driver, type DatabaseErrorFields } from '../driver/driver.js';
import { MigrationExecutionError, type SqlLocation } from '../errors.js';
import { codePointToIndex } from '../parser/text-position.js';
import type { HistoryStore } from './history.js';
import { fileLocation, type Direction, type Step, type StepTimeouts } from './steps.js';
import { migrationDb, TransactionControlRefused } from './modules.js';
import { existingIndex, indexBuildOf, type ExistingIndex, invalidAfter, invalidIndexes, recovery } from './index-builds.js';
import type { ParsedStatement } from '../parser/parser.js';

export type { MigrationDb } from './modules.js';

/**
 * MigrationEvent is what the executor reports while it works. The CLI renders these as lines or
 * JSON; a service may log them; tests assert on them. Rendering is never the executor's business.
 */
export type MigrationEvent =
  | { readonly type: 'lock-wait' }
  | { readonly type: 'start'; readonly direction: Direction; readonly version: string; readonly name: string }
  | { readonly type: 'retry'; readonly direction: Direction; readonly version: string; readonly attempt: number; readonly delayMs: number; readonly reason: string }
  | { readonly type: 'done'; readonly direction: Direction; readonly version: string; readonly name: string; readonly durationMs: number }
  | { readonly type: 'failed'; readonly direction: Direction; readonly version: string; readonly name: string; readonly error: MigrationExecutionError }
  | { readonly type: 'stamp'; readonly version: string; readonly name: string }
  | { readonly type: 'repair'; readonly version: string; readonly name: string; readonly message: string }
  | { readonly type: 'sql'; readonly direction: Direction | 'setup'; readonly version: string; readonly name: string; readonly sql: string }
  | { readonly type: 'timing'; readonly step: TimedStep; readonly ms: number; readonly detail?: string };

/**
 * TimedStep is a step of a migration command before and around the migrations themselves: reading
 * the files, waiting for the connection, the lock, reading the history, parsing, creating the
 * control schema. `--verbose` prints them, so the fixed cost of a command is visible.
 */
export type TimedStep = 'files' | 'connect' | 'lock' | 'history' | 'parse' | 'control schema';

/** timed runs `work` and reports how long it took as a timing event. */
export async function timed<T>(onEvent: ExecutorOptions['onEvent'], step: TimedStep, work: () => Promise<T>, detail?: (result: T) => string): Promise<T> {
  const started = performance.now();
  const result = await work();
  const extra = detail?.(result);
  onEvent?.({ type: 'timing', step, ms: performance.now() - started, ...(extra === undefined ? {} : { detail: extra }) });
  return result;
}

/** ExecutorOptions configure how steps run. */
export interface ExecutorOptions extends StepTimeouts {
  readonly lockRetries: number;
  readonly lockRetryDelayMs: number;
  readonly appliedBy: string;
  readonly onEvent?: ((event: MigrationEvent) => void) | undefined;
  /** Injected for tests; defaults to setTimeout. */
  readonly sleep?: (ms: number) => Promise<void>;
}

const LOCK_NOT_AVAILABLE = '55P03';
const DEADLOCK_DETECTED = '40P01';

/** The SQL a dry run prints for a step: exactly what {@link runStep} would send. */
export function stepSql(step: Step, history: HistoryStore, appliedBy: string): string {
  switch (step.kind) {
    case 'sql-transactional':
      return step.script;
    case 'sql-autocommit':
      return [
        ...step.statements.map((s) => `${s.text};`),
        `BEGIN;\n${history.recordSql({ action: step.direction, version: step.file.version, name: step.file.name, checksum: step.file.checksum, appliedBy, executionMsSql: '<elapsed ms>' })}\nCOMMIT;`,
      ].join('\n');
    case 'module':
      return `-- ${step.file.displayPath}: ${step.direction}(db) runs TypeScript in one transaction; its SQL is not known before it runs`;
    default: {
      const never: never = step;
      return never;
    }
  }
}

/**
 * runStep applies or reverts one migration and records it. Transactional steps that hit
 * lock_timeout (or a deadlock) are retried with exponential backoff, since nothing of theirs
 * was kept. Throws {@link MigrationExecutionError} naming the failing statement's location.
 */
export async function runStep(db: Driver, step: Step, history: HistoryStore, options: ExecutorOptions): Promise<number> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const { file, direction } = step;
  options.onEvent?.({ type: 'start', direction, version: file.version, name: file.name });
  for (let attempt = 0; ; attempt++) {
    const started = performance.now();
    try {
      await runOnce(db, step, history, options);
      const durationMs = Math.round(performance.now() - started);
      options.onEvent?.({ type: 'done', direction, version: file.version, name: file.name, durationMs });
      return durationMs;
    } catch (caught) {
      const error = toExecutionError(step, caught);
      const retryable = step.kind !== 'sql-autocommit' && (error.sqlState === LOCK_NOT_AVAILABLE || error.sqlState === DEADLOCK_DETECTED);
      if (retryable && attempt < options.lockRetries) {
        const delayMs = options.lockRetryDelayMs * 2 ** attempt;
        options.onEvent?.({ type: 'retry', direction, version: file.version, attempt: attempt + 1, delayMs, reason: error.message });
        await sleep(delayMs);
        continue;
      }
      const final = retryable && options.lockRetries > 0 ? toExecutionError(step, caught, retryNote(error.sqlState, options.lockRetries)) : error;
      options.onEvent?.({ type: 'failed', direction, version: file.version, name: file.name, error: final });
      throw final;
    }
  }
}

async function runOnce(db: Driver, step: Step, history: HistoryStore, options: ExecutorOptions): Promise<void> {
  switch (step.kind) {
    case 'sql-transactional':
      try {
        await db.runScript(step.script);
      } catch (error) {
        await db.runScript('ROLLBACK').catch(() => {});
        throw error;
      }
      return;
    case 'sql-autocommit': {
      // Outside a transaction, lock_timeout would abort CREATE INDEX CONCURRENTLY while it waits
      // for old transactions — a wait that blocks no one — so only statement_timeout applies.
      const started = performance.now();
      await db.runScript(`SET statement_timeout = ${options.statementTimeoutMs}`);
      try {
        for (const [index, statement] of step.statements.entries()) await runAutocommitStatement(db, step, index, statement, options);
      } finally {
        await db.runScript('RESET statement_timeout').catch(() => {});
      }
      const elapsed = Math.round(performance.now() - started);
      await db.runScript(`BEGIN;\n${recordFor(step, history, options, String(elapsed))}\nCOMMIT;`);
      return;
    }
    case 'module': {
      await db.runScript(`BEGIN;\nSET LOCAL lock_timeout = ${options.lockTimeoutMs};\nSET LOCAL statement_timeout = ${options.statementTimeoutMs};`);
      try {
        await step.fn(migrationDb(db, step.file, step.direction));
        await db.runScript(`${recordFor(step, history, options, '(extract(epoch FROM clock_timestamp() - now()) * 1000)::integer')}\nCOMMIT;`);
      } catch (error) {
        await db.runScript('ROLLBACK').catch(() => {});
        throw error;
      }
      return;
    }
    default: {
      const never: never = step;
      throw new Error(`unknown step ${JSON.stringify(never)}`);
    }
  }
}

/**
 * runAutocommitStatement runs one statement of a transaction:false section. An index build is
 * checked for an INVALID result (see index-builds.ts); before a named CREATE INDEX, an invalid
 * index of that name on that table — left by an earlier attempt of this pending migration — is
 * dropped so that the build starts over instead of being skipped by IF NOT EXISTS.
 */
async function runAutocommitStatement(db: Driver, step: Step & { kind: 'sql-autocommit' }, index: number, statement: ParsedStatement, options: ExecutorOptions): Promise<void> {
  const build = indexBuildOf(statement);
  let before: Map<string, string> | undefined;
  let existing: ExistingIndex | undefined;
  if (build) {
    existing = await existingIndex(db, build);
    if (existing && !existing.valid && existing.sameTable) {
      if (existing.building) {
        throw new StatementFailure(index, new Error(`index ${existing.name} is being built by another session; wait for that build to finish (or cancel it) and rerun`));
      }
      await db.runScript(`DROP INDEX CONCURRENTLY IF EXISTS ${existing.sql}`);
      const { file } = step;
      options.onEvent?.({ type: 'repair', version: file.version, name: file.name, message: `dropped INVALID index ${existing.name} left by an earlier attempt; building it again` });
    }
    before = await invalidIndexes(db);
  }
  try {
    await db.runScript(statement.text);
  } catch (error) {
    const left = build && before ? await invalidAfter(db, build, before).catch(() => []) : [];
    throw new StatementFailure(index, error, left.length > 0 && build ? `; ${recovery(build, left)}` : '');
  }
  if (build && before) {
    const left = await invalidAfter(db, build, before);
    if (existing && !existing.sameTable && left.includes(existing.name)) {
      throw new StatementFailure(index, new Error(`IF NOT EXISTS skipped the build: the index ${existing.name} of another table has that name and is INVALID; drop it (DROP INDEX CONCURRENTLY ${existing.name}) or rename the new index, and rerun`));
    }
    if (left.length > 0) throw new StatementFailure(index, new Error(`${build.verb} completed but ${recovery(build, left)}`));
  }
}

function recordFor(step: Step, history: HistoryStore, options: ExecutorOptions, executionMsSql: string): string {
  const { file } = step;
  return history.recordSql({ action: step.direction, version: file.version, name: file.name, checksum: file.checksum, appliedBy: options.appliedBy, executionMsSql, squashes: file.squashes });
}

class StatementFailure extends Error {
  constructor(
    readonly index: number,
    override readonly cause: unknown,
    /** Appended to the error's message (what the failure left behind and how to recover). */
    readonly note = '',
  ) {
    super('statement failed');
  }
}

function toExecutionError(step: Step, caught: unknown, note = ''): MigrationExecutionError {
  if (caught instanceof MigrationExecutionError) return caught;
  const { file } = step;
  let fields: DatabaseErrorFields;
  let location: SqlLocation | undefined;
  let statement: string | undefined;
  if (step.kind === 'sql-transactional' && caught instanceof ScriptError) {
    fields = caught.fields;
    const index = caught.completedStatements - step.prefixStatements;
    const failing = step.statements[index];
    statement = failing?.text;
    const sectionEnd = step.prefixLength + step.section.sql.length;
    const at = fields.position === undefined ? undefined : codePointToIndex(step.script, fields.position - 1);
    if (at !== undefined && at >= step.prefixLength && at < sectionEnd) {
      location = fileLocation(file, step.section.offset + at - step.prefixLength);
    } else if (failing) {
      location = fileLocation(file, step.section.offset + failing.start);
    }
  } else if (step.kind === 'sql-autocommit' && caught instanceof StatementFailure) {
    fields = caught.cause instanceof ScriptError ? caught.cause.fields : databaseErrorFields(caught.cause);
    const failing = step.statements[caught.index]!;
    statement = failing.text;
    const within = fields.position === undefined ? 0 : codePointToIndex(failing.text, fields.position - 1);
    location = fileLocation(file, step.section.offset + failing.start + within);
    if (caught.index > 0) {
      fields = { ...fields, message: `${fields.message} (the ${caught.index} statement(s) before it in this transaction:false section stay applied)` };
    }
    if (caught.note) fields = { ...fields, message: `${fields.message}${caught.note}` };
  } else {
    fields = caught instanceof ScriptError ? caught.fields : databaseErrorFields(caught);
    if (caught instanceof TransactionControlRefused && caught.line !== undefined && caught.column !== undefined) {
      location = { file: file.displayPath, line: caught.line, column: caught.column };
    }
  }
  const verb = step.direction === 'up' ? 'applying' : 'reverting';
  const hint = fields.sqlState === '25001' ? ' — run it in a "-- migrate:up transaction:false" section' : '';
  return new MigrationExecutionError({
    version: file.version,
    message: `${verb} ${file.version}_${file.name} failed: ${fields.message}${hint}${note}`,
    sqlState: fields.sqlState,
    location: location ?? { file: file.displayPath, line: 1, column: 1 },
    statement,
    cause: caught,
  });
}

function retryNote(sqlState: string | undefined, retries: number): string {
  const reason = sqlState === LOCK_NOT_AVAILABLE ? 'a lock it needs stayed busy beyond lockTimeout' : 'it kept deadlocking';
  return `; ${reason}, gave up after ${retries} retries`;
}
