import type { CommentTarget } from './comment-target.js';
import type { Ddl } from '../../sql/ddl.js';
import type { QualifiedName, SchemaModel } from '../types.js';

/**
 * PlanContext is what a kind needs to print its SQL: the two models a change goes between (a
 * column converted during an enum rebuild is found in them), the printer, and the target server's
 * major version when it is known.
 */
export interface PlanContext {
  readonly from: SchemaModel;
  readonly to: SchemaModel;
  readonly ddl: Ddl;
  /** Print `VERSION '…'` on CREATE EXTENSION (inspect --pin-versions); off, a script loads on any server that ships the extension. */
  readonly pinVersions?: boolean;
  /**
   * The target server's `server_version_num` (150020 for 15.2), when known: from the database a
   * plan runs on, or config `postgresVersion` for files. Unknown, kinds print the forms every
   * supported server accepts.
   */
  readonly serverVersion?: number;
  /**
   * Which forms that do not block writes a change on an existing table may use: `concurrent`
   * allows all of them (CREATE INDEX CONCURRENTLY needs a `transaction:false` section);
   * `transactional` only those that run inside a transaction (NOT VALID then VALIDATE, SET NOT
   * NULL through a validated CHECK); absent, the plain forms.
   */
  readonly online?: OnlineMode;
}

/** supports says whether the target accepts what PostgreSQL `major` introduced; an unknown server is taken for the oldest. */
export function supports(ctx: Pick<PlanContext, 'serverVersion'>, major: number): boolean {
  return ctx.serverVersion !== undefined && ctx.serverVersion >= major * 10000;
}

/** OnlineMode: see {@link PlanContext.online}. */
export type OnlineMode = 'concurrent' | 'transactional';

/**
 * Phase says which migration a statement belongs in: `main` (one transaction), `concurrent`
 * (after it, outside any transaction: CONCURRENTLY index builds and drops), `validate` (after
 * that, in a transaction: VALIDATE CONSTRAINT and what waits for it).
 */
export type Phase = 'main' | 'concurrent' | 'validate';

/** PHASES in the order they run. */
export const PHASES: readonly Phase[] = ['main', 'concurrent', 'validate'];

/**
 * LockLevel is the strongest table lock a statement takes on an existing relation, as PostgreSQL's
 * lock table names it. Only ACCESS EXCLUSIVE blocks reads; SHARE and stronger block writes; SHARE
 * UPDATE EXCLUSIVE and weaker block neither.
 */
export type LockLevel = 'ACCESS EXCLUSIVE' | 'EXCLUSIVE' | 'SHARE ROW EXCLUSIVE' | 'SHARE' | 'SHARE UPDATE EXCLUSIVE' | 'ROW EXCLUSIVE';

/** Hazards are what running a statement costs a live database (pg-schema-diff's hazards). */
export interface Hazards {
  /** The lock it takes on an existing table; absent when it locks none that others use. */
  readonly lock?: LockLevel;
  /** Rewrites the table (or scans it all) while holding that lock. */
  readonly rewrite?: boolean;
  /** Can lose data (a dropped table or column, a narrowing type). */
  readonly dataLoss?: boolean;
  /** Builds an index (a full scan of the table). */
  readonly indexBuild?: boolean;
}

/**
 * Sql is one printed statement, as text or with what the planner must know about it:
 * `transactional: false` marks a statement that must commit on its own before anything uses its
 * effect (ALTER TYPE … ADD VALUE); `phase` puts it in a later migration (default `main`);
 * `hazards` say what it locks and costs (without them, the kind's `locks` apply).
 *
 * @example { sql: 'CREATE INDEX CONCURRENTLY …;', phase: 'concurrent', hazards: { lock: 'SHARE UPDATE EXCLUSIVE', indexBuild: true } }
 */
export type Sql = string | Statement;

/** Statement is an {@link Sql} with its planning facts. */
export interface Statement {
  readonly sql: string;
  readonly transactional?: boolean;
  readonly phase?: Phase;
  readonly hazards?: Hazards;
  /** What clears the remains of this statement when it fails outside a transaction (the INVALID index a failed concurrent build leaves). */
  readonly ifFailed?: string;
  /**
   * Only proves what the change already made (VALIDATE CONSTRAINT; SET NOT NULL through the
   * validated check, and that check dropped): what depends on the change need not wait for it.
   */
  readonly tightens?: boolean;
}

/** statement builds a {@link Statement}. */
export const statement = (sql: string, hazards: Hazards, phase: Phase = 'main'): Statement => ({ sql, hazards, phase });

/** tightening builds a {@link Statement} that only proves what its change made (see {@link Statement.tightens}). */
export const tightening = (sql: string, hazards: Hazards, phase: Phase): Statement => ({ sql, hazards, phase, tightens: true });

/** Verdict says how an object that exists on both sides differs. */
export type Verdict = 'same' | 'alter' | 'recreate';

/**
 * KindSpec declares one object kind completely: how it is found in a model, identified, compared,
 * ordered, created, dropped, altered and described. The generic differ and planner know nothing
 * else about any kind, so a kind declared here is a kind Tidemark can diff, plan, reverse, print
 * in `inspect --format sql` and summarize.
 *
 * @example KINDS.table.create(table, ctx) // ['CREATE TABLE public.users (...);']
 */
export interface KindSpec<T> {
  /** Words for messages: `table`, `foreign key`… */
  readonly label: string;
  /**
   * Rank of the kind in a creation script when no dependency decides (pg_dump's type order):
   * schemas first, comments last. Drops use the reverse.
   */
  readonly rank: number;
  /** Added to `rank` for some objects of the kind (foreign keys after every index, as pg_dump puts them). */
  subRank?(item: T): number;
  /** Dropped and recreated around a dependency that changes, without losing data (views, triggers…). */
  readonly rebuildable: boolean;
  /** Every object of the kind in a model, in the model's order. */
  list(model: SchemaModel): readonly T[];
  /** Identity, unique across all kinds: `table:public.users`. */
  id(item: T): string;
  /** The object whose DROP takes this one along (a table for its indexes), or null. */
  parent(item: T): string | null;
  /** Created by its parent's CREATE statement (a table's columns): nothing of its own to print then. */
  readonly createdWithParent: boolean;
  /** Identities of the objects this one needs to exist (in the same model). */
  dependsOn(item: T, model: SchemaModel): readonly string[];
  /**
   * The object on a parent table whose change of the same kind (`op`) PostgreSQL applies here too
   * (a partition's or an inheriting table's column), so this one prints nothing of its own.
   */
  propagatedFrom?(item: T, model: SchemaModel, op: 'create' | 'drop' | 'alter'): string | null;
  /**
   * True when altering `a` into `b` builds the object again (a table whose partitioning changes is
   * rebuilt with its rows copied): what stands on it is dropped before the alter and created after,
   * and what it builds along (see `partOf`) is its work.
   */
  replaces?(a: T, b: T): boolean;
  /**
   * Identities of the objects whose rebuild (see `replaces`) builds this one too, nearest first: a
   * partition's parents; a column's table and that table's parents. Such an object is dropped and
   * created with the rebuild, which prints its SQL.
   */
  partOf?(item: T, model: SchemaModel): readonly string[];
  /** How two objects with the same identity differ. */
  compare(a: T, b: T): Verdict;
  /**
   * Identities whose dependents must be rebuilt when `a` is altered into `b`, or dropped when `b` is
   * null (a column's type changes under a view that reads its table).
   */
  invalidates?(a: T, b: T | null, from: SchemaModel): readonly string[];
  /**
   * True when this object's DROP must be printed although its parent's DROP takes it along: a
   * foreign key between two dropped tables, which would otherwise make them depend on each other.
   */
  explicitDrop?(item: T, dropped: ReadonlySet<string>): boolean;
  create(item: T, ctx: PlanContext): Sql[];
  drop(item: T, ctx: PlanContext): Sql[];
  alter(a: T, b: T, ctx: PlanContext): Sql[];
  /** One-line summaries and whether the change can lose data. */
  describeCreate(item: T): string;
  describeDrop(item: T): string;
  describeAlter(a: T, b: T): string;
  readonly dropLosesData: boolean;
  alterLosesData?(a: T, b: T): boolean;
  /**
   * The lock each operation's statements take on an existing table, when a statement does not say
   * so itself; absent for kinds that lock no table others use (functions, types …).
   */
  readonly locks?: Partial<Record<'create' | 'drop' | 'alter' | 'rename', LockLevel>>;
  /** The comments this object carries (a view's include its columns'). */
  comments?(item: T): readonly ObjectComment[];
  /** Renames in place (ALTER … RENAME), for the kinds that accept rename hints. */
  rename?(from: T, to: T, ctx: PlanContext): Sql[];
  describeRename?(from: T, to: T): string;
}

/** ObjectComment is what COMMENT ON names and the text it sets. */
export interface ObjectComment {
  readonly on: CommentTarget;
  readonly text: string | null;
}

/** Member is an object that lives on a table or view: a column, constraint, index, trigger, policy. */
export interface Member<T> {
  readonly table: QualifiedName;
  readonly def: T;
}

/** Names as people read them: `users` for public.users, `billing.invoices` otherwise. */
export function show(o: QualifiedName): string {
  return o.schema === 'public' ? o.name : `${o.schema}.${o.name}`;
}

/** qualified renders `schema.name` for identities. */
export const qualified = (o: QualifiedName): string => `${o.schema}.${o.name}`;

/**
 * Identities of a model's own objects are kept per object: planning a whole schema asks for the
 * same table's identity once per column, constraint and dependency, and a string built anew must be
 * flattened and hashed again on every map lookup.
 */
const relationIds = new WeakMap<QualifiedName, string>();
const columnIds = new WeakMap<QualifiedName, Map<string, string>>();

/** Identity builders shared by the kinds that point at each other. */
export const ids = {
  schema: (name: string) => `schema:${name}`,
  extension: (name: string) => `extension:${name}`,
  type: (o: QualifiedName) => `type:${qualified(o)}`,
  collation: (o: QualifiedName) => `collation:${qualified(o)}`,
  relation: (o: QualifiedName) => {
    let id = relationIds.get(o);
    if (id === undefined) relationIds.set(o, (id = `relation:${qualified(o)}`));
    return id;
  },
  /** The column shape of a relation, which views read: invalidated when a column changes, without touching the relation's members. */
  shape: (o: QualifiedName) => `shape:${qualified(o)}`,
  column: (table: QualifiedName, column: string) => {
    let byName = columnIds.get(table);
    if (byName === undefined) columnIds.set(table, (byName = new Map()));
    let id = byName.get(column);
    if (id === undefined) byName.set(column, (id = `column:${qualified(table)}.${column}`));
    return id;
  },
  sequence: (o: QualifiedName) => `sequence:${qualified(o)}`,
  function: (o: QualifiedName, args: string) => `function:${qualified(o)}(${args})`,
} as const;
