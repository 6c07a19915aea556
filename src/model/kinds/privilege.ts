import type { Ddl } from '../../sql/ddl.js';
import type { DefaultPrivilegeDef, GrantTarget, OwnerDef, PrivilegeDef, PrivilegeGrant } from '../types.js';
import { ids, show, type KindSpec, type PlanContext } from './kind.js';

/** targetId is the identity of the object a privilege or owner is on. */
export function targetId(on: GrantTarget): string {
  switch (on.object) {
    case 'schema':
      return ids.schema(on.name);
    case 'column':
      return ids.column(on, on.column);
    case 'sequence':
      return ids.sequence(on);
    case 'enum':
    case 'domain':
    case 'composite':
    case 'range':
      return ids.type(on);
    case 'function':
    case 'procedure':
    case 'aggregate':
      return ids.function(on, on.identityArguments);
    default:
      return ids.relation(on);
  }
}

/**
 * parentOf is the object whose DROP takes the privilege along: the target itself, except a view's
 * column (part of the view, rebuilt with it) and an identity column's sequence (part of the column).
 */
function parentOf(on: GrantTarget): string {
  if (on.object === 'column' && on.relation !== 'table') return ids.relation(on);
  if (on.object === 'sequence' && on.identity) return ids.column({ schema: on.schema, name: on.identity.table }, on.identity.column);
  return targetId(on);
}

/** What GRANT and REVOKE name: `TABLE public.t`, `FUNCTION public.f(integer)`; a column names its table. */
function grantObject(on: GrantTarget, ddl: Ddl): string {
  switch (on.object) {
    case 'schema':
      return `SCHEMA ${ddl.id(on.name)}`;
    case 'function':
    case 'procedure':
      return `${on.object.toUpperCase()} ${ddl.qn(on)}(${on.identityArguments})`;
    case 'aggregate':
      // GRANT has no AGGREGATE: an aggregate is granted on as a function.
      return `FUNCTION ${ddl.qn(on)}(${on.identityArguments})`;
    case 'enum':
    case 'composite':
    case 'range':
      return `TYPE ${ddl.qn(on)}`;
    case 'domain':
    case 'sequence':
      return `${on.object.toUpperCase()} ${ddl.qn(on)}`;
    default:
      // Views and materialized views are granted on as tables (GRANT has no VIEW).
      return `TABLE ${ddl.qn(on)}`;
  }
}

/** Words for a target: `table 'users'`, `column 'email' of 'users'`, `function 'f(integer)'`. */
function subject(on: GrantTarget): string {
  switch (on.object) {
    case 'schema':
      return `schema '${on.name}'`;
    case 'column':
      return `column '${on.column}' of '${show(on)}'`;
    case 'function':
    case 'procedure':
    case 'aggregate':
      return `${on.object} '${show(on)}(${on.identityArguments})'`;
    default:
      return `${on.object} '${show(on)}'`;
  }
}

const roleOf = (grantee: string, ddl: Ddl) => (grantee === 'public' ? 'PUBLIC' : ddl.id(grantee));
const granteeWords = (grantee: string) => (grantee === 'public' ? 'PUBLIC' : `'${grantee}'`);

/**
 * revokeDefaultGrants takes back, right after a table, view or sequence is created, what ALTER
 * DEFAULT PRIVILEGES gave it. Privileges are planned from the built-in default (acldefault); a
 * schema whose default privileges grant more (Supabase grants its API roles everything in
 * `public`) would otherwise leave those grants on an object the model says lacks them. Every
 * grantee of a matching entry in either model is named — revoking what was not granted changes
 * nothing — but the entry's own role, whose objects they are. The object's modelled privileges are
 * granted after this (they depend on the object).
 */
export function revokeDefaultGrants(on: GrantTarget & { readonly schema: string }, objects: 'tables' | 'sequences', { from, to, ddl }: PlanContext): string[] {
  const grantees = new Set<string>();
  for (const model of [from, to]) {
    for (const d of model.defaultPrivileges) {
      if (d.objects === objects && (d.schema === null || d.schema === on.schema) && d.privileges.length > 0 && d.grantee !== d.role) grantees.add(d.grantee);
    }
  }
  if (grantees.size === 0) return [];
  return [`REVOKE ALL ON ${grantObject(on, ddl)} FROM ${[...grantees].sort().map((g) => roleOf(g, ddl)).join(', ')};`];
}

/** Step is one GRANT or REVOKE of a transition between two privilege sets. */
interface Step {
  readonly action: 'grant' | 'grant option' | 'revoke' | 'revoke option';
  readonly privileges: readonly string[];
}

const fromDefaults = (defaults: readonly string[]): PrivilegeGrant[] => defaults.map((privilege) => ({ privilege, grantable: false }));

/**
 * transition lists the REVOKEs and GRANTs that turn what a grantee holds from one set into another:
 * privileges taken away first, then grant options taken away, then privileges and grant options given.
 */
function transition(from: readonly PrivilegeGrant[], to: readonly PrivilegeGrant[]): Step[] {
  const before = new Map(from.map((p) => [p.privilege, p.grantable]));
  const after = new Map(to.map((p) => [p.privilege, p.grantable]));
  const revoke = [...before.keys()].filter((p) => !after.has(p));
  const revokeOption = [...before].filter(([p, g]) => g && after.get(p) === false).map(([p]) => p);
  const grant = [...after].filter(([p, g]) => !g && !before.has(p)).map(([p]) => p);
  const grantOption = [...after].filter(([p, g]) => g && before.get(p) !== true).map(([p]) => p);
  const steps: Step[] = [];
  if (revoke.length) steps.push({ action: 'revoke', privileges: revoke });
  if (revokeOption.length) steps.push({ action: 'revoke option', privileges: revokeOption });
  if (grant.length) steps.push({ action: 'grant', privileges: grant });
  if (grantOption.length) steps.push({ action: 'grant option', privileges: grantOption });
  return steps;
}

/** printSteps renders steps as statements: `prefix` (ALTER DEFAULT PRIVILEGES …), privileges, `ON …`, grantee. */
function printSteps(steps: readonly Step[], privilege: (p: string) => string, on: string, grantee: string, prefix = ''): string[] {
  return steps.map(({ action, privileges }) => {
    const list = privileges.map(privilege).join(', ');
    switch (action) {
      case 'grant':
        return `${prefix}GRANT ${list} ON ${on} TO ${grantee};`;
      case 'grant option':
        return `${prefix}GRANT ${list} ON ${on} TO ${grantee} WITH GRANT OPTION;`;
      case 'revoke':
        return `${prefix}REVOKE ${list} ON ${on} FROM ${grantee};`;
      case 'revoke option':
        return `${prefix}REVOKE GRANT OPTION FOR ${list} ON ${on} FROM ${grantee};`;
    }
  });
}

function describeSteps(steps: readonly Step[], what: string, grantee: string): string {
  const words = steps.map(({ action, privileges }) => {
    const list = privileges.join(', ');
    switch (action) {
      case 'grant':
        return `granted ${list} on ${what} to ${grantee}`;
      case 'grant option':
        return `granted ${list} with grant option on ${what} to ${grantee}`;
      case 'revoke':
        return `revoked ${list} on ${what} from ${grantee}`;
      case 'revoke option':
        return `revoked the grant option for ${list} on ${what} from ${grantee}`;
    }
  });
  return words.join('; ') || `kept the privileges on ${what} of ${grantee}`;
}

const sentence = (text: string) => `${text[0]!.toUpperCase()}${text.slice(1)}.`;

const samePrivileges = (a: readonly PrivilegeGrant[], b: readonly PrivilegeGrant[]) => transition(a, b).length === 0;

function privilegeSql(p: PrivilegeDef, from: readonly PrivilegeGrant[], to: readonly PrivilegeGrant[], ddl: Ddl): string[] {
  // A column privilege names its column after each privilege: GRANT SELECT (email) ON TABLE …
  const privilege = p.on.object === 'column' ? (name: string) => `${name} (${ddl.id((p.on as { column: string }).column)})` : (name: string) => name;
  return printSteps(transition(from, to), privilege, grantObject(p.on, ddl), roleOf(p.grantee, ddl));
}

/**
 * Privileges: what one grantee holds on one object beyond (or short of) a fresh object's ACL. A
 * privilege belongs to its object, so dropping the object takes it along and a recreated object
 * gets its grants back. Created, the object goes from its default ACL to the modelled one; dropped,
 * back.
 */
export const privilegeKind: KindSpec<PrivilegeDef> = {
  label: 'privilege',
  rank: 104,
  rebuildable: true,
  createdWithParent: false,
  list: (m) => m.privileges,
  id: (p) => `privilege:${targetId(p.on)}:${p.grantee}`,
  parent: (p) => parentOf(p.on),
  dependsOn: (p) => [parentOf(p.on)],
  compare: (a, b) => (samePrivileges(a.privileges, b.privileges) && samePrivileges(fromDefaults(a.defaults), fromDefaults(b.defaults)) ? 'same' : 'alter'),
  create: (p, { ddl }) => privilegeSql(p, fromDefaults(p.defaults), p.privileges, ddl),
  drop: (p, { ddl }) => privilegeSql(p, p.privileges, fromDefaults(p.defaults), ddl),
  alter: (a, b, { ddl }) => privilegeSql(b, a.privileges, b.privileges, ddl),
  describeCreate: (p) => sentence(describeSteps(transition(fromDefaults(p.defaults), p.privileges), subject(p.on), granteeWords(p.grantee))),
  describeDrop: (p) => sentence(describeSteps(transition(p.privileges, fromDefaults(p.defaults)), subject(p.on), granteeWords(p.grantee))),
  describeAlter: (a, b) => sentence(describeSteps(transition(a.privileges, b.privileges), subject(b.on), granteeWords(b.grantee))),
  dropLosesData: false,
};

const defaultTarget = (d: DefaultPrivilegeDef) => `${d.role}:${d.schema ?? '*'}:${d.objects}`;

function defaultPrivilegeSql(d: DefaultPrivilegeDef, from: readonly PrivilegeGrant[], to: readonly PrivilegeGrant[], ddl: Ddl): string[] {
  const prefix = `ALTER DEFAULT PRIVILEGES FOR ROLE ${ddl.id(d.role)}${d.schema === null ? '' : ` IN SCHEMA ${ddl.id(d.schema)}`} `;
  return printSteps(transition(from, to), (p) => p, d.objects.toUpperCase(), roleOf(d.grantee, ddl), prefix);
}

const defaultWhat = (d: DefaultPrivilegeDef) => `new ${d.objects} of '${d.role}'${d.schema === null ? '' : ` in schema '${d.schema}'`}`;

/**
 * Default privileges (ALTER DEFAULT PRIVILEGES), per role, schema (or database-wide), object type
 * and grantee. They come after every object, as in pg_dump: objects a plan creates get exactly
 * the privileges the model gives them, not the defaults' as well.
 */
export const defaultPrivilegeKind: KindSpec<DefaultPrivilegeDef> = {
  label: 'default privilege',
  rank: 108,
  rebuildable: false,
  createdWithParent: false,
  list: (m) => m.defaultPrivileges,
  id: (d) => `default-privilege:${defaultTarget(d)}:${d.grantee}`,
  parent: (d) => (d.schema === null ? null : ids.schema(d.schema)),
  dependsOn: (d) => (d.schema === null ? [] : [ids.schema(d.schema)]),
  compare: (a, b) => (samePrivileges(a.privileges, b.privileges) && samePrivileges(fromDefaults(a.defaults), fromDefaults(b.defaults)) ? 'same' : 'alter'),
  create: (d, { ddl }) => defaultPrivilegeSql(d, fromDefaults(d.defaults), d.privileges, ddl),
  drop: (d, { ddl }) => defaultPrivilegeSql(d, d.privileges, fromDefaults(d.defaults), ddl),
  alter: (a, b, { ddl }) => defaultPrivilegeSql(b, a.privileges, b.privileges, ddl),
  describeCreate: (d) => `Default privileges: ${describeSteps(transition(fromDefaults(d.defaults), d.privileges), defaultWhat(d), granteeWords(d.grantee))}.`,
  describeDrop: (d) => `Default privileges: ${describeSteps(transition(d.privileges, fromDefaults(d.defaults)), defaultWhat(d), granteeWords(d.grantee))}.`,
  describeAlter: (a, b) => `Default privileges: ${describeSteps(transition(a.privileges, b.privileges), defaultWhat(b), granteeWords(b.grantee))}.`,
  dropLosesData: false,
};

/** What ALTER … OWNER TO names: views and materialized views by their own words, unlike GRANT. */
function ownedObject(on: GrantTarget, ddl: Ddl): string {
  if (on.object === 'view' || on.object === 'materialized view') return `${on.object.toUpperCase()} ${ddl.qn(on)}`;
  if (on.object === 'aggregate') return `AGGREGATE ${ddl.qn(on)}(${on.identityArguments})`;
  return grantObject(on, ddl);
}

/**
 * Owners (config `owners: true`): set after the object is created, changed in place. Nothing undoes
 * an owner but another owner, so dropping one prints nothing (it only goes with its object).
 */
export const ownerKind: KindSpec<OwnerDef> = {
  label: 'owner',
  rank: 96,
  rebuildable: true,
  createdWithParent: false,
  list: (m) => m.owners,
  id: (o) => `owner:${targetId(o.on)}`,
  parent: (o) => targetId(o.on),
  dependsOn: (o) => [targetId(o.on)],
  compare: (a, b) => (a.owner === b.owner ? 'same' : 'alter'),
  create: (o, { ddl }) => [`ALTER ${ownedObject(o.on, ddl)} OWNER TO ${ddl.id(o.owner)};`],
  drop: () => [],
  alter: (_, o, { ddl }) => [`ALTER ${ownedObject(o.on, ddl)} OWNER TO ${ddl.id(o.owner)};`],
  describeCreate: (o) => `Set the owner of ${subject(o.on)} to '${o.owner}'.`,
  describeDrop: (o) => `Left the owner of ${subject(o.on)}.`,
  describeAlter: (a, b) => `Changed the owner of ${subject(b.on)} from '${a.owner}' to '${b.owner}'.`,
  dropLosesData: false,
};

/**
 * renamedTarget is a target once tables (`schema.old` → new name) and columns (`schema.table.old`
 * → new name, table as renamed) are renamed, so privileges on a renamed table stay its own.
 */
export function renamedTarget(on: GrantTarget, tables: ReadonlyMap<string, string>, columns: ReadonlyMap<string, string>): GrantTarget {
  if (on.object === 'schema') return on;
  const table = (name: string) => tables.get(`${on.schema}.${name}`) ?? name;
  const column = (tableName: string, name: string) => columns.get(`${on.schema}.${tableName}.${name}`) ?? name;
  if (on.object === 'table') return { ...on, name: table(on.name) };
  if (on.object === 'column' && on.relation === 'table') return { ...on, name: table(on.name), column: column(table(on.name), on.column) };
  if (on.object === 'sequence' && on.identity) return { ...on, identity: { table: table(on.identity.table), column: column(table(on.identity.table), on.identity.column) } };
  return on;
}
