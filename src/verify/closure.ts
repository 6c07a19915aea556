import type { Change } from '../diff/changes.js';
import { needsOf } from '../model/kinds/dependencies.js';
import { KINDS, OBJECT_KINDS, spec, type ObjectKind } from '../model/kinds/registry.js';
import type { SchemaModel, TableDef, ViewDef } from '../model/types.js';
import type { Plan } from '../plan/plan.js';

/**
 * A plan's closure is the part of a schema that proving it needs: the objects it changes, what
 * depends on them (transitively: what the plan may drop, recreate or invalidate), the tables all
 * of that stands on and everything those need to exist (types, functions, sequences, referenced
 * keys, schemas, extensions). Closure verification loads only that into a shadow and proves the
 * plan there; everything else must be equal in the two live databases (see closure-verify.ts).
 *
 * The closure is a set of *units*: planner identities that a fingerprint entry can be owned by
 * (`relation:public.users` owns the table's row and its columns; `constraint:public.users.users_pkey`
 * the key and its index). A column, comment or privilege belongs to its object's unit.
 */
export type Closure =
  | { readonly ok: true; readonly units: ReadonlySet<string>; readonly tables: number; readonly of: number }
  | { readonly ok: false; readonly reason: string };

/** Kinds whose objects a closure may hold: each has fingerprint entries owned by exactly its unit. */
const CLOSED_KINDS: ReadonlySet<ObjectKind> = new Set<ObjectKind>([
  'schema', 'extension', 'collation', 'enum', 'domain', 'composite', 'range', 'function', 'aggregate',
  'text-search-dictionary', 'text-search-configuration', 'sequence', 'table', 'column', 'sequence-ownership',
  'constraint', 'index', 'statistics', 'replica-identity', 'trigger', 'policy', 'view', 'rule', 'comment', 'privilege',
]);

/** Kinds that are part of another object's unit (their facts are in its fingerprint entries). */
const PART_KINDS: ReadonlySet<ObjectKind> = new Set<ObjectKind>(['column', 'comment', 'privilege', 'sequence-ownership', 'replica-identity', 'inheritance', 'owner']);

interface Node {
  readonly kind: ObjectKind;
  readonly parent: string | null;
  readonly needs: readonly string[];
}

/** The objects of one or more models, with the edges both ways. */
class Graph {
  readonly nodes = new Map<string, Node>();
  readonly dependents = new Map<string, string[]>();
  readonly children = new Map<string, string[]>();

  add(model: SchemaModel): void {
    for (const kind of OBJECT_KINDS) {
      const s = spec(kind);
      for (const item of s.list(model)) {
        const id = s.id(item);
        const node: Node = { kind, parent: s.parent(item), needs: needsOf(s, item, model, id) };
        const known = this.nodes.get(id);
        if (!known) this.nodes.set(id, node);
        for (const need of node.needs) push(this.dependents, this.canonical(need), id);
        if (node.parent !== null && known?.parent !== node.parent) push(this.children, node.parent, id);
      }
    }
  }

  /** The identity an edge names as an object: a relation's column shape is the relation. */
  canonical(id: string): string {
    return id.startsWith('shape:') ? `relation:${id.slice('shape:'.length)}` : id;
  }

  /** The unit an object's fingerprint entries are owned by. */
  unit(id: string): string {
    let at = id;
    for (let node = this.nodes.get(at); node && PART_KINDS.has(node.kind) && node.parent !== null; node = this.nodes.get(at)) at = node.parent;
    return at;
  }
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The identities a change is about: an alter or rename names the object on both sides. */
function changedIds(change: Change): string[] {
  const s = spec(change.kind);
  if (change.op === 'create' || change.op === 'drop') return [s.id(change.object)];
  return [s.id(change.from), s.id(change.to)];
}

/**
 * planClosure computes the closure of `plan` between `from` and `to`, or says why it cannot be
 * computed safely (an object of a kind a closure may not hold, partitioning or inheritance in it,
 * default privileges or owners that would reach objects outside it, a statement on an object it
 * might not know). The caller then verifies in full.
 *
 * @example const closure = planClosure(from, to, plan); if (closure.ok) console.log(`${closure.tables} of ${closure.of} tables`);
 */
export function planClosure(from: SchemaModel, to: SchemaModel, plan: Plan): Closure {
  for (const model of [from, to]) {
    // New objects get default privileges when they are created, and ownership reaches every object:
    // neither stays inside a closure.
    if (model.defaultPrivileges.length) return { ok: false, reason: 'the schema sets default privileges' };
    if (model.owners.length) return { ok: false, reason: 'owners are compared (config owners)' };
  }
  const graph = new Graph();
  graph.add(from);
  graph.add(to);

  const changes = plan.changes.map((c) => c.change);
  const altered = new Set(changes.filter((c) => c.op === 'alter' || c.op === 'rename').flatMap(changedIds));
  // core: the changed objects and, transitively, what depends on them. The members of a relation
  // the plan creates, drops or recreates go with it; those of a relation that is only altered in
  // place (its RLS flag, its options) do not.
  const core = new Set<string>();
  const queue = changes.flatMap(changedIds);
  while (queue.length) {
    const id = queue.pop()!;
    if (core.has(id)) continue;
    core.add(id);
    queue.push(...(graph.dependents.get(id) ?? []));
    if (!(altered.has(id) && graph.nodes.get(id)?.kind === 'table')) queue.push(...(graph.children.get(id) ?? []));
  }

  // loaded: the core, whole relations for the objects the plan changes, and what all of it needs.
  const loaded = new Set<string>();
  const wholeRelations = new Set(changes.flatMap(changedIds).map((id) => relationOf(graph, id)).filter((r): r is string => r !== null));
  const pending = [...core];
  for (const relation of wholeRelations) pending.push(relation, ...descendants(graph, relation));
  while (pending.length) {
    const id = pending.pop()!;
    if (loaded.has(id)) continue;
    loaded.add(id);
    const node = graph.nodes.get(id);
    if (!node) continue;
    pending.push(...node.needs.map((n) => graph.canonical(n)));
    if (node.parent !== null) pending.push(node.parent);
    // A relation is created with all its columns (and their comments, privileges and serial sequences).
    if (node.kind === 'table' || node.kind === 'view' || node.kind === 'column') {
      for (const child of graph.children.get(id) ?? []) if (graph.unit(child) === graph.unit(id) || graph.nodes.get(child)?.kind === 'column' || graph.nodes.get(child)?.kind === 'sequence') pending.push(child);
    }
  }

  const units = new Set<string>();
  for (const id of loaded) {
    const node = graph.nodes.get(id);
    if (!node) continue; // not a modelled object: a built-in or an extension's
    if (!CLOSED_KINDS.has(node.kind)) return { ok: false, reason: `${spec(node.kind).label} ${id.slice(id.indexOf(':') + 1)} is in the plan's closure` };
    units.add(graph.unit(id));
  }
  // Every schema and extension: cheap, and what the closure's SQL may name without a recorded need.
  for (const id of graph.nodes.keys()) if (id.startsWith('schema:') || id.startsWith('extension:')) units.add(id);

  for (const model of [from, to]) {
    for (const t of model.tables) {
      if (!units.has(`relation:${t.schema}.${t.name}`)) continue;
      if (t.partitioning || t.partitionOf || t.inherits.length || model.tables.some((c) => c.partitionOf?.table.schema === t.schema && c.partitionOf.table.name === t.name) || model.tables.some((c) => c.inherits.some((p) => p.schema === t.schema && p.name === t.name)))
        return { ok: false, reason: `table ${t.schema}.${t.name} in the plan's closure is partitioned or inherits` };
    }
  }
  // IF EXISTS succeeds silently in a shadow that lacks the object, where the live database has it.
  for (const s of [...plan.up, ...plan.down]) {
    if (!/\bIF EXISTS\b/i.test(s.sql)) continue;
    const named = ifExistsTarget(s.sql);
    if (named === undefined || !units.has(named)) return { ok: false, reason: `a statement names an object that may be outside the plan's closure: ${s.sql.split('\n')[0]}` };
  }
  const relations = (m: SchemaModel) => new Set(m.tables.map((t) => `relation:${t.schema}.${t.name}`));
  const all = new Set([...relations(from), ...relations(to)]);
  const closure = { ok: true as const, units, tables: [...all].filter((r) => units.has(r)).length, of: all.size };
  graphs.set(closure, graph);
  return closure;
}

/** The graph a closure was computed on, for {@link closureModel} (building one walks every object). */
const graphs = new WeakMap<object, Graph>();

/** The relation an object is on (itself for a table or view), or null. */
function relationOf(graph: Graph, id: string): string | null {
  for (let at: string | null = id, depth = 0; at !== null && depth < 8; depth++) {
    const node = graph.nodes.get(at);
    if (!node) return null;
    if (node.kind === 'table' || node.kind === 'view') return at;
    at = node.parent;
  }
  return null;
}

function descendants(graph: Graph, id: string): string[] {
  const out: string[] = [];
  const queue = [id];
  while (queue.length) for (const child of graph.children.get(queue.pop()!) ?? []) out.push(child), queue.push(child);
  return out;
}

const IDENT = String.raw`(?:"(?:[^"]|"")*"|[^\s."';()]+)`;
const IF_EXISTS = new RegExp(String.raw`^(ALTER SEQUENCE|DROP INDEX(?: CONCURRENTLY)?) IF EXISTS (${IDENT})\.(${IDENT})\s*;?\s*$`, 'i');
const unquote = (s: string) => (s.startsWith('"') ? s.slice(1, -1).replace(/""/g, '"') : s);

/** The unit an `ALTER SEQUENCE IF EXISTS s.n …` or `DROP INDEX IF EXISTS s.n` names; undefined for any other IF EXISTS. */
function ifExistsTarget(sql: string): string | undefined {
  const m = IF_EXISTS.exec(sql.replace(/ OWNED BY NONE\s*;?\s*$/i, ';'));
  if (!m) return undefined;
  return `${m[1]!.toUpperCase().startsWith('ALTER') ? 'sequence' : 'index'}:${unquote(m[2]!)}.${unquote(m[3]!)}`;
}

/**
 * closureModel is the part of `model` a closure holds: what a shadow loads to stand for that side.
 * Tables and views keep all their columns; their other members only when in the closure.
 */
export function closureModel(model: SchemaModel, closure: Extract<Closure, { ok: true }>): SchemaModel {
  let graph = graphs.get(closure);
  if (!graph) graphs.set(closure, (graph = new Graph())), graph.add(model);
  const keep = <K extends ObjectKind>(kind: K) => (item: Parameters<(typeof KINDS)[K]['id']>[0]) => closure.units.has(graph.unit((KINDS[kind].id as (x: typeof item) => string)(item)));
  const members = <T extends TableDef | ViewDef>(table: T): T => ({
    ...table,
    indexes: table.indexes.filter((def) => keep('index')({ table, def })),
    ...(table.rules ? { rules: table.rules.filter((def) => keep('rule')({ table, def })) } : {}),
    ...(table.statistics ? { statistics: table.statistics.filter((def) => keep('statistics')({ table, def })) } : {}),
  });
  return {
    ...model,
    schemas: model.schemas.filter(keep('schema')),
    extensions: model.extensions.filter(keep('extension')),
    collations: model.collations.filter(keep('collation')),
    enums: model.enums.filter(keep('enum')),
    domains: model.domains.filter(keep('domain')),
    composites: model.composites.filter(keep('composite')),
    ranges: model.ranges.filter(keep('range')),
    sequences: model.sequences.filter(keep('sequence')),
    functions: model.functions.filter(keep('function')),
    aggregates: model.aggregates.filter(keep('aggregate')),
    textSearchDictionaries: model.textSearchDictionaries.filter(keep('text-search-dictionary')),
    textSearchConfigurations: model.textSearchConfigurations.filter(keep('text-search-configuration')),
    tables: model.tables.filter(keep('table')).map((table) => ({
      ...members(table),
      constraints: table.constraints.filter((def) => keep('constraint')({ table, def })),
      triggers: table.triggers.filter((def) => keep('trigger')({ table, def })),
      policies: table.policies.filter((def) => keep('policy')({ table, def })),
    })),
    views: model.views.filter(keep('view')).map(members),
    eventTriggers: [],
    publications: [],
    privileges: model.privileges.filter(keep('privilege')),
    dependencies: model.dependencies.filter(([a, b]) => closure.units.has(graph.unit(graph.canonical(a))) && (!graph.nodes.has(graph.canonical(b)) || closure.units.has(graph.unit(graph.canonical(b))))),
  };
}
