import { invert, type Change, type ChangeKind } from '../diff/changes.js';
import type { QualifiedName, SchemaModel } from '../model/types.js';
import { Ddl } from '../sql/ddl.js';
import { loadIdentQuoter } from '../sql/ident.js';
import { render } from './render.js';
import { describe } from './summary.js';

/** PlannedChange is a change with its SQL both ways, a one-line summary and whether it can lose data. */
export interface PlannedChange {
  readonly change: Change;
  readonly summary: string;
  readonly destructive: boolean;
  /** Done by another change (DROP TABLE takes its indexes along): no SQL of its own going forward. */
  readonly implied: boolean;
  readonly forward: readonly string[];
  readonly reverse: readonly string[];
}

/** PlanStatement is one statement in execution order. */
export interface PlanStatement {
  readonly sql: string;
  /**
   * False for ALTER TYPE … ADD VALUE: a new enum value cannot be used in the transaction that adds
   * it, so these statements run (and commit) before everything else.
   */
  readonly transactional: boolean;
  /** Index into Plan.changes of the change this statement carries out (or, in `down`, undoes). */
  readonly origin: number;
}

/** Plan is an ordered change plan with its forward (up) and reverse (down) statements. */
export interface Plan {
  readonly changes: readonly PlannedChange[];
  readonly up: readonly PlanStatement[];
  readonly down: readonly PlanStatement[];
  readonly destructive: boolean;
}

const key = (o: QualifiedName) => `${o.schema}.${o.name}`;

/** The phase of each kind: drops (dependents first), then creates (dependencies first), then comments. */
const PHASES: { [K in ChangeKind]: number } = {
  'add-enum-values': 0,
  'drop-view': 20,
  'drop-policy': 30,
  'drop-trigger': 30,
  'drop-constraint': 40,
  'drop-index': 45,
  'drop-column': 60,
  'drop-table': 65,
  'drop-function': 70,
  'drop-sequence': 75,
  'drop-domain': 76,
  'drop-enum': 77,
  'drop-extension': 78,
  'drop-schema': 80,
  'create-schema': 100,
  'create-extension': 101,
  'create-enum': 103,
  'create-domain': 104,
  'alter-domain': 104,
  'recreate-enum': 105,
  'create-function': 110,
  'replace-function': 110,
  'create-sequence': 115,
  'alter-sequence': 115,
  'rename-table': 120,
  'rename-column': 121,
  'create-table': 125,
  'alter-table': 126,
  'add-column': 130,
  'alter-column': 131,
  'set-sequence-owner': 135,
  'add-constraint': 140,
  'create-index': 150,
  'create-trigger': 160,
  'create-policy': 165,
  'create-view': 190,
  'set-comment': 200,
};

/** subOrder breaks ties inside a phase where order matters. */
function subOrder(change: Change, rank: Map<string, number>): number {
  switch (change.kind) {
    case 'drop-constraint':
      return change.constraint.type === 'foreign key' ? 0 : 1;
    case 'add-constraint':
      return change.constraint.type === 'foreign key' ? 1 : 0;
    case 'create-table':
    case 'create-view':
      return rank.get(key(change.kind === 'create-table' ? change.table : change.view)) ?? 0;
    case 'drop-table':
    case 'drop-view':
      return -(rank.get(key(change.kind === 'drop-table' ? change.table : change.view)) ?? 0);
    case 'create-index':
      // Indexes of materialized views come after the view itself.
      return 0;
    default:
      return 0;
  }
}

/**
 * Dependency rank of relations: a partition after its parent, a table after those its foreign keys
 * point at, a view after what it reads. Creates go by rising rank, drops by falling rank.
 */
function ranks(models: readonly SchemaModel[]): Map<string, number> {
  const edges = new Map<string, Set<string>>();
  const add = (from: string, to: string) => {
    if (from === to) return;
    if (!edges.has(from)) edges.set(from, new Set());
    edges.get(from)!.add(to);
  };
  for (const model of models) {
    for (const t of model.tables) {
      if (t.partitionOf) add(key(t), key(t.partitionOf.table));
      for (const c of t.constraints) if (c.foreignKey) add(key(t), key(c.foreignKey.table));
    }
    for (const v of model.views) for (const d of v.dependsOn) add(key(v), key(d));
  }
  const rank = new Map<string, number>();
  const visiting = new Set<string>();
  const depth = (node: string): number => {
    const known = rank.get(node);
    if (known !== undefined) return known;
    if (visiting.has(node)) return 0; // a cycle of foreign keys: order does not matter for them, FKs come after tables
    visiting.add(node);
    let d = 0;
    for (const next of edges.get(node) ?? []) d = Math.max(d, depth(next) + 1);
    visiting.delete(node);
    rank.set(node, d);
    return d;
  };
  for (const node of edges.keys()) depth(node);
  return rank;
}

/** What a dropped object takes along, so the drops of its members print nothing. */
function impliedBy(changes: readonly Change[]): (change: Change) => boolean {
  const droppedTables = new Set(changes.flatMap((c) => (c.kind === 'drop-table' ? [key(c.table)] : c.kind === 'drop-view' ? [key(c.view)] : [])));
  const droppedColumns = new Set(changes.flatMap((c) => (c.kind === 'drop-column' ? [`${key(c.table)}.${c.column.name}`] : [])));
  const droppedObjects = new Set(
    changes.flatMap((c) => {
      switch (c.kind) {
        case 'drop-enum':
          return [`type ${key(c.enum)}`];
        case 'drop-domain':
          return [`domain ${key(c.domain)}`];
        case 'drop-sequence':
          return [`sequence ${key(c.sequence)}`];
        case 'drop-schema':
          return [`schema ${c.schema.name}`];
        case 'drop-function':
          return [`function ${key(c.function)}(${c.function.identityArguments})`];
        case 'drop-index':
          return [`index ${c.table.schema}.${c.index.name}`];
        case 'drop-constraint':
          return [`constraint ${key(c.table)}.${c.constraint.name}`];
        case 'drop-trigger':
          return [`trigger ${key(c.table)}.${c.trigger.name}`];
        case 'drop-policy':
          return [`policy ${key(c.table)}.${c.policy.name}`];
        default:
          return [];
      }
    }),
  );
  return (change) => {
    switch (change.kind) {
      case 'drop-constraint':
      case 'drop-index':
      case 'drop-trigger':
      case 'drop-policy':
        return droppedTables.has(key(change.table));
      case 'alter-table':
        return droppedTables.has(key(change.from)) && !change.to.rowSecurity && !change.to.forceRowSecurity;
      case 'set-sequence-owner':
        return change.to.ownedBy === null && droppedObjects.has(`sequence ${key(change.to)}`);
      case 'drop-sequence': {
        const owner = change.sequence.ownedBy;
        return owner !== null && (droppedTables.has(`${owner.schema}.${owner.table}`) || droppedColumns.has(`${owner.schema}.${owner.table}.${owner.column}`));
      }
      case 'set-comment': {
        if (change.to !== null) return false;
        const on = change.on;
        switch (on.object) {
          case 'schema':
            return droppedObjects.has(`schema ${on.name}`);
          case 'type':
          case 'domain':
          case 'sequence':
            return droppedObjects.has(`${on.object} ${key(on.target)}`);
          case 'table':
          case 'view':
          case 'materialized view':
            return droppedTables.has(key(on.target));
          case 'column':
            return droppedTables.has(key(on.target)) || droppedColumns.has(`${key(on.target)}.${on.column}`);
          case 'index':
            return droppedObjects.has(`index ${on.schema}.${on.name}`);
          case 'function':
            return droppedObjects.has(`function ${key(on.function)}(${on.function.identityArguments})`);
          case 'constraint':
          case 'trigger':
          case 'policy':
            return droppedTables.has(key(on.table)) || droppedObjects.has(`${on.object} ${key(on.table)}.${on.name}`);
          default:
            return false;
        }
      }
      default:
        return false;
    }
  };
}

function order(changes: readonly Change[], rank: Map<string, number>): number[] {
  const indexes = changes.map((_, i) => i);
  const phase = (c: Change) => {
    // Indexes on materialized views can only be built once the view exists.
    if (c.kind === 'create-index' && isView(c.table, changes)) return PHASES['create-view'] + 1;
    // A sequence loses its owner before the owning table or column goes, or it would go too.
    if (c.kind === 'set-sequence-owner' && c.to.ownedBy === null) return PHASES['drop-view'] - 1;
    return PHASES[c.kind];
  };
  return indexes.sort((a, b) => phase(changes[a]!) - phase(changes[b]!) || subOrder(changes[a]!, rank) - subOrder(changes[b]!, rank) || a - b);
}

function isView(target: QualifiedName, changes: readonly Change[]): boolean {
  return changes.some((c) => (c.kind === 'create-view' || c.kind === 'drop-view') && key(c.view) === key(target));
}

/**
 * planChanges orders changes and prints their SQL. The reverse plan is the plan of the inverted
 * changes between the swapped models, so `down` undoes `up` by construction.
 *
 * @example const plan = await planChanges(diffModels(a, b), a, b); console.log(plan.up.map(s => s.sql).join('\n'));
 */
export async function planChanges(changes: readonly Change[], from: SchemaModel, to: SchemaModel): Promise<Plan> {
  const ddl = new Ddl(await loadIdentQuoter());
  const rank = ranks([from, to]);
  const inverted = changes.map(invert);
  const forwardImplied = impliedBy(changes);
  const reverseImplied = impliedBy(inverted);
  const forwardSql = changes.map((c) => (forwardImplied(c) ? [] : render(c, { from, to, ddl })));
  const reverseSql = inverted.map((c) => (reverseImplied(c) ? [] : render(c, { from: to, to: from, ddl })));

  const upOrder = order(changes, rank);
  const downOrder = order(inverted, rank);
  // Statements point at their change's position in the (up-ordered) plan.
  const position = new Map(upOrder.map((original, i) => [original, i]));
  const statements = (list: readonly Change[], sql: string[][], ordering: number[]): PlanStatement[] =>
    ordering.flatMap((i) => sql[i]!.map((s) => ({ sql: s, transactional: list[i]!.kind !== 'add-enum-values', origin: position.get(i)! })));

  const planned = upOrder.map((i): PlannedChange => {
    const change = changes[i]!;
    const { summary, destructive } = describe(change);
    return { change, summary, destructive, implied: forwardImplied(change), forward: forwardSql[i]!, reverse: reverseSql[i]! };
  });
  return {
    changes: planned,
    up: statements(changes, forwardSql, upOrder),
    down: statements(inverted, reverseSql, downOrder),
    destructive: planned.some((c) => c.destructive && !c.implied),
  };
}
