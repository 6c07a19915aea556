/**
 * Turning PostgreSQL names into TypeScript: type names, property keys, string literals and doc
 * comments. Every name is valid TypeScript whatever the database calls things ("limit",
 * "Order Lines", "über", "2fa").
 */

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * pascalCase builds a type-name stem: words split on anything that is not a letter or digit,
 * each capitalized, the rest of each word kept as written.
 *
 * @example pascalCase('order_lines') // 'OrderLines'
 */
export function pascalCase(name: string): string {
  const words = name.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const joined = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
  if (joined === '') return 'T';
  return /^\p{N}/u.test(joined) ? `_${joined}` : joined;
}

/** lowerFirst turns a type name into the matching value name (`OrderStatus` → `orderStatus`). */
export function lowerFirst(name: string): string {
  return /^_/.test(name) ? name : name[0]!.toLowerCase() + name.slice(1);
}

/**
 * NameAllocator hands out unique names in the order asked: the first to want a name gets it,
 * later ones get a number appended. The generator asks in the model's sorted order, so the
 * result is deterministic.
 */
export class NameAllocator {
  private readonly taken = new Set<string>();

  constructor(reserved: readonly string[] = []) {
    for (const name of reserved) this.taken.add(name);
  }

  /** allocate returns `stem` or, if taken, `stem2`, `stem3`… */
  allocate(stem: string): string {
    let name = stem;
    for (let n = 2; this.taken.has(name); n++) name = `${stem}${n}`;
    this.taken.add(name);
    return name;
  }

  /** isFree tells whether every one of `names` is still free. */
  isFree(...names: string[]): boolean {
    return names.every((n) => !this.taken.has(n));
  }
}

/** tsString renders a single-quoted TypeScript string literal. */
export function tsString(value: string): string {
  const body = JSON.stringify(value).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'");
  return `'${body}'`;
}

/** propertyKey renders an object-type key: bare when it is an identifier, quoted otherwise. */
export function propertyKey(name: string): string {
  return IDENTIFIER.test(name) ? name : tsString(name);
}

/**
 * docComment renders text as a JSDoc block at `indent`, or nothing for no text. `*\/` in the text
 * is broken up so a comment cannot end the block early.
 */
export function docComment(paragraphs: readonly (string | null | undefined)[], indent = ''): string[] {
  const lines = paragraphs
    .filter((p): p is string => typeof p === 'string' && p.trim() !== '')
    .flatMap((p, i) => [...(i > 0 ? [''] : []), ...p.replace(/\r\n?/g, '\n').split('\n')])
    .map((l) => l.replace(/\*\//g, '*\\/').trimEnd());
  if (lines.length === 0) return [];
  if (lines.length === 1) return [`${indent}/** ${lines[0]} */`];
  return [`${indent}/**`, ...lines.map((l) => (l ? `${indent} * ${l}` : `${indent} *`)), `${indent} */`];
}
