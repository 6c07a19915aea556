/**
 * The fail-closed audit: after introspection, every object and non-default property the catalog
 * has in the selected schemas must be held by the model. What is not, Tidemark cannot represent,
 * so a diff would not see it; introspection refuses (or, when configured, warns) instead of
 * pretending the schema is complete.
 */
import type { SchemaModel } from '../model/types.js';
import { MODEL_PATHS } from './audit-model.js';
import type { AuditType } from './audit-queries.js';

/** AuditRow is one object or property the catalog has, as audit-queries.ts lists it. */
export interface AuditRow {
  readonly type: AuditType;
  /** The object's address, for pg_identify_object (IDENTIFY_SQL) to name it. */
  readonly classid: string;
  readonly objid: string;
  readonly objsubid: number;
  /** The non-default value of a property, shown after the object's name. */
  readonly detail: string | null;
  /** Raw names the model side rebuilds (audit-model.ts). */
  readonly path: readonly string[];
  /** Whether the object belongs to a selected schema or to the whole database. */
  readonly scope: 'schema' | 'database';
}

/** toAuditRow reads one row of the audit query. */
export function toAuditRow(r: Record<string, unknown>): AuditRow {
  return {
    type: String(r['type']) as AuditType,
    classid: String(r['classid']),
    objid: String(r['objid']),
    objsubid: Number(r['objsubid']),
    detail: r['detail'] === null || r['detail'] === undefined ? null : String(r['detail']),
    path: Array.isArray(r['path']) ? r['path'].map((p) => (p === null ? '' : String(p))) : [],
    scope: r['scope'] === 'd' ? 'database' : 'schema',
  };
}

/** UnsupportedObject is an audit row the model does not hold, named by pg_identify_object. */
export interface UnsupportedObject {
  readonly type: AuditType;
  /** pg_identify_object's identity, plus the non-default value of a property. */
  readonly identity: string;
}

// Names cannot hold NUL, so joining on it is unambiguous (and far cheaper than JSON for thousands of rows).
const key = (type: string, path: readonly string[]) => `${type}\u0000${path.join('\u0000')}`;

/**
 * unsupportedObjects returns the audit rows `model` does not hold, in the order given.
 *
 * @example unsupportedObjects(rows, model).map(describeUnsupported) // ['operator public.===(integer,integer)']
 */
export function unsupportedObjects(rows: readonly AuditRow[], model: SchemaModel): AuditRow[] {
  const held = new Set<string>();
  const types = new Set(rows.map((r) => r.type));
  for (const type of types) {
    const paths = MODEL_PATHS[type];
    // A type the query knows and the table does not is a bug here, not the user's: report it.
    if (!paths) continue;
    for (const path of paths(model)) held.add(key(type, path));
  }
  return rows.filter((r) => !held.has(key(r.type, r.path)));
}

/** describeUnsupported names one object: its type and identity (`operator public.===(integer,integer)`). */
export function describeUnsupported(row: UnsupportedObject): string {
  return `${row.type} ${row.identity}`;
}
