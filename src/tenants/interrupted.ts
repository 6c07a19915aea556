import type { Driver } from '../driver/driver.js';
import type { AuditLog, AuditRow } from './audit.js';
import { isAlive, type ShardPools } from './connections.js';
import type { Tenant } from './registry.js';

/**
 * Every attempt on a tenant (a fleet migration, a tenant-defined schema) holds the tenant's
 * session-level advisory lock, on the tenant's own database, from before its `pending` audit row is
 * inserted until after its outcome is recorded. So whoever gets the lock knows that the tenant's
 * `pending` rows belong to attempts that died: their session, and with it the lock, is gone.
 *
 * Advisory locks are re-entrant within a session, and PGlite is one session shared by all callers
 * of a process; the set below keeps two attempts of one process apart on top of the lock.
 */
const heldHere = new Set<string>();
const lockKey = (tenant: Tenant) => `tidemark-tenant:${tenant.schema}`;

/** tryLockTenant takes the tenant's lock without waiting; false when another attempt holds it. */
export async function tryLockTenant(db: Driver, tenant: Tenant): Promise<boolean> {
  if (heldHere.has(tenant.tenantId)) return false;
  heldHere.add(tenant.tenantId);
  try {
    const { rows } = await db.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked', [lockKey(tenant)]);
    if (rows[0]?.locked === true) return true;
  } catch (error) {
    heldHere.delete(tenant.tenantId);
    throw error;
  }
  heldHere.delete(tenant.tenantId);
  return false;
}

/**
 * unlockTenant releases the lock. With `sessionDied`, the server already released it with the
 * session; only this process's mark is dropped.
 */
export async function unlockTenant(db: Driver, tenant: Tenant, sessionDied = false): Promise<void> {
  heldHere.delete(tenant.tenantId);
  if (!sessionDied) await db.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [lockKey(tenant)]).catch(() => {});
}

/**
 * trySecondLock takes the tenant's lock on a second database as well (a move holds it on the
 * source and the target, so no fleet run starts on either copy). Servers only: the in-process mark
 * of {@link tryLockTenant} is held once, for the first.
 */
export async function trySecondLock(db: Driver, tenant: Tenant): Promise<boolean> {
  const { rows } = await db.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked', [lockKey(tenant)]);
  return rows[0]?.locked === true;
}

/** releaseSecondLock releases what {@link trySecondLock} took. */
export async function releaseSecondLock(db: Driver, tenant: Tenant): Promise<void> {
  await db.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [lockKey(tenant)]).catch(() => {});
}

/** interruptedDetails is the audit log's text for an attempt that died. */
export function interruptedDetails(closedBy: string): string {
  return `Failed: attempt interrupted: it never recorded an outcome (its process or connection died); closed by ${closedBy} when the next attempt on this tenant started.`;
}

/** InterruptedContext is what {@link closeInterruptedAttempts} needs. */
export interface InterruptedContext {
  readonly control: Driver;
  readonly audit: AuditLog;
  readonly pools: ShardPools;
}

/**
 * closeInterruptedAttempts closes, as `failed` with "attempt interrupted", the `pending` audit
 * rows of the given tenants whose lock is free: attempts that died. Rows of an attempt still
 * running (its lock is held, here or by another process) are left alone. Returns the rows closed.
 */
export async function closeInterruptedAttempts(ctx: InterruptedContext, tenants: readonly Tenant[], closedBy: string): Promise<AuditRow[]> {
  const pending = new Set((await ctx.audit.pending(ctx.control)).map((r) => r.tenantId));
  const closed: AuditRow[] = [];
  for (const tenant of tenants.filter((t) => pending.has(t.tenantId))) {
    // A shard that cannot be reached leaves its rows pending; its tenants' attempts report why.
    const pool = ctx.pools.pool(tenant.shard);
    const db = await pool.acquire().catch(() => undefined);
    if (db === undefined) continue;
    let locked = false;
    let broken = false;
    try {
      locked = await tryLockTenant(db, tenant);
      if (locked) closed.push(...(await ctx.audit.closeInterrupted(ctx.control, tenant.tenantId, interruptedDetails(closedBy))));
    } catch (error) {
      broken = !(await isAlive(db));
      if (!broken) throw error;
    } finally {
      if (locked) await unlockTenant(db, tenant, broken);
      await pool.release(db, broken);
    }
  }
  return closed.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}
