import type { Driver } from '../driver/driver.js';
import { unqualifiedViewDefinition, VIEWDEF_BARE_SINCE } from './view-definition.js';
import { byRelation, str } from './rows.js';
import { normalizeModel } from '../model/normalize.js';
import type {
  ColumnDef,
  ConstraintDef,
  IndexDef,
  IndexElementDef,
  PolicyCommand,
  PolicyDef,
  QualifiedName,
  ReferentialAction,
  SchemaModel,
  StorageMode,
  TableDef,
  TriggerDef,
  TriggerEvent,
  ViewDef,
} from '../model/types.js';
import { readAccess } from './introspect-privileges.js';
import { readExtras } from './introspect-extras.js';
import * as q from './queries.js';
import { UnsupportedObjectsError } from '../errors.js';
import { describeUnsupported, toAuditRow, unsupportedObjects } from './audit.js';
import { auditSql, IDENTIFY_SQL, type AuditType } from './audit-queries.js';
import { readUserTypes } from './read-types.js';
import { openSnapshot, type CatalogSnapshot } from './snapshot.js';
import { auditPathOutOfScope, excludedTables, registeredTenantSchemas, schemaFilter, withoutTables, type ScopeOptions } from './scope.js';

/**
 * IntrospectOptions choose what becomes part of the model (see scope.ts for what never does:
 * the control schema, registered tenants' schemas, other migration tools' history).
 */
export interface IntrospectOptions extends ScopeOptions {
  /** Never these schemas (exact names; globs go in `excludeSchemas`). */
  readonly exclude?: readonly string[];
  /** The control schema to leave out (default `tidemark`). */
  readonly controlSchema?: string;
  /**
   * What to do with objects the model cannot represent (see catalog/audit.ts): `error` (default)
   * throws an {@link UnsupportedObjectsError} naming each; `warn` reports each to `onWarning`.
   */
  readonly unsupported?: 'error' | 'warn';
  /** Receives one `unsupported: <type> <identity>` line per unsupported object in `warn` mode. */
  readonly onWarning?: (message: string) => void;
  /** Read object owners (config `owners`); off, the model holds none, since owners differ between environments. */
  readonly owners?: boolean;
}

/** UnsupportedPolicy is the part of {@link IntrospectOptions} that a project's config and its caller decide. */
export type UnsupportedPolicy = Pick<IntrospectOptions, 'unsupported' | 'onWarning'>;

type Row = Record<string, unknown>;
const nullable = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

const ACTIONS: Record<string, ReferentialAction> = { a: 'no action', r: 'restrict', c: 'cascade', n: 'set null', d: 'set default' };
const MATCH: Record<string, 'simple' | 'full' | 'partial'> = { s: 'simple', f: 'full', p: 'partial' };
const CONSTRAINT_TYPES = { p: 'primary key', u: 'unique', f: 'foreign key', c: 'check', x: 'exclude' } as const;
const POLICY_COMMANDS: Record<string, PolicyCommand> = { '*': 'all', r: 'select', a: 'insert', w: 'update', d: 'delete' };
const STRATEGIES = { r: 'range', l: 'list', h: 'hash' } as const;

/**
 * introspect reads the user schemas of a live database into a {@link SchemaModel}, with a fixed
 * number of catalog queries in one read-only, repeatable-read transaction (a consistent snapshot).
 *
 * @example const model = await introspect(await openDriver(url), { exclude: ['audit'] });
 */
export async function introspect(db: Driver, options: IntrospectOptions = {}): Promise<SchemaModel> {
  const snapshot = await openSnapshot(db);
  try {
    return await readModel(snapshot, options);
  } finally {
    await snapshot.end();
  }
}

async function readModel({ main: rows, side }: CatalogSnapshot, options: IntrospectOptions): Promise<SchemaModel> {
  const versionRows = await rows("SELECT current_setting('server_version_num')::int AS v");
  const version = Number(versionRows[0]?.['v']);
  const features = q.catalogFeatures(version);

  const control = options.controlSchema ?? 'tidemark';
  const allSchemas = await rows(q.SCHEMAS_SQL);
  const inScope = schemaFilter({
    include: options.include,
    excludeSchemas: [...(options.exclude ?? []), ...(options.excludeSchemas ?? [])],
    controlSchema: control,
    tenantSchemas: allSchemas.some((r) => str(r['name']) === control) ? await registeredTenantSchemas(rows, control) : new Set(),
  });
  const schemaRows = allSchemas.filter((r) => inScope(str(r['name'])));
  const schemaNames = [schemaRows.map((r) => str(r['name']))];

  // Two lanes of about equal server time on a large schema: the side lane takes constraints, pg_depend
  // and the audit, the main lane the rest (columns and indexes are the slowest).
  const sideWork = Promise.all([
    side(q.constraintsSql(features), schemaNames),
    side(q.DEPENDENCIES_SQL, schemaNames),
    side(auditSql(features), schemaNames),
    readAccess(rows, schemaNames[0]!, { owners: options.owners === true, databaseWide: !options.include?.length }),
    readUserTypes(rows, schemaNames, version),
    readExtras(rows, version, schemaNames),
  ]);
  const mainWork = async () =>
    [
    await rows(q.EXTENSIONS_SQL, schemaNames),
    await rows(q.TYPES_SQL, schemaNames),
    await rows(q.SEQUENCES_SQL, schemaNames),
    await rows(q.RELATIONS_SQL, schemaNames),
    await rows(q.columnsSql(features), schemaNames),
    await rows(q.indexesSql(features), schemaNames),
    await rows(q.TRIGGERS_SQL, schemaNames),
    await rows(q.POLICIES_SQL, schemaNames),
    await rows(q.VIEW_DEPENDENCIES_SQL, schemaNames),
    await rows(q.FUNCTIONS_SQL, schemaNames),
    await rows(q.OPCLASSES_SQL),
    await rows(q.COLLATIONS_SQL),
    ] as const;
  // Both lanes settle before anything is reported, so no failure is left unhandled.
  const [mainResult, sideResult] = await Promise.allSettled([mainWork(), sideWork]);
  if (mainResult.status === 'rejected') throw mainResult.reason;
  if (sideResult.status === 'rejected') throw sideResult.reason;
  const [extensions, types, sequences, relations, columns, indexes, triggers, policies, viewDeps, functions, opclassRows, collationRows] = mainResult.value;
  const [constraints, dependencyRows, auditRows, access, userTypes, extras] = sideResult.value;

  // Key columns arrive as attribute numbers; names come from the columns already read, and, for
  // foreign keys into schemas outside the selection, from one more query.
  const attributes = new Map<string, Map<number, { name: string; collation: string }>>();
  const addAttribute = (relid: string, attnum: number, name: string, collation: string) => {
    let byNum = attributes.get(relid);
    if (!byNum) attributes.set(relid, (byNum = new Map()));
    byNum.set(attnum, { name, collation });
  };
  for (const c of columns) addAttribute(str(c['relid']), Number(c['attnum']), str(c['name']), str(c['collation_oid']));
  const outside = [...new Set(constraints.map((c) => str(c['ref_relid'])).filter((relid) => relid !== '0' && !attributes.has(relid)))];
  if (outside.length > 0) {
    for (const c of await rows(q.FOREIGN_COLUMNS_SQL, [outside])) addAttribute(str(c['relid']), Number(c['attnum']), str(c['name']), '0');
  }
  const names = (relid: string, keys: unknown) => (Array.isArray(keys) ? keys : []).map((k) => attributes.get(relid)?.get(Number(k))?.name ?? `#${k}`);
  const opclasses = new Map(opclassRows.map((r) => [str(r['oid']), str(r['name'])]));
  const collations = new Map(collationRows.map((r) => [str(r['oid']), str(r['name'])]));
  const resolver: Resolver = { names, attributes, opclasses, collations };

  const columnsOf = byRelation(columns, toColumn);
  const constraintsOf = byRelation(constraints, (r) => toConstraint(r, resolver));
  const indexesOf = byRelation(indexes, (r) => toIndex(r, resolver));
  const triggersOf = byRelation(triggers, (r) => toTrigger(r, resolver));
  const policiesOf = byRelation(policies, toPolicy);
  const depsOf = byRelation(viewDeps, (r) => ({ schema: str(r['schema']), name: str(r['name']) }));

  const tables: TableDef[] = [];
  const views: ViewDef[] = [];
  for (const r of relations) {
    const relid = str(r['oid']);
    const kind = str(r['kind']);
    const base = { schema: str(r['schema']), name: str(r['name']), comment: nullable(r['comment']) };
    if (kind === 'v' || kind === 'm') {
      views.push({
        ...base,
        materialized: kind === 'm',
        definition: version < VIEWDEF_BARE_SINCE ? await unqualifiedViewDefinition(str(r['view_definition'])) : str(r['view_definition']),
        options: list(r['options']),
        columns: columnsOf(relid).map((c) => ({ name: c.name, type: c.type, comment: c.comment })),
        indexes: indexesOf(relid),
        rules: extras.rulesOf(relid),
        statistics: extras.statisticsOf(relid),
        dependsOn: depsOf(relid),
      });
      continue;
    }
    const strategy = nullable(r['partition_strategy']) as keyof typeof STRATEGIES | null;
    tables.push({
      ...base,
      columns: columnsOf(relid),
      constraints: constraintsOf(relid),
      indexes: indexesOf(relid),
      triggers: triggersOf(relid),
      policies: policiesOf(relid),
      rules: extras.rulesOf(relid),
      statistics: extras.statisticsOf(relid),
      rowSecurity: r['row_security'] === true,
      forceRowSecurity: r['force_row_security'] === true,
      partitioning: strategy ? { strategy: STRATEGIES[strategy], key: str(r['partition_key']) } : null,
      partitionOf: r['parent_name'] ? { table: { schema: str(r['parent_schema']), name: str(r['parent_name']) }, bound: str(r['partition_bound']) } : null,
      inherits: json<QualifiedName[]>(r['inherits']),
      options: [...list(r['options']), ...list(r['toast_options'])],
      replicaIdentity: replicaIdentity(r),
      unlogged: r['unlogged'] === true,
    });
  }

  const model = normalizeModel({
    schemas: schemaRows.map((r) => ({ name: str(r['name']), comment: nullable(r['comment']) })),
    extensions: extensions.map((r) => ({ name: str(r['name']), schema: str(r['schema']), version: str(r['version']) })),
    enums: types.filter((r) => r['kind'] === 'e').map((r) => ({ schema: str(r['schema']), name: str(r['name']), values: list(r['values']), comment: nullable(r['comment']) })),
    domains: types
      .filter((r) => r['kind'] === 'd')
      .map((r) => ({
        schema: str(r['schema']),
        name: str(r['name']),
        type: str(r['base_type']),
        notNull: r['not_null'] === true,
        default: nullable(r['default']),
        collation: nullable(r['collation']),
        checks: json<{ name: string; definition: string; validated: boolean; comment: string | null }[]>(r['checks']),
        comment: nullable(r['comment']),
      })),
    ...userTypes,
    sequences: sequences.map((r) => ({
      schema: str(r['schema']),
      name: str(r['name']),
      type: str(r['type']),
      start: str(r['start']),
      increment: str(r['increment']),
      min: str(r['min']),
      max: str(r['max']),
      cache: str(r['cache']),
      cycle: r['cycle'] === true,
      ownedBy: r['owner_table'] ? { schema: str(r['owner_schema']), table: str(r['owner_table']), column: str(r['owner_column']) } : null,
      comment: nullable(r['comment']),
    })),
    tables,
    views,
    functions: functions.map((r) => ({
      schema: str(r['schema']),
      name: str(r['name']),
      kind: r['kind'] === 'p' ? 'procedure' : 'function',
      identityArguments: str(r['identity_arguments']),
      definition: str(r['definition']),
      comment: nullable(r['comment']),
    })),
    aggregates: extras.aggregates,
    textSearchDictionaries: extras.textSearchDictionaries,
    textSearchConfigurations: extras.textSearchConfigurations,
    eventTriggers: extras.eventTriggers,
    publications: extras.publications,
    dependencies: dependencyRows.map((r) => [str(r['dependent']), str(r['referenced'])] as const),
    ...access,
  });
  const { model: scoped, relations: leftOut } = withoutTables(model, excludedTables(model, options.excludeTables));
  // Objects outside every schema count only when the whole database is asked for.
  const wholeDatabase = !options.include?.length;
  const audited = auditRows.map(toAuditRow).filter((r) => (wholeDatabase || r.scope === 'schema') && !auditPathOutOfScope(r.type, r.path, leftOut));
  const leftovers = unsupportedObjects(audited, scoped).map(({ type, classid, objid, objsubid, detail }) => ({ type, classid, objid, objsubid, detail }));
  const missing = leftovers.length === 0 ? [] : (await rows(IDENTIFY_SQL, [JSON.stringify(leftovers)])).map((r) => describeUnsupported({ type: str(r['type']) as AuditType, identity: str(r['identity']) }));
  if (missing.length > 0) {
    if (options.unsupported === 'warn') for (const m of missing) options.onWarning?.(`unsupported: ${m}`);
    else throw new UnsupportedObjectsError(missing);
  }
  return scoped;
}

function toColumn(r: Row): ColumnDef {
  const generatedKind = str(r['generated_kind']);
  // From PostgreSQL 17 a partition shares its parent's identity (no sequence of its own); 16 and
  // earlier give the partition none. Either way it is the parent's, modelled there only.
  const sharedIdentity = r['in_partition'] === true && (r['identity_sequence'] === null || r['identity_sequence'] === undefined);
  const identityKind = sharedIdentity ? '' : str(r['identity_kind']);
  return {
    name: str(r['name']),
    type: str(r['type']),
    userType: r['user_type_name'] ? { schema: str(r['user_type_schema']), name: str(r['user_type_name']) } : null,
    notNull: r['not_null'] === true,
    default: generatedKind === '' ? nullable(r['expression']) : null,
    identity:
      identityKind === ''
        ? null
        : {
            kind: identityKind === 'a' ? 'always' : 'by default',
            sequence: str(r['identity_sequence']),
            type: str(r['identity_type']),
            start: str(r['identity_start']),
            increment: str(r['identity_increment']),
            min: str(r['identity_min']),
            max: str(r['identity_max']),
            cache: str(r['identity_cache']),
            cycle: r['identity_cycle'] === true,
          },
    generated: generatedKind === '' ? null : { expression: str(r['expression']), kind: generatedKind === 'v' ? 'virtual' : 'stored' },
    collation: nullable(r['collation']),
    inheritance: r['in_partition'] === true || r['is_local'] !== true ? 'inherited' : r['is_inherited'] === true ? 'both' : 'local',
    notNullInheritedOnly: r['not_null_inherited_only'] === true,
    storage: r['storage'] ? { mode: STORAGE[str(r['storage'])]!, typeDefault: STORAGE[str(r['type_storage'])]! } : null,
    compression: nullable(r['compression']) === null ? null : (COMPRESSION[str(r['compression'])] ?? str(r['compression'])),
    statistics: r['statistics'] === null || r['statistics'] === undefined ? null : Number(r['statistics']),
    comment: nullable(r['comment']),
  };
}

const STORAGE: Record<string, StorageMode> = { p: 'plain', e: 'external', x: 'extended', m: 'main' };
// pg_attribute.attcompression codes, from PostgreSQL's access/toast_compression.h.
const COMPRESSION: Record<string, string> = { p: 'pglz', l: 'lz4' };
const REPLICA_IDENTITY = { d: 'default', f: 'full', n: 'nothing' } as const;

function replicaIdentity(r: Row): TableDef['replicaIdentity'] {
  const code = str(r['replica_identity']);
  // 'i' whose index is gone behaves as NOTHING, as PostgreSQL documents.
  if (code === 'i') return r['replica_identity_index'] ? { index: str(r['replica_identity_index']) } : 'nothing';
  return REPLICA_IDENTITY[code as keyof typeof REPLICA_IDENTITY] ?? 'default';
}

/** Resolver names what the catalog gives as numbers: attribute numbers, opclass and collation oids. */
interface Resolver {
  names(relid: string, keys: unknown): string[];
  readonly attributes: ReadonlyMap<string, ReadonlyMap<number, { name: string; collation: string }>>;
  readonly opclasses: ReadonlyMap<string, string>;
  readonly collations: ReadonlyMap<string, string>;
}

function toConstraint(r: Row, resolve: Resolver): ConstraintDef {
  const type = CONSTRAINT_TYPES[str(r['type']) as keyof typeof CONSTRAINT_TYPES];
  return {
    name: str(r['name']),
    type,
    definition: str(r['definition']),
    columns: resolve.names(str(r['relid']), r['keys']),
    foreignKey:
      type === 'foreign key'
        ? {
            table: { schema: str(r['ref_schema']), name: str(r['ref_table']) },
            columns: resolve.names(str(r['ref_relid']), r['ref_keys']),
            onUpdate: ACTIONS[str(r['on_update'])] ?? 'no action',
            onDelete: ACTIONS[str(r['on_delete'])] ?? 'no action',
            match: MATCH[str(r['match'])] ?? 'simple',
          }
        : null,
    check: nullable(r['check_expression']),
    nullsNotDistinct: r['nulls_not_distinct'] === true,
    deferrable: r['deferrable'] === true,
    initiallyDeferred: r['deferred'] === true,
    validated: r['validated'] === true,
    comment: nullable(r['comment']),
  };
}

// The collation PostgreSQL gives an expression of a collatable type with no COLLATE clause.
const DEFAULT_COLLATION_OID = '100';
// pg_index.indoption bits, from PostgreSQL's catalog/pg_index.h.
const INDOPTION_DESC = 1;
const INDOPTION_NULLS_FIRST = 2;

function toIndex(r: Row, resolve: Resolver): IndexDef {
  const relid = str(r['relid']);
  const keys = (r['keys'] as number[] | null) ?? [];
  const keyCount = Number(r['key_count']);
  const options = (r['options'] as number[] | null) ?? [];
  const opclasses = list(r['opclasses']);
  const collations = list(r['collations']);
  const texts = list(r['element_texts']);
  const names = list(r['element_names']);
  const elements: IndexElementDef[] = [];
  for (let k = 0; k < keyCount; k++) {
    const attnum = Number(keys[k]);
    const attribute = attnum === 0 ? undefined : resolve.attributes.get(relid)?.get(attnum);
    const collation = collations[k] ?? '0';
    const implicit = attribute ? attribute.collation : DEFAULT_COLLATION_OID;
    elements.push({
      column: attribute?.name ?? null,
      expression: attnum === 0 ? (texts[k] ?? null) : null,
      expressionName: attnum === 0 ? (names[k] ?? null) : null,
      opclass: resolve.opclasses.get(opclasses[k] ?? '') ?? null,
      collation: collation !== '0' && collation !== implicit ? (resolve.collations.get(collation) ?? null) : null,
      descending: ((options[k] ?? 0) & INDOPTION_DESC) !== 0,
      nullsFirst: ((options[k] ?? 0) & INDOPTION_NULLS_FIRST) !== 0,
    });
  }
  return {
    name: str(r['name']),
    unique: r['unique'] === true,
    method: str(r['method']),
    elements,
    include: resolve.names(relid, keys.slice(keyCount)),
    predicate: nullable(r['predicate']),
    nullsNotDistinct: r['nulls_not_distinct'] === true,
    definition: str(r['definition']),
    comment: nullable(r['comment']),
  };
}

// pg_trigger.tgtype bits, from PostgreSQL's catalog/pg_trigger.h.
const TRIGGER_ROW = 1;
const TRIGGER_BEFORE = 2;
const TRIGGER_INSTEAD = 64;
const TRIGGER_EVENTS: [number, TriggerEvent][] = [
  [4, 'insert'],
  [8, 'delete'],
  [16, 'update'],
  [32, 'truncate'],
];

const TRIGGER_ENABLED: Record<string, TriggerDef['enabled']> = { O: 'origin', D: 'disabled', R: 'replica', A: 'always' };

function toTrigger(r: Row, resolve: Resolver): TriggerDef {
  const type = Number(r['type']);
  const definition = str(r['definition']);
  // pg_get_triggerdef prints the condition as " WHEN (<expr>) EXECUTE FUNCTION"; there is no
  // catalog function for the condition alone (it refers to OLD and NEW).
  const when = / WHEN \((.*)\) EXECUTE (?:FUNCTION|PROCEDURE) /s.exec(definition)?.[1] ?? null;
  return {
    name: str(r['name']),
    timing: type & TRIGGER_INSTEAD ? 'instead of' : type & TRIGGER_BEFORE ? 'before' : 'after',
    events: TRIGGER_EVENTS.filter(([bit]) => type & bit).map(([, event]) => event),
    columns: resolve.names(str(r['relid']), r['keys']),
    level: type & TRIGGER_ROW ? 'row' : 'statement',
    when,
    function: { schema: str(r['function_schema']), name: str(r['function_name']) },
    constraint: r['is_constraint'] === true,
    definition,
    enabled: TRIGGER_ENABLED[str(r['enabled'])] ?? 'origin',
    comment: nullable(r['comment']),
  };
}

function toPolicy(r: Row): PolicyDef {
  return {
    name: str(r['name']),
    command: POLICY_COMMANDS[str(r['command'])] ?? 'all',
    permissive: r['permissive'] === true,
    roles: list(r['roles']),
    using: nullable(r['using']),
    withCheck: nullable(r['with_check']),
    comment: nullable(r['comment']),
  };
}
