/**
 * Structural comparison of models (or any JSON values) that reports each difference with a path
 * a person can follow: `tables[public.users].columns[email].type: "text" → "citext"`. Lists of named
 * objects are matched by identity (schema.name, or name, plus arguments for functions), so an
 * inserted column is one difference, not a cascade of shifted positions.
 */

/** Difference is one place where two values disagree. */
export interface Difference {
  readonly path: string;
  readonly left: unknown;
  readonly right: unknown;
}

function identityOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v['name'] !== 'string') return undefined;
  const base = typeof v['schema'] === 'string' ? `${v['schema']}.${v['name']}` : v['name'];
  return typeof v['identityArguments'] === 'string' ? `${base}(${v['identityArguments']})` : base;
}

function walk(left: unknown, right: unknown, path: string, out: Difference[]): void {
  if (Object.is(left, right)) return;
  if (Array.isArray(left) && Array.isArray(right)) {
    const keyed = [...left, ...right].every((item) => identityOf(item) !== undefined);
    if (keyed) {
      const l = new Map(left.map((item) => [identityOf(item)!, item]));
      const r = new Map(right.map((item) => [identityOf(item)!, item]));
      for (const [key, item] of l) {
        if (!r.has(key)) out.push({ path: `${path}[${key}]`, left: item, right: undefined });
        else walk(item, r.get(key), `${path}[${key}]`, out);
      }
      for (const [key, item] of r) if (!l.has(key)) out.push({ path: `${path}[${key}]`, left: undefined, right: item });
      const lo = [...l.keys()].filter((k) => r.has(k));
      const ro = [...r.keys()].filter((k) => l.has(k));
      if (lo.join('\u0000') !== ro.join('\u0000')) out.push({ path: `${path} (order)`, left: lo, right: ro });
      return;
    }
    const length = Math.max(left.length, right.length);
    for (let i = 0; i < length; i++) walk(left[i], right[i], `${path}[${i}]`, out);
    return;
  }
  if (typeof left === 'object' && left !== null && typeof right === 'object' && right !== null && !Array.isArray(left) && !Array.isArray(right)) {
    const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
    for (const key of keys) {
      walk((left as Record<string, unknown>)[key], (right as Record<string, unknown>)[key], path ? `${path}.${key}` : key, out);
    }
    return;
  }
  out.push({ path, left, right });
}

/** CompareOptions relax the comparison. */
export interface CompareOptions {
  /**
   * Ignore the order of table columns. A migration can only append columns — PostgreSQL cannot
   * reorder them without rebuilding the table — so models reached by diffs compare this way.
   */
  readonly ignoreColumnOrder?: boolean;
}

/** compareModels lists every difference between two values; empty means equal. */
export function compareModels(left: unknown, right: unknown, options: CompareOptions = {}): Difference[] {
  const out: Difference[] = [];
  walk(left, right, '', out);
  return options.ignoreColumnOrder ? out.filter((d) => !/^tables\[[^\]]+\]\.columns \(order\)$/.test(d.path)) : out;
}

/** formatDifferences renders differences one per line, for test failures and CLI output. */
export function formatDifferences(differences: readonly Difference[]): string {
  const show = (v: unknown) => (v === undefined ? '(absent)' : JSON.stringify(v));
  return differences.map((d) => `${d.path}: ${show(d.left)} → ${show(d.right)}`).join('\n');
}
