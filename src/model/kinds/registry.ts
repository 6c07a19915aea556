import type { CollationDef, ColumnDef, CompositeDef, ConstraintDef, DefaultPrivilegeDef, DomainDef, EnumDef, ExtensionDef, FunctionDef, IndexDef, OwnerDef, PolicyDef, PrivilegeDef, RangeDef, SchemaDef, SchemaModel, SequenceDef, TableDef, TriggerDef, ViewDef } from '../types.js';
import type { AggregateDef, EventTriggerDef, PublicationDef, RuleDef, StatisticsDef, TextSearchConfigurationDef, TextSearchDictionaryDef } from '../types-extras.js';
import { aggregateKind } from './aggregate.js';
import { domainKind, enumKind, extensionKind, schemaKind } from './basic.js';
import { collationKind } from './collation.js';
import { columnKind } from './column.js';
import { inheritanceKind, type InheritanceLink } from './inheritance.js';
import { replicaIdentityKind } from './replica-identity.js';
import { commentTarget, type CommentTarget } from './comment-target.js';
import { eventTriggerKind } from './event-trigger.js';
import type { KindSpec, Member } from './kind.js';
import { compositeKind } from './composite.js';
import { constraintKind, indexKind, policyKind, triggerKind } from './members.js';
import { rangeKind } from './range.js';
import { publicationKind } from './publication.js';
import { defaultPrivilegeKind, ownerKind, privilegeKind } from './privilege.js';
import { functionKind, sequenceKind, sequenceOwnershipKind, type SequenceOwnership } from './routine.js';
import { ruleKind } from './rule.js';
import { statisticsKind } from './statistics.js';
import { tableKind } from './table.js';
import { textSearchConfigurationKind, textSearchDictionaryKind } from './text-search.js';
import { viewKind } from './view.js';

/** CommentObject is a non-empty COMMENT ON, owned by the object it describes. */
export interface CommentObject {
  /** Identity of the object the comment is on. */
  readonly owner: string;
  readonly on: CommentTarget;
  readonly text: string;
}

/**
 * ObjectTypes names every object kind and the model type of one object of it. The registry below
 * must hold a complete {@link KindSpec} for each, so a kind added here without its identity, order,
 * SQL both ways and summary does not compile.
 */
export interface ObjectTypes {
  schema: SchemaDef;
  extension: ExtensionDef;
  collation: CollationDef;
  enum: EnumDef;
  domain: DomainDef;
  composite: CompositeDef;
  range: RangeDef;
  function: FunctionDef;
  aggregate: AggregateDef;
  'text-search-dictionary': TextSearchDictionaryDef;
  'text-search-configuration': TextSearchConfigurationDef;
  sequence: SequenceDef;
  table: TableDef;
  column: Member<ColumnDef>;
  inheritance: InheritanceLink;
  'sequence-ownership': SequenceOwnership;
  constraint: Member<ConstraintDef>;
  index: Member<IndexDef>;
  statistics: Member<StatisticsDef>;
  'replica-identity': TableDef;
  trigger: Member<TriggerDef>;
  policy: Member<PolicyDef>;
  view: ViewDef;
  rule: Member<RuleDef>;
  publication: PublicationDef;
  'event-trigger': EventTriggerDef;
  owner: OwnerDef;
  comment: CommentObject;
  privilege: PrivilegeDef;
  'default-privilege': DefaultPrivilegeDef;
}

/** ObjectKind is the name of one kind of schema object. */
export type ObjectKind = keyof ObjectTypes;

type Registry = { readonly [K in ObjectKind]: KindSpec<ObjectTypes[K]> };

const commentKind: KindSpec<CommentObject> = {
  label: 'comment',
  rank: 100,
  rebuildable: true,
  createdWithParent: false,
  list: (model) => commentsOf(model),
  id: (c) => `comment:${c.owner}#${c.on.object === 'column' ? c.on.column : c.on.object === 'domain constraint' ? `constraint ${c.on.name}` : ''}`,
  parent: (c) => c.owner,
  dependsOn: (c) => [c.owner],
  compare: (a, b) => (a.text === b.text ? 'same' : 'alter'),
  create: (c, { ddl }) => [ddl.comment(commentTarget(c.on, ddl), c.text)],
  drop: (c, { ddl }) => [ddl.comment(commentTarget(c.on, ddl), null)],
  alter: (_, c, { ddl }) => [ddl.comment(commentTarget(c.on, ddl), c.text)],
  describeCreate: (c) => `Commented ${subject(c.on)}.`,
  describeDrop: (c) => `Removed the comment on ${subject(c.on)}.`,
  describeAlter: (_, c) => `Commented ${subject(c.on)}.`,
  dropLosesData: false,
};

/** KINDS is the registry the generic differ and planner walk, in creation-rank order. */
export const KINDS: Registry = {
  schema: schemaKind,
  extension: extensionKind,
  collation: collationKind,
  enum: enumKind,
  domain: domainKind,
  composite: compositeKind,
  range: rangeKind,
  function: functionKind,
  aggregate: aggregateKind,
  'text-search-dictionary': textSearchDictionaryKind,
  'text-search-configuration': textSearchConfigurationKind,
  sequence: sequenceKind,
  table: tableKind,
  column: columnKind,
  inheritance: inheritanceKind,
  'sequence-ownership': sequenceOwnershipKind,
  constraint: constraintKind,
  index: indexKind,
  statistics: statisticsKind,
  'replica-identity': replicaIdentityKind,
  trigger: triggerKind,
  policy: policyKind,
  view: viewKind,
  rule: ruleKind,
  publication: publicationKind,
  'event-trigger': eventTriggerKind,
  owner: ownerKind,
  comment: commentKind,
  privilege: privilegeKind,
  'default-privilege': defaultPrivilegeKind,
};

/** OBJECT_KINDS lists the kinds in registry order. */
export const OBJECT_KINDS = Object.keys(KINDS) as ObjectKind[];

/** spec returns a kind's declaration, typed loosely for generic code. */
export function spec(kind: ObjectKind): KindSpec<unknown> {
  return KINDS[kind] as KindSpec<unknown>;
}

const commentCache = new WeakMap<SchemaModel, CommentObject[]>();

function commentsOf(model: SchemaModel): CommentObject[] {
  let cached = commentCache.get(model);
  if (cached) return cached;
  cached = [];
  for (const kind of OBJECT_KINDS) {
    if (kind === 'comment') continue;
    const s = spec(kind);
    if (!s.comments) continue;
    for (const item of s.list(model)) {
      for (const c of s.comments(item)) if (c.text !== null) cached.push({ owner: s.id(item), on: c.on, text: c.text });
    }
  }
  commentCache.set(model, cached);
  return cached;
}

function show(o: { schema: string; name: string }): string {
  return o.schema === 'public' ? o.name : `${o.schema}.${o.name}`;
}

function subject(on: CommentTarget): string {
  switch (on.object) {
    case 'schema':
      return `schema '${on.name}'`;
    case 'column':
      return `column '${on.column}' of '${show(on.target)}'`;
    case 'index':
      return `index '${on.name}'`;
    case 'function':
      return `${on.function.kind} '${show(on.function)}'`;
    case 'aggregate':
      return `aggregate '${show(on.aggregate)}(${on.aggregate.identityArguments})'`;
    case 'event trigger':
    case 'publication':
      return `${on.object} '${on.name}'`;
    case 'rule':
    case 'constraint':
    case 'trigger':
    case 'policy':
      return `${on.object} '${on.name}' on '${show(on.table)}'`;
    case 'domain constraint':
      return `constraint '${on.name}' of domain '${show(on.domain)}'`;
    default:
      return `${on.object} '${show(on.target)}'`;
  }
}
