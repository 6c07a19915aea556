/**
 * The model side of the fail-closed audit: for every audit type, the paths of the objects the
 * schema model holds, built the way audit-queries.ts builds them from the catalog. One entry per
 * type, each small and pure, so a kind that joins the model gets its entry next to the rest of it
 * (and a new audit type does not compile until it says what holds it). `none` marks what the model
 * cannot represent yet: every such object the catalog has is reported.
 */
import type { GrantTarget, SchemaModel, TableDef, ViewDef } from '../model/types.js';
import type { AuditType } from './audit-queries.js';

/** HeldPaths lists, for one audit type, the catalog paths of what `model` holds. */
export type HeldPaths = (model: SchemaModel) => Iterable<readonly string[]>;

const none: HeldPaths = () => [];

/** The audit's path of an object whose ACL changed: ['schema', name], ['table', schema, name]… */
function aclPath(on: GrantTarget): string[] {
  switch (on.object) {
    case 'schema':
      return ['schema', on.name];
    case 'column':
      return ['column', on.schema, on.name, on.column];
    case 'sequence':
      return ['sequence', on.schema, on.name];
    case 'function':
    case 'procedure':
    case 'aggregate':
      return ['function', on.schema, on.name, on.identityArguments];
    case 'enum':
    case 'domain':
    case 'composite':
    case 'range':
      return ['type', on.schema, on.name];
    default:
      return ['table', on.schema, on.name];
  }
}

const DEFAULT_ACL_TYPES = { tables: 'r', sequences: 'S', functions: 'f', types: 'T', schemas: 'n' } as const;

const relations = (model: SchemaModel): readonly (TableDef | ViewDef)[] => [...model.tables, ...model.views];

/** MODEL_PATHS maps every audit type to what the model holds of it. */
export const MODEL_PATHS: Readonly<Record<AuditType, HeldPaths>> = {
  schema: (m) => m.schemas.map((s) => [s.name]),
  extension: (m) => m.extensions.map((e) => [e.name]),
  table: (m) => m.tables.map((t) => [t.schema, t.name]),
  view: (m) => m.views.filter((v) => !v.materialized).map((v) => [v.schema, v.name]),
  'materialized view': (m) => m.views.filter((v) => v.materialized).map((v) => [v.schema, v.name]),
  sequence: (m) => m.sequences.map((s) => [s.schema, s.name]),
  // An index lives in its table's schema.
  index: (m) => relations(m).flatMap((r) => r.indexes.map((i) => [r.schema, i.name])),
  'composite type': (m) => m.composites.map((c) => [c.schema, c.name]),
  'foreign table': none,
  enum: (m) => m.enums.map((e) => [e.schema, e.name]),
  domain: (m) => m.domains.map((d) => [d.schema, d.name]),
  'range type': (m) => m.ranges.map((r) => [r.schema, r.name]),
  'multirange type': none,
  'base type': none,
  'shell type': none,
  function: (m) => m.functions.filter((f) => f.kind === 'function').map((f) => [f.schema, f.name, f.identityArguments]),
  procedure: (m) => m.functions.filter((f) => f.kind === 'procedure').map((f) => [f.schema, f.name, f.identityArguments]),
  aggregate: (m) => m.aggregates.map((a) => [a.schema, a.name, a.identityArguments]),
  'window function': none,
  // NOT NULL constraints are held by their column (by flag, not by name).
  'table constraint': (m) =>
    m.tables.flatMap((t) => [
      ...t.constraints.map((c) => [t.schema, t.name, c.name]),
      ...t.columns.filter((c) => c.notNull).map((c) => [t.schema, t.name, 'NOT NULL', c.name]),
    ]),
  'domain constraint': (m) =>
    m.domains.flatMap((d) => [...d.checks.map((c) => [d.schema, d.name, c.name]), ...(d.notNull ? [[d.schema, d.name, 'NOT NULL', '']] : [])]),
  trigger: (m) => m.tables.flatMap((t) => t.triggers.map((tg) => [t.schema, t.name, tg.name])),
  policy: (m) => m.tables.flatMap((t) => t.policies.map((p) => [t.schema, t.name, p.name])),
  rule: (m) => relations(m).flatMap((r) => (r.rules ?? []).map((rule) => [r.schema, r.name, rule.name])),
  inheritance: (m) => m.tables.flatMap((t) => t.inherits.map((p) => [t.schema, t.name, p.schema, p.name])),
  collation: (m) => m.collations.map((c) => [c.schema, c.name]),
  'text search configuration': (m) => m.textSearchConfigurations.map((c) => [c.schema, c.name]),
  'text search dictionary': (m) => m.textSearchDictionaries.map((d) => [d.schema, d.name]),
  'text search parser': none,
  'text search template': none,
  'statistics object': (m) => relations(m).flatMap((r) => (r.statistics ?? []).map((st) => [st.schema, st.name])),
  publication: (m) => m.publications.map((p) => [p.name]),
  'publication relation': (m) => m.publications.flatMap((p) => p.tables.map((t) => [t.schema, t.name, p.name])),
  'publication namespace': (m) => m.publications.flatMap((p) => p.schemas.map((schema) => [schema, p.name])),
  'event trigger': (m) => m.eventTriggers.map((e) => [e.name]),
  cast: none,
  operator: none,
  'operator class': none,
  'operator family': none,
  conversion: none,
  transform: none,
  language: none,
  'access method': none,
  'foreign-data wrapper': none,
  server: none,
  'user mapping': none,
  privileges: (m) => m.privileges.map((p) => aclPath(p.on)),
  'default privileges': (m) => m.defaultPrivileges.map((d) => [d.role, d.schema ?? '', DEFAULT_ACL_TYPES[d.objects]]),
  'storage parameters': (m) => m.tables.filter((t) => t.options.length > 0).map((t) => [t.schema, t.name]),
  'replica identity': (m) => m.tables.filter((t) => t.replicaIdentity !== 'default').map((t) => [t.schema, t.name]),
  'table access method': none,
  tablespace: none,
  cluster: none,
  'column storage': (m) => m.tables.flatMap((t) => t.columns.filter((c) => c.storage !== null).map((c) => [t.schema, t.name, c.name])),
  'column compression': (m) => m.tables.flatMap((t) => t.columns.filter((c) => c.compression !== null).map((c) => [t.schema, t.name, c.name])),
  'column statistics': (m) => m.tables.flatMap((t) => t.columns.filter((c) => c.statistics !== null).map((c) => [t.schema, t.name, c.name])),
  'column options': none,
  'trigger state': (m) => m.tables.flatMap((t) => t.triggers.filter((tg) => tg.enabled !== 'origin').map((tg) => [t.schema, t.name, tg.name])),
};
