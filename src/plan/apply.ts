import type { Driver } from '../driver/driver.js';
import { ExitCode, TidemarkError } from '../errors.js';
import type { PlanStatement } from './plan.js';

/**
 * ConcurrentStatementError: a statement that runs outside a transaction (CREATE INDEX
 * CONCURRENTLY) failed after the statements before it had committed. What it left behind (an
 * INVALID index) has been dropped; the message says what stays applied.
 */
export class ConcurrentStatementError extends TidemarkError {
  constructor(statement: string, applied: number, cleaned: boolean, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    const after = cleaned ? 'what it left behind was dropped' : 'what it left behind (an INVALID index) could not be dropped';
    super(
      'E_CONCURRENT',
      `${statement.split('\n')[0]} failed: ${reason}; ${after}, and the ${applied} statement(s) before it stay applied (they cannot run in one transaction with it)`,
      ExitCode.failed,
      { cause },
    );
  }
}

/** ApplyOptions: `lockTimeoutMs` bounds the wait for each lock a transactional group takes. */
export interface ApplyOptions {
  readonly lockTimeoutMs?: number;
}

/**
 * applyStatements runs a plan's statements: first those that must commit on their own
 * (ALTER TYPE … ADD VALUE), each in its own transaction; then the rest. A plan without
 * `concurrent` statements runs in ONE transaction, so a failure leaves nothing of it behind.
 * CREATE INDEX CONCURRENTLY cannot run in a transaction: a plan with such statements runs what
 * comes before them in one transaction, each of them on its own, then what comes after in
 * another. If one of them fails, PostgreSQL leaves an INVALID index: it is dropped, and a
 * {@link ConcurrentStatementError} says what stays applied.
 */
export async function applyStatements(db: Driver, statements: readonly PlanStatement[], options: ApplyOptions = {}): Promise<void> {
  for (const s of statements.filter((s) => !s.transactional)) await db.runScript(s.sql);
  const rest = statements.filter((s) => s.transactional);
  // Plans list their statements phase by phase, so the concurrent ones are contiguous.
  const first = rest.findIndex((s) => s.phase === 'concurrent');
  const end = first === -1 ? rest.length : rest.findLastIndex((s) => s.phase === 'concurrent') + 1;
  const [before, concurrent, after] = first === -1 ? [rest, [], []] : [rest.slice(0, first), rest.slice(first, end), rest.slice(end)];
  await inTransaction(db, before, options);
  let applied = before.length;
  for (const s of concurrent) {
    try {
      await db.runScript(s.sql);
    } catch (error) {
      const cleaned = s.ifFailed === undefined ? true : await db.runScript(s.ifFailed).then(() => true, () => false);
      throw new ConcurrentStatementError(s.sql, applied, cleaned, error);
    }
    applied++;
  }
  await inTransaction(db, after, options);
}

async function inTransaction(db: Driver, statements: readonly PlanStatement[], options: ApplyOptions): Promise<void> {
  if (statements.length === 0) return;
  // Only statements that take ACCESS EXCLUSIVE queue every reader behind them while they wait.
  const bounded = options.lockTimeoutMs !== undefined && statements.some((s) => s.hazards.lock === 'ACCESS EXCLUSIVE');
  const timeout = bounded ? `SET LOCAL lock_timeout = ${Math.round(options.lockTimeoutMs!)};\n` : '';
  try {
    await db.runScript(`BEGIN;\nSET LOCAL check_function_bodies = false;\n${timeout}${statements.map((s) => s.sql).join('\n')}\nCOMMIT;`);
  } catch (error) {
    await db.runScript('ROLLBACK').catch(() => {});
    throw error;
  }
}
