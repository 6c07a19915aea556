import type { Fix } from '../types.js';

/**
 * The suggestion under a finding: its {@link Fix} as SQL a user can paste, with a comment line
 * before each part that belongs in another migration saying which. The parts are the ones
 * `tidemark lint --fix` writes, in the same order.
 */

/** CONCURRENT_NOTE heads what runs outside a transaction, after what stays in place (or instead of the statement). */
export const CONCURRENT_NOTE = (instead: boolean) => `-- ${instead ? 'instead' : 'then'}, in a migration of its own marked "-- migrate:up transaction:false":`;
/** NEXT_NOTE heads what waits for the next migration. */
export const NEXT_NOTE = '-- then, in the next migration:';

/**
 * suggestionOf prints a fix's statements: in place first, then the concurrent part, then the
 * next migration's.
 *
 * @example suggestionOf(fix) // "ALTER TABLE users ADD CONSTRAINT … NOT VALID;\n-- then, in the next migration:\nALTER TABLE users VALIDATE CONSTRAINT …;"
 */
export function suggestionOf(fix: Fix): string {
  const lines = [...fix.inPlace];
  if (fix.concurrent?.up.length) lines.push(CONCURRENT_NOTE(lines.length === 0), ...fix.concurrent.up);
  if (fix.next?.up.length) lines.push(NEXT_NOTE, ...fix.next.up);
  return lines.join('\n');
}
