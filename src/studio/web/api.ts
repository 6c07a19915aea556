// The JSON documents of Studio's endpoints: each is what the command of the same name prints with
// --json (src/studio/api.ts), typed with the library's own types (type-only: nothing of the
// library is bundled into the page).
import type { PlanJson } from '../../plan/plan-json.js';

export type { SchemaModel } from '../../model/types.js';
export type { ObjectDdl } from '../../sql/object-ddl.js';
export type { StatusReport } from '../../tidemark.js';
export type { MigrationState } from '../../migrations/status.js';
export type { HistoryEvent } from '../../migrations/history.js';
export type { Finding, LintReport } from '../../lint/types.js';
export type { AuditRow, AuditStatus } from '../../tenants/audit.js';
export type { TenantStatus, TenantsStatusReport as TenantsReport } from '../../tenants/tenants.js';

/** As `drift --json` prints it. */
export interface DriftReport {
  readonly drifted: boolean;
  readonly plan: PlanJson;
}

export type { ColumnDef, ConstraintDef, EnumDef, FunctionDef, IndexDef, PolicyDef, TableDef, ViewDef } from '../../model/types.js';

export interface Overview {
  readonly project: string;
  readonly database: string | null;
  readonly source: string | null;
  readonly controlSchema: string;
  readonly readOnly: boolean;
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
