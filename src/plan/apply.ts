import type { Driver } from '../driver/driver.js';
import type { PlanStatement } from './plan.js';

/**
 * applyStatements runs a plan's statements: first those that must commit on their own
 * (ALTER TYPE … ADD VALUE), each in its own transaction, then everything else in ONE transaction,
 * so a failure leaves nothing of it behind.
 */
export async function applyStatements(db: Driver, statements: readonly PlanStatement[]): Promise<void> {
  for (const s of statements.filter((s) => !s.transactional)) await db.runScript(s.sql);
  const rest = statements.filter((s) => s.transactional);
  if (rest.length === 0) return;
  try {
    await db.runScript(`BEGIN;\nSET LOCAL check_function_bodies = false;\n${rest.map((s) => s.sql).join('\n')}\nCOMMIT;`);
  } catch (error) {
    await db.runScript('ROLLBACK').catch(() => {});
    throw error;
  }
}
