import type { Driver } from '../driver/driver.js';
import { emptyDatabase } from '../shadow/empty.js';
import { compareFingerprints, readFingerprint, type Fingerprint, type FingerprintOptions } from './fingerprint.js';

/**
 * emptyShadow takes a shadow back to the empty state it was opened in, so that a second schema can
* be loaded without opening a second PGlite (opening one costs far more than dropping a schema).
 * Whether that worked is judged, not assumed: the result must have the fingerprint `empty` taken
 * when the shadow was opened (and `prepare`d again: a preset's prelude). Returns false when it does
 * not; the caller then opens a fresh shadow.
 */
export async function emptyShadow(db: Driver, empty: Fingerprint, options: FingerprintOptions, prepare?: (db: Driver) => Promise<void>): Promise<boolean> {
  if (!(await emptyDatabase(db))) return false;
  try {
    if (prepare) await prepare(db);
  } catch {
    return false;
  }
  return compareFingerprints(await readFingerprint(db, options), empty).length === 0;
}
