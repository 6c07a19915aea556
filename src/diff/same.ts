/**
 * sameValue compares two JSON values structurally, whatever the key order of their objects —
 * models built by different sources (introspection, a reference-doc parser) need not agree on it.
 * A key that is absent and a key whose value is undefined are the same, as in JSON. The walk
 * allocates nothing: a diff compares every object of two large models, and serializing them to
 * compare (the obvious way) made garbage collection most of its cost.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return Object.is(a, b);
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  return sameExcept(a, b, NOTHING);
}

const NOTHING: readonly string[] = [];

/**
 * sameExcept compares two objects as {@link sameValue} does, leaving out the top-level keys
 * `ignored` (a comment, which a kind changes apart from the object itself).
 */
export function sameExcept(a: object, b: object, ignored: readonly string[]): boolean {
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  for (const k in x) {
    if (ignored.length > 0 && ignored.includes(k)) continue;
    if (!sameValue(x[k], y[k])) return false;
  }
  for (const k in y) {
    if (ignored.length > 0 && ignored.includes(k)) continue;
    if (!(k in x) && y[k] !== undefined) return false;
  }
  return true;
}
