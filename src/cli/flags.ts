import { UsageError } from '../errors.js';

/**
 * Count flags (`--limit`, `--steps`, `--concurrency`) are parsed here and nowhere else, so every
 * command refuses `x`, `Infinity`, `1.5`, `0` and `-3` the same way — before the value can reach
 * SQL or silently mean "nothing".
 */

/** positiveInt returns the value of a count flag, undefined when absent; anything but 1, 2, 3… is a UsageError naming the flag. */
export function positiveInt(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\d{1,9}$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`${flag} must be a positive whole number, got "${value}"`);
  return n;
}
