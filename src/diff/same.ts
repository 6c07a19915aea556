/**
 * sameValue compares two JSON values structurally, whatever the key order of their objects —
 * models built by different sources (introspection, a reference-doc parser) need not agree on it.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  // Models from the same source serialize with the same key order: most equal values are equal
  // as JSON, which the engine checks far faster than a walk.
  if (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b)) return true;
  return walk(a, b);
}

function walk(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => walk(item, b[i]));
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
  for (const k of keys) if (!walk(x[k], y[k])) return false;
  return true;
}
