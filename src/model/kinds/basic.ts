import { sameValue } from '../../diff/same.js';
import type { DomainDef, EnumDef, ExtensionDef, SchemaDef, SchemaModel } from '../types.js';
import { ids, show, statement, tightening, type KindSpec, type Sql } from './kind.js';
import { addEnumValues, rebuildEnum } from './enum-rebuild.js';

/** Schemas. `public` is never dropped by a creation script's reverse (see write-drop). */
export const schemaKind: KindSpec<SchemaDef> = {
  label: 'schema',
  rank: 0,
  rebuildable: false,
  createdWithParent: false,
  list: (m) => m.schemas,
  id: (s) => ids.schema(s.name),
  parent: () => null,
  dependsOn: () => [],
  compare: () => 'same',
  create: (s, { ddl }) => [ddl.createSchema(s.name)],
  drop: (s, { ddl }) => [ddl.dropSchema(s.name)],
  alter: () => [],
  describeCreate: (s) => `Created schema '${s.name}'.`,
  describeDrop: (s) => `Dropped schema '${s.name}'.`,
  describeAlter: (_, s) => `Altered schema '${s.name}'.`,
  dropLosesData: true,
  comments: (s) => [{ on: { object: 'schema', name: s.name }, text: s.comment }],
};

/**
 * Extensions are matched by name; moving one to another schema recreates it. A version difference
 * is information, never a change: the same schema inspected from a PostgreSQL 18 PGlite and a 15
 * server ships different contrib versions.
 */
export const extensionKind: KindSpec<ExtensionDef> = {
  label: 'extension',
  rank: 1,
  rebuildable: false,
  createdWithParent: false,
  list: (m) => m.extensions,
  id: (e) => ids.extension(e.name),
  parent: () => null,
  dependsOn: (e) => [ids.schema(e.schema)],
  compare: (a, b) => (a.schema === b.schema ? 'same' : 'recreate'),
  create: (e, { ddl, pinVersions }) => [ddl.createExtension(e, pinVersions === true)],
  drop: (e, { ddl }) => [ddl.dropExtension(e)],
  alter: () => [],
  describeCreate: (e) => `Created extension '${e.name}'.`,
  describeDrop: (e) => `Dropped extension '${e.name}'.`,
  describeAlter: (_, e) => `Altered extension '${e.name}'.`,
  dropLosesData: true,
};

/** isSubsequence: every value of `from` appears in `to`, in the same order. */
function keepsOrder(from: readonly string[], to: readonly string[]): boolean {
  let i = 0;
  for (const value of to) if (value === from[i]) i++;
  return i === from.length;
}

/**
 * Enums: new values are added in place (each statement commits on its own, since a value cannot be
 * used in the transaction that adds it); a value removed or reordered rebuilds the type and converts
 * the columns that use it.
 */
export const enumKind: KindSpec<EnumDef> = {
  label: 'enum',
  rank: 3,
  rebuildable: false,
  createdWithParent: false,
  list: (m) => m.enums,
  id: (e) => ids.type(e),
  parent: () => null,
  dependsOn: (e) => [ids.schema(e.schema)],
  compare: (a, b) => (sameValue(a.values, b.values) ? 'same' : 'alter'),
  invalidates: (a, b, from) => (b && keepsOrder(a.values, b.values) ? [] : [ids.type(a), ...tablesUsing(a, from)]),
  create: (e, { ddl }) => [ddl.createEnum(e)],
  drop: (e, { ddl }) => [ddl.dropType(e)],
  alter: (a, b, ctx) => (keepsOrder(a.values, b.values) ? addEnumValues(a, b, ctx.ddl).map((sql) => ({ sql, transactional: false as const })) : rebuildEnum(a, b, ctx)),
  describeCreate: (e) => `Created enum '${show(e)}'.`,
  describeDrop: (e) => `Dropped enum '${show(e)}'.`,
  describeAlter: (a, b) => {
    if (keepsOrder(a.values, b.values)) return `Added value(s) ${b.values.filter((v) => !a.values.includes(v)).map((v) => `'${v}'`).join(', ')} to enum '${show(b)}'.`;
    const removed = a.values.filter((v) => !b.values.includes(v));
    return `Rebuilt enum '${show(b)}': ${removed.length ? `removed value(s) ${removed.map((v) => `'${v}'`).join(', ')}` : 'reordered its values'}.`;
  },
  dropLosesData: false,
  alterLosesData: (a, b) => a.values.some((v) => !b.values.includes(v)),
  comments: (e) => [{ on: { object: 'type', target: e }, text: e.comment }],
};

/** Relations with a column of the enum: a rebuild converts those columns, so views over them are rebuilt. */
function tablesUsing(type: EnumDef, model: SchemaModel): string[] {
  const id = ids.type(type);
  return model.tables.filter((t) => t.columns.some((c) => c.userType !== null && ids.type(c.userType) === id)).map((t) => ids.shape(t));
}

type DomainCheck = DomainDef['checks'][number];
const withoutComments = (d: DomainDef) => ({ ...d, comment: null, checks: d.checks.map((c) => ({ ...c, comment: null })) });

/** Domains: defaults, NOT NULL and checks change in place; a new base type or collation recreates it. */
export const domainKind: KindSpec<DomainDef> = {
  label: 'domain',
  rank: 4,
  rebuildable: false,
  createdWithParent: false,
  list: (m) => m.domains,
  id: (d) => ids.type(d),
  parent: () => null,
  dependsOn: (d) => [ids.schema(d.schema)],
  compare: (a, b) => (sameValue(withoutComments(a), withoutComments(b)) ? 'same' : 'alter'),
  create: (d, { ddl }) => ddl.createDomain(d),
  drop: (d, { ddl }) => [ddl.dropDomain(d)],
  alter: (from, to, { ddl, online }) => {
    if (from.type !== to.type || from.collation !== to.collation) return [ddl.dropDomain(from), ...ddl.createDomain(to)];
    const out: Sql[] = [];
    const target = `ALTER DOMAIN ${ddl.qn(to)}`;
    if (from.default !== to.default) out.push(to.default === null ? `${target} DROP DEFAULT;` : `${target} SET DEFAULT ${to.default};`);
    if (from.notNull !== to.notNull) out.push(`${target} ${to.notNull ? 'SET' : 'DROP'} NOT NULL;`);
    const same = (a: DomainCheck, b: DomainCheck) => sameValue({ ...a, comment: null }, { ...b, comment: null });
    for (const check of from.checks) if (!to.checks.some((t) => same(t, check))) out.push(`${target} DROP CONSTRAINT ${ddl.id(check.name)};`);
    for (const check of to.checks) {
      if (from.checks.some((f) => same(f, check))) continue;
      // Online, the columns of the domain's type are checked later, in the next migration; that
      // scan still holds SHARE on their tables before PostgreSQL 18.
      if (!online || !check.validated) out.push(`${target} ADD CONSTRAINT ${ddl.id(check.name)} ${check.definition};`);
      else out.push(`${target} ADD CONSTRAINT ${ddl.id(check.name)} ${check.definition} NOT VALID;`, tightening(`${target} VALIDATE CONSTRAINT ${ddl.id(check.name)};`, { lock: 'SHARE' }, 'validate'));
    }
    return out;
  },
  describeCreate: (d) => `Created domain '${show(d)}'.`,
  describeDrop: (d) => `Dropped domain '${show(d)}'.`,
  describeAlter: (_, d) => `Altered domain '${show(d)}'.`,
  dropLosesData: false,
  comments: (d) => [{ on: { object: 'domain', target: d }, text: d.comment }, ...d.checks.map((c) => ({ on: { object: 'domain constraint' as const, domain: d, name: c.name }, text: c.comment }))],
};
