import type { SchemaModel } from '../types.js';
import type { KindSpec } from './kind.js';

const cache = new WeakMap<SchemaModel, ReadonlyMap<string, readonly string[]>>();

/** catalogDependencies indexes a model's pg_depend pairs by dependent. */
export function catalogDependencies(model: SchemaModel): ReadonlyMap<string, readonly string[]> {
  let map = cache.get(model);
  if (!map) {
    const built = new Map<string, string[]>();
    for (const [dependent, referenced] of model.dependencies ?? []) {
      const list = built.get(dependent);
      if (list) list.push(referenced);
      else built.set(dependent, [referenced]);
    }
    cache.set(model, (map = built));
  }
  return map;
}

/**
 * needsOf is everything an object needs: what its kind declares plus what the catalog recorded.
 * `id` is the object's identity when the caller has it already.
 */
export function needsOf<T>(spec: KindSpec<T>, item: T, model: SchemaModel, id: string = spec.id(item)): readonly string[] {
  const declared = spec.dependsOn(item, model);
  const recorded = catalogDependencies(model).get(id);
  return recorded ? [...declared, ...recorded] : declared;
}

/**
 * renameIdentities rewrites identities after renames: `relation:s.old` and everything on it
 * (`column:s.old.c`, `constraint:s.old.k`…) to the new table name, and renamed columns.
 */
export function renameIdentities(id: string, tables: ReadonlyMap<string, string>, columns: ReadonlyMap<string, string>): string {
  const colon = id.indexOf(':');
  const kind = id.slice(0, colon);
  let rest = id.slice(colon + 1);
  for (const [old, name] of tables) {
    const dot = old.indexOf('.');
    const renamed = `${old.slice(0, dot)}.${name}`;
    if (rest === old || rest.startsWith(`${old}.`) || rest.startsWith(`${old}(`)) {
      rest = renamed + rest.slice(old.length);
      break;
    }
  }
  if (kind === 'column') {
    const name = columns.get(rest);
    if (name !== undefined) rest = `${rest.slice(0, rest.lastIndexOf('.'))}.${name}`;
  }
  return `${kind}:${rest}`;
}
