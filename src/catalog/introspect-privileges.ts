import type { DefaultPrivilegeDef, GrantTarget, OwnerDef, PrivilegeDef, PrivilegeGrant } from '../model/types.js';
import { str } from './rows.js';
import { DEFAULT_PRIVILEGES_SQL, OWNERS_SQL, PRIVILEGES_SQL } from './queries-privileges.js';

type Row = Record<string, unknown>;
type Rows = (sql: string, params?: unknown[]) => Promise<Row[]>;

const DEFAULT_OBJECTS: Record<string, DefaultPrivilegeDef['objects']> = { r: 'tables', S: 'sequences', f: 'functions', T: 'types', n: 'schemas' };

/** targetOf builds the object a row of PRIVILEGES_SQL or OWNERS_SQL is about, keys always in one order. */
function targetOf(r: Row): GrantTarget {
  const object = str(r['object']);
  const [schema, name] = [str(r['schema']), str(r['name'])];
  switch (object) {
    case 'schema':
      return { object, name };
    case 'sequence':
      return { object, schema, name, identity: r['identity_table'] ? { table: str(r['identity_table']), column: str(r['identity_column']) } : null };
    case 'column':
      return { object, schema, name, relation: str(r['args']) as 'table' | 'view' | 'materialized view', column: str(r['column_name']) };
    case 'function':
    case 'procedure':
    case 'aggregate':
      return { object, schema, name, identityArguments: str(r['args']) };
    default:
      return { object: object as 'table' | 'view' | 'materialized view' | 'enum' | 'domain' | 'composite' | 'range', schema, name };
  }
}

interface Exploded {
  readonly acl: Map<string, boolean>;
  readonly base: Set<string>;
}

/**
 * differing groups exploded ACL rows by a key (object and grantee) and keeps the grantees whose
 * privileges differ from their base.
 */
function differing(rows: readonly Row[], keyOf: (r: Row) => string): { first: Row; privileges: PrivilegeGrant[]; defaults: string[] }[] {
  const groups = new Map<string, { first: Row; exploded: Exploded }>();
  for (const r of rows) {
    const key = `${keyOf(r)}\u0000${str(r['grantee'])}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { first: r, exploded: { acl: new Map(), base: new Set() } }));
    const privilege = str(r['privilege']);
    // Two grantors may grant the same privilege: the grantee holds it, grantable if either allows.
    if (r['side'] === 'acl') group.exploded.acl.set(privilege, group.exploded.acl.get(privilege) === true || r['grantable'] === true);
    else group.exploded.base.add(privilege);
  }
  const out: { first: Row; privileges: PrivilegeGrant[]; defaults: string[] }[] = [];
  for (const { first, exploded } of groups.values()) {
    const { acl, base } = exploded;
    const same = acl.size === base.size && [...acl].every(([p, grantable]) => !grantable && base.has(p));
    if (same) continue;
    out.push({ first, privileges: [...acl].map(([privilege, grantable]) => ({ privilege, grantable })), defaults: [...base] });
  }
  return out;
}

/** AccessModel is the part of the model introspection reads from ACLs and owners. */
export interface AccessModel {
  readonly privileges: PrivilegeDef[];
  readonly defaultPrivileges: DefaultPrivilegeDef[];
  readonly owners: OwnerDef[];
}

/**
 * readAccess reads privileges, default privileges and (with `owners`) owners of the selected
 * schemas: two queries, three with owners. Database-wide default privileges are read only when
 * `databaseWide` (no explicit schema selection).
 */
export async function readAccess(rows: Rows, schemas: readonly string[], options: { owners: boolean; databaseWide: boolean }): Promise<AccessModel> {
  const [privilegeRows, defaultRows, ownerRows] = [
    await rows(PRIVILEGES_SQL, [schemas]),
    await rows(DEFAULT_PRIVILEGES_SQL, [schemas, options.databaseWide]),
    options.owners ? await rows(OWNERS_SQL, [schemas]) : [],
  ];
  const objectKey = (r: Row) => [r['object'], r['schema'], r['name'], r['args'], r['column_name']].map(str).join('\u0000');
  const privileges = differing(privilegeRows, objectKey).map(({ first, privileges, defaults }) => ({
    on: targetOf(first),
    grantee: str(first['grantee']),
    privileges,
    defaults,
  }));
  const defaultKey = (r: Row) => [r['role'], r['schema'], r['objtype']].map(str).join('\u0000');
  const defaultPrivileges = differing(defaultRows, defaultKey).map(({ first, privileges, defaults }) => ({
    role: str(first['role']),
    schema: first['schema'] === null || first['schema'] === undefined ? null : str(first['schema']),
    objects: DEFAULT_OBJECTS[str(first['objtype'])]!,
    grantee: str(first['grantee']),
    privileges,
    defaults,
  }));
  const owners = ownerRows.map((r) => ({ on: targetOf(r), owner: str(r['owner']) }));
  return { privileges, defaultPrivileges, owners };
}
