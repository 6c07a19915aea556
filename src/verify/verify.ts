import { ScriptError, type Driver } from '../driver/driver.js';
import { PlanUnverifiedError, TidemarkError } from '../errors.js';
import type { SchemaModel } from '../model/types.js';
import { applyStatements } from '../plan/apply.js';
import type { Plan, PlanStatement } from '../plan/plan.js';
import { explainShadowError } from '../shadow/extensions.js';
import { EMPTY_AT_MOST } from '../shadow/pool.js';
import { missingRole, prepareShadow, withRoleShadow, type ShadowRoles } from '../shadow/roles.js';
import type { ShadowOptions } from '../shadow/shadow.js';
import { writeSchemaSql } from '../sql/write-schema.js';
import { quoteIdent } from '../sql/quote.js';
import { emptyShadow } from './reset.js';
import { compareFingerprints, readFingerprint, type Fingerprint, type FingerprintOptions } from './fingerprint.js';

/**
 * PlanSide is one end of a plan as the verifier rebuilds it in a shadow database.
 *
 * The honest copy of a side is its own SQL: declarative files or replayed migrations are loaded
 * again, exactly as the source loader did (`load`). A live database has no SQL to load, so its
 * model's creation script stands in for it, and when the live server and the shadow run the same
 * major version, the copy is first checked against the live database by fingerprint (`live`), so
 * a model that misses something cannot make the check pass on a database that is not the real one.
 */
export interface PlanSide {
  readonly model: SchemaModel;
  /** Loads the side's own SQL into an empty shadow; without it, the model's creation script is loaded. */
  readonly load?: (db: Driver) => Promise<void>;
  /** The live database the model was inspected from. */
  readonly live?: Driver;
  /**
   * What the side's copy in a shadow must fingerprint as, read from its live database (which runs
   * PostgreSQL `major`): a closure verification's part of it. A shadow of that major version is
   * checked against it, and a target with it is not loaded at all: it is the expected result.
   */
  readonly copyOf?: { readonly fingerprint: Fingerprint | Promise<Fingerprint>; readonly major: number };
}

/** VerifyPlanOptions: the roles shadows need, and what a fingerprint covers. */
export interface VerifyPlanOptions extends FingerprintOptions {
  readonly roles: ShadowRoles;
  /** Where shadows come from: in-process PGlite (default) or a dev database server. */
  readonly shadow?: ShadowOptions;
  /** How many differing objects the error lists (default 20; the count is always given). */
  readonly limit?: number;
}

/**
 * Verification says how a plan was proven: `full` (both sides rebuilt whole in a shadow) or
 * `closure` (only the plan's closure, the rest compared between the live databases; see
 * closure-verify.ts), why not closure when that was ruled out, and `notes` on what could not be
 * compared.
 */
export interface Verification {
  readonly mode: 'full' | 'closure';
  /** Closure mode: how many of the tables were loaded into the shadow. Full mode: why not closure. */
  readonly detail?: string;
  readonly notes: readonly string[];
}

/**
 * verifyPlan proves a plan the way it will run: the source is rebuilt in a shadow (PGlite, or a
 * database on the dev database server: `options.shadow`), `up` is
 * applied (statements that must run outside a transaction first, as {@link applyStatements} does),
 * and the result must have the target's fingerprint — the target being rebuilt in a second shadow;
 * then `down` is applied and the result must have the source's fingerprint again. Fingerprints
 * come from the catalog (see fingerprint.ts), never from the model the plan was made from.
 * Anything else throws a {@link PlanUnverifiedError} naming the objects that differ.
 *
 * PGlite opens one database per instance, and opening one costs about half a second, so small
 * schemas use one shadow: the target is loaded and fingerprinted, the shadow emptied again (checked
 * against its fingerprint when new; a fresh shadow is opened if that fails), then the source is
 * loaded. Large ones (more than EMPTY_AT_MOST tables) take a fresh shadow for the source instead:
 * dropping a thousand tables costs seconds.
 *
 * @example await verifyPlan({ model: from, load: (db) => loadSqlFiles(db, dir, root) }, { model: to }, plan, { roles: { names: [] } });
 */
export async function verifyPlan(source: PlanSide, target: PlanSide, plan: Plan, options: VerifyPlanOptions): Promise<Verification> {
  return { mode: 'full', notes: await provePlanIn(source, target, plan, options) };
}

/** provePlanIn proves `plan` from `source` to `target` as {@link verifyPlan} says; returns its notes. */
export async function provePlanIn(source: PlanSide, target: PlanSide, plan: Plan, options: VerifyPlanOptions): Promise<string[]> {
  const notes: string[] = [];
  const prove = async (db: Driver, expected: Fingerprint) => {
    await loadSide(db, source, 'source');
    const before = await readFingerprint(db, options);
    const note = await checkLiveCopy(db, source, before, options);
    if (note) notes.push(note);
    await run(db, plan.up, 'up');
    check(await readFingerprint(db, options), expected, 'the plan does not produce the target schema', options.limit);
    await run(db, plan.down, 'down');
    check(await readFingerprint(db, options), before, 'the down plan does not restore the source schema', options.limit);
  };
  // A large schema is quicker to leave behind than to drop (see EMPTY_AT_MOST): the source then
  // goes into a fresh shadow, opened once the target's is closed.
  const reuse = source.model.tables.length + target.model.tables.length <= EMPTY_AT_MOST;
  let expected: Fingerprint | undefined;
  let proved = false;
  await withRoleShadow(options.roles, async (db) => {
    // A target read from a live database of the shadow's own version needs no copy.
    if (target.copyOf && target.copyOf.major === (await majorVersion(db))) {
      await prove(db, (expected = await target.copyOf.fingerprint));
      proved = true;
      return;
    }
    const empty = reuse ? await readFingerprint(db, options) : undefined;
    await loadSide(db, target, 'target');
    expected = await readFingerprint(db, options);
    if (empty && (await emptyShadow(db, empty, options, (d) => prepareShadow(d, options.roles, [])))) {
      await prove(db, expected);
      proved = true;
    }
  }, options.shadow);
  if (!proved) await withRoleShadow(options.roles, (fresh) => prove(fresh, expected!), options.shadow);
  return notes;
}

async function loadSide(db: Driver, side: PlanSide, label: string): Promise<void> {
  try {
    if (side.load) await side.load(db);
    else {
      // The shadow holds only what a preset put there. A publication the preset created (Supabase's
      // supabase_realtime) is in the model too, and its creation script creates it afresh.
      // Its default privileges (Supabase's grants to the API roles in public) are in the model too,
      // and the script sets them after creating everything: set first, they would grant more.
      const reset = [
        ...side.model.publications.map((p) => `DROP PUBLICATION IF EXISTS ${quoteIdent(p.name)};`),
        ...side.model.defaultPrivileges.map(
          (d) => `ALTER DEFAULT PRIVILEGES FOR ROLE ${quoteIdent(d.role)}${d.schema === null ? '' : ` IN SCHEMA ${quoteIdent(d.schema)}`} REVOKE ALL ON ${d.objects.toUpperCase()} FROM ${d.grantee === 'public' ? 'PUBLIC' : quoteIdent(d.grantee)};`,
        ),
      ];
      if (reset.length) await db.runScript(reset.join('\n'));
      await db.runScript(await writeSchemaSql(side.model));
    }
    // The creation script turns body checks off for the session; the plan must not inherit that.
    await db.runScript('RESET check_function_bodies');
  } catch (error) {
    if (missingRole(error) !== undefined) throw error;
    throw new PlanUnverifiedError(`the ${label} schema could not be rebuilt in a shadow database to verify the plan: ${reason(error, db.kind)}`, [], { cause: error });
  }
}

/** A live source is compared with its shadow copy when both deparse alike (same major version). */
async function checkLiveCopy(db: Driver, side: PlanSide, copy: Fingerprint, options: VerifyPlanOptions): Promise<string | undefined> {
  if (side.copyOf) {
    const shadow = await majorVersion(db);
    if (side.copyOf.major !== shadow) return `the source database runs PostgreSQL ${side.copyOf.major} and the shadow ${shadow}: the shadow's copy of it was not compared with it`;
    check(copy, await side.copyOf.fingerprint, "the source database cannot be rebuilt from Tidemark's model of it", options.limit);
    return undefined;
  }
  if (!side.live) return undefined;
  const [live, shadow] = await Promise.all([majorVersion(side.live), majorVersion(db)]);
  if (live !== shadow) return `the source database runs PostgreSQL ${live} and the shadow ${shadow}: the shadow's copy of it was not compared with it`;
  check(copy, await readFingerprint(side.live, options), "the source database cannot be rebuilt from Tidemark's model of it", options.limit);
  return undefined;
}

/** majorVersion is the PostgreSQL major version `db` runs. */
export async function majorVersion(db: Driver): Promise<number> {
  const rows = (await db.query<{ v: number }>("SELECT current_setting('server_version_num')::int AS v")).rows;
  return Math.floor(Number(rows[0]?.v) / 10000);
}

async function run(db: Driver, statements: readonly PlanStatement[], section: 'up' | 'down'): Promise<void> {
  try {
    await applyStatements(db, statements);
  } catch (error) {
    if (missingRole(error) !== undefined) throw error;
    throw new PlanUnverifiedError(`the ${section} plan fails in a shadow database: ${reason(error, db.kind)}`, [], { cause: error });
  }
}

function reason(error: unknown, kind: Driver['kind']): string {
  if (error instanceof ScriptError) return explainShadowError(error.fields.message, kind);
  if (error instanceof TidemarkError) return error.message.split('\n')[0]!;
  return error instanceof Error ? error.message : String(error);
}

/** check throws a {@link PlanUnverifiedError} saying `what` when `actual` differs from `expected`. */
export function check(actual: Fingerprint, expected: Fingerprint, what: string, limit = 20): void {
  const differences = compareFingerprints(actual, expected);
  if (differences.length) throw new PlanUnverifiedError(what, differences, { limit });
}
