import type { Driver } from '../driver/driver.js';
import { fingerprintFeatures, fingerprintSql } from './fingerprint-sql.js';
import { registeredTenantSchemas, schemaFilter, tableFilter, type ScopeOptions } from '../catalog/scope.js';

/**
 * Fingerprint is what PostgreSQL says a schema is, object by object: `kind identity` (e.g.
 * `column public.users.email`) mapped to the canonical JSON of its facts (pg_get_*def text, ACL,
 * reloptions, comment, …). It is read from the catalog with queries of its own, never from
 * Tidemark's model, so two databases with equal fingerprints are equal in everything those
 * queries see — and a model blind spot cannot make them look equal.
 *
 * Columns are identified by name, not position: a plan appends the columns it adds, and Tidemark
 * promises a schema, not a column order (convergence tests compare with `ignoreColumnOrder`).
 */
export type Fingerprint = ReadonlyMap<string, string>;

/** FingerprintOptions choose the schemas and tables (the project's scope, as introspection reads it) and whether owners count. */
export interface FingerprintOptions extends ScopeOptions {
  /** Tidemark's control schema, always left out (default `tidemark`). */
  readonly controlSchema?: string;
  /** Owners are part of the fingerprint only with config `owners`. */
  readonly owners?: boolean;
}

/** Facts whose value is a set: their order says nothing (ACL items, reloptions, policy roles). */
const SET_FACTS = new Set(['acl', 'options', 'toast options', 'fdw options', 'roles', 'tables', 'schemas', 'statistics', 'tags']);

/**
 * canonicalFacts turns one object's facts into the text a fingerprint compares: null facts left
 * out, set-valued facts sorted (by code unit, never by a database collation), keys in a fixed order.
 *
 * @example canonicalFacts({ acl: ['b=r', 'a=r'], comment: null }) === '{"acl":["a=r","b=r"]}'
 */
export function canonicalFacts(facts: Readonly<Record<string, unknown>>): string {
  return JSON.stringify(canonicalValue(facts, undefined));
}

function canonicalValue(value: unknown, key: string | undefined): unknown {
  if (Array.isArray(value)) {
    const items = value.map((v) => canonicalValue(v, undefined));
    return key !== undefined && SET_FACTS.has(key) ? items.map((v) => JSON.stringify(v)).sort().map((v) => JSON.parse(v) as unknown) : items;
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== null && v !== undefined) out[k] = canonicalValue(v, k);
    }
    return out;
  }
  return value;
}

/** fingerprintOf builds a fingerprint from rows as the catalog queries return them. */
export function fingerprintOf(rows: readonly { readonly kind: string; readonly identity: string; readonly facts: unknown }[]): Fingerprint {
  const entries = rows.map((r): [string, string] => [`${r.kind} ${r.identity}`, canonicalFacts(typeof r.facts === 'string' ? (JSON.parse(r.facts) as Record<string, unknown>) : (r.facts as Record<string, unknown>))]);
  return new Map(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

const USER_SCHEMAS_SQL = `
SELECT n.nspname AS name FROM pg_catalog.pg_namespace n
 WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND n.nspname !~ '^pg_(toast_)?temp_'
   AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_namespace'::regclass AND d.objid = n.oid AND d.deptype = 'e')`;

/**
 * readFingerprint reads the fingerprint of every user schema of `db` but the control schema, in
 * one read-only snapshot, with the deparse settings introspection uses (qualified names, UTC).
 *
 * @example const same = compareFingerprints(await readFingerprint(a), await readFingerprint(b)).length === 0;
 */
export async function readFingerprint(db: Driver, options: FingerprintOptions = {}): Promise<Fingerprint> {
  return fingerprintOf(await readFingerprintRows(db, options));
}

/**
 * OwnedFingerprint is a fingerprint with the planner identity each entry belongs to (see
 * fingerprintSql): `relation:public.users` for the table and its columns, null for an entry no one
 * object owns (default privileges). Closure verification splits it by these owners.
 */
export interface OwnedFingerprint {
  readonly fingerprint: Fingerprint;
  readonly owners: ReadonlyMap<string, string | null>;
}

/** readOwnedFingerprint reads a fingerprint as {@link readFingerprint} does, with each entry's owner. */
export async function readOwnedFingerprint(db: Driver, options: FingerprintOptions = {}): Promise<OwnedFingerprint> {
  const rows = await readFingerprintRows(db, options);
  return { fingerprint: fingerprintOf(rows), owners: new Map(rows.map((r) => [`${r.kind} ${r.identity}`, r.owner])) };
}

/**
 * splitFingerprint keeps the entries whose owner `inside` accepts (`inside: true`) or those it
 * does not (`inside: false`); an entry without an owner is never inside.
 */
export function splitFingerprint(owned: OwnedFingerprint, inside: (owner: string) => boolean, keep: boolean): Fingerprint {
  const out = new Map<string, string>();
  for (const [object, facts] of owned.fingerprint) {
    const owner = owned.owners.get(object) ?? null;
    if ((owner !== null && inside(owner)) === keep) out.set(object, facts);
  }
  return out;
}

type FingerprintRow = {
  readonly kind: string;
  readonly identity: string;
  readonly owner: string | null;
  readonly facts: unknown;
};

/**
 * readFingerprintRows reads every user schema of `db` but the control schema, in one read-only
 * snapshot, with the deparse settings introspection uses (qualified names, UTC): one statement for
 * the whole fingerprint (fingerprintSql).
 */
async function readFingerprintRows(db: Driver, options: FingerprintOptions): Promise<FingerprintRow[]> {
  await db.runScript(
    "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL search_path = ''; SET LOCAL timezone = 'UTC'; " +
      "SET LOCAL datestyle = 'ISO, MDY'; SET LOCAL intervalstyle = 'postgres'; SET LOCAL extra_float_digits = 3; SET LOCAL jit = off",
  );
  try {
    const version = Number((await db.query<{ v: number }>("SELECT current_setting('server_version_num')::int AS v")).rows[0]?.v);
    const control = options.controlSchema ?? 'tidemark';
    const rows0 = async (sql: string, params?: unknown[]) => (await db.query(sql, params)).rows;
    const all = (await db.query<{ name: string }>(USER_SCHEMAS_SQL)).rows.map((r) => r.name);
    const tenantSchemas = all.includes(control) ? await registeredTenantSchemas(rows0, control) : new Set<string>();
    const inScope = schemaFilter({ include: options.include, excludeSchemas: options.excludeSchemas, controlSchema: control, tenantSchemas });
    const schemas = all.filter(inScope);
    const leftOut = await leftOutRelations(db, schemas, options.excludeTables);
    const rows = (await db.query<FingerprintRow>(fingerprintSql(fingerprintFeatures(version)), [schemas, options.owners === true])).rows;
    await db.runScript('COMMIT');
    return leftOut.size === 0 ? rows : rows.filter((row) => !outOfScope(row.identity, leftOut));
  } catch (error) {
    await db.runScript('ROLLBACK').catch(() => {});
    throw error;
  }
}

/**
 * The relations a scope leaves out of the schemas it reads: tables excluded by config or kept by
 * other migration tools, with their indexes and sequences, as `regclass` prints them — the prefix
 * of every fingerprint identity on them (`public._prisma_migrations.checksum`).
 */
async function leftOutRelations(db: Driver, schemas: readonly string[], excludeTables: readonly string[] | undefined): Promise<Set<string>> {
  const outOfScope = tableFilter(excludeTables);
  const tables = (await db.query<{ oid: string; schema: string; name: string }>(TABLES_SQL, [schemas])).rows.filter((t) => outOfScope(t.schema, t.name));
  if (tables.length === 0) return new Set();
  return new Set((await db.query<{ name: string }>(RELATIONS_OF_SQL, [tables.map((t) => t.oid)])).rows.map((r) => r.name));
}

const TABLES_SQL = `
SELECT c.oid::int8::text AS oid, n.nspname AS schema, c.relname AS name
  FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind IN ('r', 'p', 'f') AND n.nspname = ANY($1)`;

const RELATIONS_OF_SQL = `
SELECT c.oid::pg_catalog.regclass::text AS name FROM pg_catalog.pg_class c WHERE c.oid = ANY($1::oid[])
UNION ALL
SELECT i.indexrelid::pg_catalog.regclass::text FROM pg_catalog.pg_index i WHERE i.indrelid = ANY($1::oid[])
UNION ALL
SELECT d.objid::pg_catalog.regclass::text FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_class s ON s.oid = d.objid AND s.relkind = 'S'
 WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
   AND d.refobjid = ANY($1::oid[]) AND d.deptype IN ('a', 'i')`;

/** Whether a fingerprint identity is one of `relations` or something on one (a column, a constraint…). */
function outOfScope(identity: string, relations: ReadonlySet<string>): boolean {
  if (relations.size === 0) return false;
  if (relations.has(identity)) return true;
  for (let dot = identity.indexOf('.'); dot !== -1; dot = identity.indexOf('.', dot + 1)) if (relations.has(identity.slice(0, dot))) return true;
  return false;
}

/** FingerprintDifference is one object that differs: absent on one side, or with different facts. */
export interface FingerprintDifference {
  /** `kind identity`, e.g. `index public.users_email_idx`. */
  readonly object: string;
  /** `missing`: expected but absent; `unexpected`: present but not expected; `differs`: see `facts`. */
  readonly problem: 'missing' | 'unexpected' | 'differs';
  /** The facts that differ (for `differs`), e.g. `['definition', 'valid']`. */
  readonly facts: readonly string[];
}

/**
 * compareFingerprints lists every object in which `actual` differs from `expected`, sorted by
 * object; empty means equal.
 */
export function compareFingerprints(actual: Fingerprint, expected: Fingerprint): FingerprintDifference[] {
  const out: FingerprintDifference[] = [];
  for (const [object, facts] of expected) {
    const got = actual.get(object);
    if (got === undefined) out.push({ object, problem: 'missing', facts: [] });
    else if (got !== facts) out.push({ object, problem: 'differs', facts: differingFacts(JSON.parse(got) as Record<string, unknown>, JSON.parse(facts) as Record<string, unknown>) });
  }
  for (const object of actual.keys()) if (!expected.has(object)) out.push({ object, problem: 'unexpected', facts: [] });
  return out.sort((a, b) => (a.object < b.object ? -1 : a.object > b.object ? 1 : 0));
}

function differingFacts(actual: Record<string, unknown>, expected: Record<string, unknown>): string[] {
  const keys = [...new Set([...Object.keys(actual), ...Object.keys(expected)])].sort();
  return keys.filter((k) => JSON.stringify(actual[k]) !== JSON.stringify(expected[k]));
}

