import { randomUUID } from 'node:crypto';
import type { Driver } from '../driver/driver.js';
import type { TenantRegistry } from './registry.js';

/** AuditStatus is seed 001's closed set of attempt states. */
export type AuditStatus = 'pending' | 'success' | 'failed';

/** AuditRow is one row of `schema_migrations`. */
export interface AuditRow {
  readonly migrationId: string;
  readonly tenantSchemaId: string | null;
  readonly tenantId: string;
  readonly versionApplied: number;
  readonly status: AuditStatus;
  readonly details: string | null;
  readonly appliedBy: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

const ISO = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const COLUMNS = `migration_id::text AS migration_id, tenant_schema_id::text AS tenant_schema_id, tenant_id::text AS tenant_id, version_applied, status, details, applied_by, ${ISO('created_at')} AS created_at, ${ISO('updated_at')} AS updated_at`;

type Raw = { migration_id: string; tenant_schema_id: string | null; tenant_id: string; version_applied: number; status: AuditStatus; details: string | null; applied_by: string | null; created_at: string; updated_at: string };
const toRow = (r: Raw): AuditRow => ({
  migrationId: r.migration_id,
  tenantSchemaId: r.tenant_schema_id,
  tenantId: r.tenant_id,
  versionApplied: Number(r.version_applied),
  status: r.status,
  details: r.details,
  appliedBy: r.applied_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/**
 * AuditLog writes seed 001's `schema_migrations` with its own queries. Each call is a statement of
 * its own on the control connection (autocommit), so a `pending` row is committed before the attempt
 * starts and survives an attempt that fails or dies.
 */
export class AuditLog {
  private readonly table: string;

  constructor(registry: TenantRegistry) {
    this.table = registry.table('schema_migrations');
  }

  /**
   * begin records the start of an attempt (seed 001's insert) and returns its migration_id. The id
   * is chosen here and a repeated insert does nothing, so the statement can be resent on a fresh
   * connection when the control connection died mid-call (see resilientControl).
   */
  async begin(db: Driver, args: { tenantSchemaId: string | null; tenantId: string; version: number; appliedBy: string }): Promise<string> {
    const migrationId = randomUUID();
    await db.query(
      `INSERT INTO ${this.table} (migration_id, tenant_schema_id, tenant_id, version_applied, status, applied_by) VALUES ($1, $2, $3, $4, 'pending', $5) ON CONFLICT (migration_id) DO NOTHING`,
      [migrationId, args.tenantSchemaId, args.tenantId, args.version, args.appliedBy.slice(0, 255)],
    );
    return migrationId;
  }

  /** finish records the outcome (seed 001's update). */
  async finish(db: Driver, migrationId: string, status: Exclude<AuditStatus, 'pending'>, details: string): Promise<void> {
    await db.query(`UPDATE ${this.table} SET status = $2, details = $3, updated_at = CURRENT_TIMESTAMP WHERE migration_id = $1`, [migrationId, status, details]);
  }

  /** history is seed 001's per-tenant query: most recent first. */
  async history(db: Driver, tenantId: string, limit = 50): Promise<AuditRow[]> {
    const { rows } = await db.query<Raw>(`SELECT ${COLUMNS} FROM ${this.table} WHERE tenant_id = $1 ORDER BY created_at DESC LIMIT $2`, [tenantId, Math.max(0, Math.floor(limit))]);
    return rows.map(toRow);
  }

  /** latest returns each tenant's most recent fleet (or, with `definitions`, schema-definition) attempt. */
  async latest(db: Driver, kind: 'fleet' | 'definition'): Promise<Map<string, AuditRow>> {
    const { rows } = await db.query<Raw>(
      `SELECT DISTINCT ON (tenant_id) ${COLUMNS} FROM ${this.table} WHERE tenant_schema_id IS ${kind === 'fleet' ? '' : 'NOT '}NULL ORDER BY tenant_id, created_at DESC, updated_at DESC`,
    );
    return new Map(rows.map((r) => [r.tenant_id, toRow(r)]));
  }

  /**
   * closeInterrupted closes a tenant's attempts still `pending` as `failed` with `details`. Call it
   * only while holding the tenant's lock: then none of them can belong to a live attempt.
   */
  async closeInterrupted(db: Driver, tenantId: string, details: string): Promise<AuditRow[]> {
    const { rows } = await db.query<Raw>(
      `UPDATE ${this.table} SET status = 'failed', details = $2, updated_at = CURRENT_TIMESTAMP WHERE tenant_id = $1 AND status = 'pending' RETURNING ${COLUMNS}`,
      [tenantId, details],
    );
    return rows.map(toRow).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** pending lists attempts that never recorded an outcome (died, or still running). */
  async pending(db: Driver): Promise<AuditRow[]> {
    const { rows } = await db.query<Raw>(`SELECT ${COLUMNS} FROM ${this.table} WHERE status = 'pending' ORDER BY created_at`);
    return rows.map(toRow);
  }
}
