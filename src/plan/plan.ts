import { invert, type Change } from '../diff/changes.js';
import { renamedModel } from '../diff/diff.js';
import { ids, type Hazards, type OnlineMode, type Phase, type PlanContext, type Sql } from '../model/kinds/kind.js';
import { spec } from '../model/kinds/registry.js';
import type { SchemaModel } from '../model/types.js';
import { Ddl } from '../sql/ddl.js';
import { loadIdentQuoter } from '../sql/ident.js';
import { schedule, type Scheduled } from './schedule.js';

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
  /**
   * Which migration the statement belongs in (see {@link Phase}). In `down`, the migration whose
   * down section holds it: the one where its change began going up.
   */
  readonly phase: Phase;
  /** What running it costs a live database: the lock it takes, a rewrite, data loss, an index build. */
  readonly hazards: Hazards;
  /** SQL that clears what the statement leaves behind if it fails outside a transaction. */
  readonly ifFailed?: string;
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
  /**
   * Change tables that already exist with the forms that do not block writes (CREATE INDEX
   * CONCURRENTLY, NOT VALID then VALIDATE …), in the phases they need. Default false: the plain forms.
   */
  readonly online?: boolean;
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
const transactional = (sql: Sql) => typeof sql === 'string' || sql.transactional !== false;
const ifFailed = (sql: Sql) => (typeof sql === 'string' || sql.ifFailed === undefined ? {} : { ifFailed: sql.ifFailed });
const RANK: Readonly<Record<Phase, number>> = { main: 0, concurrent: 1, validate: 2 };
const PHASE_AT: readonly Phase[] = ['main', 'concurrent', 'validate'];

/**
 * hazardsOf is a statement's own hazards, or its kind's lock for the operation, with data loss when
 * its change can lose data. A statement on a relation the plan creates costs nobody anything: no
 * one uses it yet. `existing` holds the relations there before the plan runs.
 */
function hazardsOf(change: Change, sql: Sql, existing: ReadonlySet<string>): Hazards {
  const s = spec(change.kind);
  const dataLoss = describe(change).destructive ? { dataLoss: true } : {};
  const object = change.op === 'create' || change.op === 'drop' ? change.object : change.to;
  const parent = s.parent(object);
  if ((parent ?? s.id(object)).startsWith('relation:') && !existing.has(parent ?? s.id(object))) return dataLoss;
  const own = typeof sql === 'string' ? undefined : sql.hazards;
  const lock = own ? own.lock : s.locks?.[change.op];
  return { ...own, ...(lock ? { lock } : {}), ...dataLoss };
}

const relations = (model: SchemaModel) => new Set([...model.tables, ...model.views].map((r) => ids.relation(r)));

/**
 * phases places each change's statements in the phase they ask for, but never before the phase in
 * which a change they come after is complete (a foreign key that needs a unique constraint adopted
 * in the validate phase goes there too), so running the phases in order keeps dependency order.
 * Complete means made: statements that only prove it (`tightens`) do not count.
 * Returns, per change, the phase of each statement.
 */
function phases(scheduled: Scheduled): Phase[][] {
  const floor = scheduled.sql.map(() => 0);
  const out: Phase[][] = scheduled.sql.map(() => []);
  for (const i of scheduled.order) {
    // A CONCURRENTLY statement cannot move into a transaction: what it needs exists once the main
    // phase has run (its table and columns), so it stays in its phase.
    const ranks = scheduled.sql[i]!.map((s) => {
      const own = typeof s === 'string' ? 0 : RANK[s.phase ?? 'main'];
      return own === RANK.concurrent ? own : Math.max(floor[i]!, own);
    });
    out[i] = ranks.map((r) => PHASE_AT[r]!);
    // What only proves the change (VALIDATE, the NOT NULL it allows) holds nothing after it back:
    // a CHECK on a column becoming NOT NULL is added NOT VALID beside the column's change, not
    // pushed into the validate phase to be added and validated in one transaction.
    const made = scheduled.sql[i]!.flatMap((s, k) => (typeof s !== 'string' && s.tightens ? [] : [ranks[k]!]));
    const done = Math.max(floor[i]!, ...made);
    for (const next of scheduled.after[i]!) floor[next] = Math.max(floor[next]!, done);
  }
  return out;
}

/**
 * planChanges orders changes and prints their SQL. The reverse plan is the plan of the inverted
 * changes between the swapped models, so `down` undoes `up` by construction.
 *
 * Online (`options.online`), statements come in phases (see {@link Phase}), and `up` lists them
 * phase by phase. A change's reverse belongs in the down section of the migration where the change
 * began, and uses only the forms that section allows; `down` lists the reverse statements in the
 * order the migrations are reverted: the last phase's first.
 *
 * @example const plan = await planChanges(diffModels(a, b), a, b); console.log(plan.up.map(s => s.sql).join('\n'));
 */
export async function planChanges(changes: readonly Change[], from: SchemaModel, to: SchemaModel, options: PlanOptions = {}): Promise<Plan> {
  const ddl = new Ddl(await loadIdentQuoter());
  // Every change but the renames themselves speaks of the source as it is once renamed.
  const source = renamedModel(from, changes);
  // The down plan runs on the same server as the up plan.
  const { pinVersions, serverVersion } = options;
  const online: OnlineMode | undefined = options.online ? 'concurrent' : undefined;
  const forwardCtx: PlanContext = { from: source, to, ddl, pinVersions, serverVersion, online };
  const reverseCtx: PlanContext = { from: to, to: source, ddl, pinVersions, serverVersion };
  const inverted = changes.map(invert);
  const up = schedule(changes, forwardCtx);
  const upPhases = phases(up);
  // The migration a change begins in; its reverse goes in that migration's down section.
  const home = changes.map((_, i): Phase => upPhases[i]![0] ?? 'main');
  const reverseOf = (i: number): PlanContext => ({ ...reverseCtx, online: online && (home[i] === 'concurrent' ? 'concurrent' : 'transactional') });
  const down: Scheduled =
    options.reverse === false
      ? { order: [], sql: changes.map(() => []), implied: changes.map(() => false), after: changes.map(() => []) }
      : schedule(inverted, reverseCtx, reverseOf);

  const [before, after] = [relations(source), relations(to)];
  // Statements point at their change's position in the (up-ordered) plan.
  const position = new Map(up.order.map((original, i) => [original, i]));
  const upStatements = up.order.flatMap((i) =>
    up.sql[i]!.map((s, k): PlanStatement => ({ sql: text(s), transactional: transactional(s), origin: position.get(i)!, phase: upPhases[i]![k]!, hazards: hazardsOf(changes[i]!, s, before), ...ifFailed(s) })),
  );
  const downStatements = down.order.flatMap((i) =>
    down.sql[i]!.map((s): PlanStatement => ({ sql: text(s), transactional: transactional(s), origin: position.get(i)!, phase: home[i]!, hazards: hazardsOf(inverted[i]!, s, after), ...ifFailed(s) })),
  );
  const byPhase = (list: PlanStatement[], direction: 1 | -1) => list.map((s, k) => ({ s, k })).sort((a, b) => direction * (RANK[a.s.phase] - RANK[b.s.phase]) || a.k - b.k).map((x) => x.s);

  const planned = up.order.map((i): PlannedChange => {
    const change = changes[i]!;
    const { summary, destructive } = describe(change);
    return { change, summary, destructive, implied: up.implied[i]!, forward: up.sql[i]!.map(text), reverse: down.sql[i]!.map(text) };
  });
  return {
    changes: planned,
    up: byPhase(upStatements, 1),
    down: byPhase(downStatements, -1),
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
