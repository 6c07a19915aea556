// The JSON documents of Studio's endpoints: each is what the command of the same name prints with
// --json (src/studio/api.ts). The schema model's types are the library's own.
import type { SchemaModel } from '../../model/types.js';

export type { SchemaModel };
export type { ColumnDef, ConstraintDef, EnumDef, FunctionDef, IndexDef, PolicyDef, TableDef, ViewDef } from '../../model/types.js';

export interface Overview {
  readonly project: string;
  readonly database: string | null;
  readonly source: string | null;
  readonly controlSchema: string;
  readonly readOnly: boolean;
}

export interface ObjectDdl {
  readonly id: string;
  readonly kind: string;
  readonly schema: string | null;
  readonly name: string | null;
  readonly sql: string;
}

export type MigrationState = 'applied' | 'pending' | 'out-of-order' | 'changed' | 'missing';

export interface StatusReport {
  readonly database: string;
  readonly controlSchema: string;
  readonly current: string | null;
  readonly counts: Record<MigrationState, number>;
  readonly migrations: readonly {
    readonly version: string;
    readonly name: string;
    readonly state: MigrationState;
    readonly file: string | null;
    readonly description: string | null;
    readonly appliedAt: string | null;
    readonly appliedBy: string | null;
    readonly executionMs: number | null;
  }[];
}

export interface HistoryEvent {
  readonly version: string;
  readonly name: string;
  readonly action: 'up' | 'down' | 'stamp';
  readonly at: string;
  readonly executionMs: number;
  readonly by: string;
  readonly description?: string | null;
}

export interface Finding {
  readonly rule: string;
  readonly severity: 'error' | 'warning';
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
  readonly hint: string;
  readonly suggestion?: string;
}

export interface LintReport {
  readonly files: readonly string[];
  readonly findings: readonly Finding[];
  readonly errors: number;
  readonly warnings: number;
  readonly skipped: readonly { readonly file: string; readonly reason: string }[];
}

export interface DriftReport {
  readonly drifted: boolean;
  readonly plan: { readonly changes: readonly { readonly kind: string; readonly summary: string; readonly destructive: boolean }[]; readonly up: readonly string[]; readonly notes: readonly string[] };
}

export type AuditStatus = 'pending' | 'success' | 'failed';

export interface AuditRow {
  readonly migrationId: string;
  readonly tenantId: string;
  readonly versionApplied: number;
  readonly status: AuditStatus;
  readonly details: string | null;
  readonly appliedBy: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface TenantStatus {
  readonly slug: string;
  readonly tenantId: string;
  readonly schema: string;
  readonly shard: string | null;
  readonly version: string | null;
  readonly behind: number;
  readonly changed: number;
  readonly lastAttempt: AuditStatus | null;
  readonly schemaVersion: number | null;
  readonly schemaStatus: AuditStatus | null;
}

export interface TenantsReport {
  readonly latest: string | null;
  readonly tenants: readonly TenantStatus[];
  readonly behind: readonly string[];
  readonly failed: readonly string[];
  readonly pending: readonly (AuditRow & { readonly slug: string | null })[];
}

/** ApiError is an endpoint's `{ error: { code, message } }`, the CLI's --json error document. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function get<T>(name: string, params: Record<string, string> = {}): Promise<T> {
  const query = new URLSearchParams(params).toString();
  const response = await fetch(`/api/${name}${query ? `?${query}` : ''}`);
  const body = (await response.json()) as T | { error: { code: string; message: string } };
  if (!response.ok) {
    const { error } = body as { error: { code: string; message: string } };
    throw new ApiError(error.code, error.message);
  }
  return body as T;
}
