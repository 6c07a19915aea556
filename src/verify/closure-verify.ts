import type { Driver } from '../driver/driver.js';
import type { SchemaModel } from '../model/types.js';
import type { Plan } from '../plan/plan.js';
import { closureModel, planClosure } from './closure.js';
import { readOwnedFingerprint, splitFingerprint } from './fingerprint.js';
import { check, majorVersion, provePlanIn, type Verification, type VerifyPlanOptions } from './verify.js';

/** LiveSide is one end of a plan that is a live database, with the model inspected from it. */
export interface LiveSide {
  readonly model: SchemaModel;
  readonly live: Driver;
}

/**
 * verifyClosure proves a plan between two live databases by its closure (see closure.ts): only the
 * objects the plan changes, what depends on them and what they need are loaded into a shadow,
 * where the up plan must give the target's part and the down plan the source's part back, as in
 * full verification. Everything outside the closure is not loaded: it must have the same
 * fingerprint in the two live databases, each read with one catalog statement, both at once (and
 * at the same time as the shadow works). A plan that leaves something different outside its
 * closure is refused like one that does not converge.
 *
 * Returns undefined, and proves nothing, when the closure cannot be computed safely — the two
 * databases run different major versions (their pg_get_*def texts could differ), or the closure
 * holds what it may not (see planClosure) — so the caller verifies in full: never weaker, silently.
 * `why` receives the reason.
 *
 * @example const v = (await verifyClosure(source, target, plan, options, note)) ?? (await verifyPlan(...));
 */
export async function verifyClosure(source: LiveSide, target: LiveSide, plan: Plan, options: VerifyPlanOptions, why: (reason: string) => void): Promise<Verification | undefined> {
  if (options.roles.prelude) return void why('a preset prepares the shadow');
  const closure = planClosure(source.model, target.model, plan);
  if (!closure.ok) return void why(closure.reason);
  const [major, targetMajor] = await Promise.all([majorVersion(source.live), majorVersion(target.live)]);
  if (major !== targetMajor) return void why(`the source runs PostgreSQL ${major} and the target ${targetMajor}`);

  const inside = (owner: string) => closure.units.has(owner);
  // Both servers read their fingerprints at once, while this process works in the shadow.
  const lives = Promise.all([readOwnedFingerprint(source.live, options), readOwnedFingerprint(target.live, options)]);
  lives.catch(() => {});
  const part = (i: 0 | 1) => lives.then((both) => splitFingerprint(both[i], inside, true));
  let notes: string[];
  try {
    notes = await provePlanIn(
      { model: closureModel(source.model, closure), copyOf: { fingerprint: part(0), major } },
      { model: closureModel(target.model, closure), copyOf: { fingerprint: part(1), major } },
      plan,
      options,
    );
  } catch (error) {
    // The connections are the caller's again only once their reads are over.
    await lives.catch(() => {});
    throw error;
  }
  const [from, to] = await lives;
  // What the plan leaves as it is must already be the target's: "missing" is what the target has there.
  check(splitFingerprint(from, inside, false), splitFingerprint(to, inside, false), 'the source and target databases differ outside what the plan changes', options.limit);
  return { mode: 'closure', detail: `${closure.tables} of ${closure.of} tables loaded into the shadow`, notes };
}
