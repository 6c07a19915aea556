import { invert, type Change } from '../diff/changes.js';
import { renamedModel } from '../diff/diff.js';
import type { PlanContext, Sql } from '../model/kinds/kind.js';
import { spec } from '../model/kinds/registry.js';
import type { SchemaModel } from '../model/types.js';
import { Ddl } from '../sql/ddl.js';
import { loadIdentQuoter } from '../sql/ident.js';
import { schedule } from './schedule.js';

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
  /**
   * What differs but is deliberately not changed, one line each: an extension whose installed
   * version differs is reported, never dropped and recreated.
   */
  readonly notes: readonly string[];
}

/** PlanOptions tune how statements are printed. */
export interface PlanOptions {
  /** Print extension versions (`inspect --pin-versions`). */
  readonly pinVersions?: boolean;
  /** Plan the reverse (down) statements too (default true; a creation script needs none). */
  readonly reverse?: boolean;
  /** The target server's `server_version_num`; unknown, the plan uses forms every supported server accepts. */
  readonly serverVersion?: number;
}

/** describe gives a change's one-line summary and whether it can lose data. */
export function describe(change: Change): { summary: string; destructive: boolean } {
  const s = spec(change.kind);
  switch (change.op) {
    case 'create':
      return { summary: s.describeCreate(change.object), destructive: false };
    case 'drop':
      return { summary: s.describeDrop(change.object), destructive: s.dropLosesData };
    case 'alter':
      return { summary: s.describeAlter(change.from, change.to), destructive: s.alterLosesData?.(change.from, change.to) ?? false };
    case 'rename':
      return { summary: s.describeRename?.(change.from, change.to) ?? s.describeAlter(change.from, change.to), destructive: false };
  }
}

const text = (sql: Sql) => (typeof sql === 'string' ? sql : sql.sql);
const transactional = (sql: Sql) => typeof sql === 'string' || sql.transactional;

/**
 * planChanges orders changes and prints their SQL. The reverse plan is the plan of the inverted
 * changes between the swapped models, so `down` undoes `up` by construction.
 *
 * @example const plan = await planChanges(diffModels(a, b), a, b); console.log(plan.up.map(s => s.sql).join('\n'));
 */
export async function planChanges(changes: readonly Change[], from: SchemaModel, to: SchemaModel, options: PlanOptions = {}): Promise<Plan> {
  const ddl = new Ddl(await loadIdentQuoter());
  // Every change but the renames themselves speaks of the source as it is once renamed.
  const source = renamedModel(from, changes);
  // The down plan runs on the same server as the up plan.
  const { pinVersions, serverVersion } = options;
  const forwardCtx: PlanContext = { from: source, to, ddl, pinVersions, serverVersion };
  const reverseCtx: PlanContext = { from: to, to: source, ddl, pinVersions, serverVersion };
  const inverted = changes.map(invert);
  const up = schedule(changes, forwardCtx);
  const down = options.reverse === false ? { order: [], sql: changes.map(() => []), implied: changes.map(() => false) } : schedule(inverted, reverseCtx);

  // Statements point at their change's position in the (up-ordered) plan.
  const position = new Map(up.order.map((original, i) => [original, i]));
  const statements = (scheduled: typeof up): PlanStatement[] =>
    scheduled.order.flatMap((i) => scheduled.sql[i]!.map((s) => ({ sql: text(s), transactional: transactional(s), origin: position.get(i)! })));

  const planned = up.order.map((i): PlannedChange => {
    const change = changes[i]!;
    const { summary, destructive } = describe(change);
    return { change, summary, destructive, implied: up.implied[i]!, forward: up.sql[i]!.map(text), reverse: down.sql[i]!.map(text) };
  });
  return {
    changes: planned,
    up: statements(up),
    down: statements(down),
    destructive: planned.some((c) => c.destructive && !c.implied),
    notes: versionNotes(from, to),
  };
}

/**
 * planStatements is the forward script alone, without summaries or a reverse plan: what a creation
 * or drop script needs (`inspect --format sql`, baselines).
 */
export async function planStatements(changes: readonly Change[], from: SchemaModel, to: SchemaModel, options: PlanOptions = {}): Promise<string[]> {
  const ddl = new Ddl(await loadIdentQuoter());
  const up = schedule(changes, { from: renamedModel(from, changes), to, ddl, pinVersions: options.pinVersions, serverVersion: options.serverVersion });
  return up.order.flatMap((i) => up.sql[i]!.map(text));
}

function versionNotes(from: SchemaModel, to: SchemaModel): string[] {
  const target = new Map(to.extensions.map((e) => [e.name, e.version]));
  return from.extensions.flatMap((e) => {
    const version = target.get(e.name);
    return version !== undefined && version !== e.version ? [`extension '${e.name}' is version ${e.version} on one side and ${version} on the other; versions are not planned`] : [];
  });
}
