import { compareVersions, type MigrationFile } from './files.js';
import type { AppliedMigration } from './history.js';

/**
 * MigrationState of a version, comparing the files with the history:
 * - applied: recorded, file present and unchanged
 * - changed: recorded, but the file's checksum differs from the one applied
 * - missing: recorded, but no file has that version any more
 * - pending: not recorded, newer than every applied version
 * - out-of-order: not recorded, yet older than the newest applied version (a merged branch)
 */
export type MigrationState = 'applied' | 'changed' | 'missing' | 'pending' | 'out-of-order';

/** MigrationStatus is one line of `tidemark status`. */
export interface MigrationStatus {
  readonly version: string;
  readonly name: string;
  readonly state: MigrationState;
  readonly file: MigrationFile | undefined;
  readonly applied: AppliedMigration | undefined;
}

/** computeStatus merges files and history into one version-ordered list. */
export function computeStatus(files: readonly MigrationFile[], applied: readonly AppliedMigration[]): MigrationStatus[] {
  const byVersion = new Map<bigint, AppliedMigration>(applied.map((a) => [BigInt(a.version), a]));
  const newestApplied = applied.reduce<string | undefined>(
    (max, a) => (max === undefined || compareVersions(a.version, max) > 0 ? a.version : max),
    undefined,
  );
  const result: MigrationStatus[] = [];
  const seen = new Set<bigint>();
  for (const file of files) {
    const key = BigInt(file.version);
    const record = byVersion.get(key);
    seen.add(key);
    // A squash baseline keeps the version of the newest file it replaces. A database that applied
    // the replaced files holds every one of them: that history is the baseline applied, and the
    // rows of the replaced versions are not "missing".
    const squashed = file.squashes?.length ? file.squashes.every((v) => byVersion.has(BigInt(v))) : false;
    if (squashed) for (const v of file.squashes!) seen.add(BigInt(v));
    let state: MigrationState;
    if (record) state = record.checksum === file.checksum || squashed ? 'applied' : 'changed';
    else if (newestApplied !== undefined && compareVersions(file.version, newestApplied) < 0) state = 'out-of-order';
    else state = 'pending';
    result.push({ version: file.version, name: file.name, state, file, applied: record });
  }
  for (const record of applied) {
    if (!seen.has(BigInt(record.version))) {
      result.push({ version: record.version, name: record.name, state: 'missing', file: undefined, applied: record });
    }
  }
  return result.sort((a, b) => compareVersions(a.version, b.version));
}
