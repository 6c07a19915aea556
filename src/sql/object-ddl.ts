import { diffModels } from '../diff/diff.js';
import { OBJECT_KINDS, spec, type ObjectKind } from '../model/kinds/registry.js';
import { emptyModel } from '../model/normalize.js';
import type { SchemaModel } from '../model/types.js';
import { planChanges } from '../plan/plan.js';

/** ObjectDdl is the SQL that creates one top-level object with everything it owns. */
export interface ObjectDdl {
  /** The object's identity in the planner's notation: `relation:public.users`, `type:public.mood`, `function:public.f(integer)`. */
  readonly id: string;
  readonly kind: ObjectKind;
  /** Its schema; null for schemas, extensions and database-wide objects. */
  readonly schema: string | null;
  readonly name: string | null;
  /** The statements, in the order `inspect --format sql` prints them. */
  readonly sql: string;
}

/**
 * objectDdl splits the creation script of a model (what `inspect --format sql` prints) by object:
 * each statement goes to the top-level object it belongs to (a table takes its columns'
 * comments, its indexes, constraints, triggers and policies), found by walking up each kind's
 * `parent`. Studio shows an object's DDL from it; the statements are the planner's own, so they
 * read exactly as a plan or an inspect script would print them.
 *
 * @example const users = (await objectDdl(model)).find((o) => o.id === 'relation:public.users');
 */
export async function objectDdl(model: SchemaModel): Promise<ObjectDdl[]> {
  const owner = new Map<string, { kind: ObjectKind; item: unknown; parent: string | null }>();
  for (const kind of OBJECT_KINDS) {
    const s = spec(kind);
    for (const item of s.list(model)) owner.set(s.id(item), { kind, item, parent: s.parent(item) });
  }
  const rootOf = (id: string): string => {
    const seen = new Set<string>();
    let at = id;
    for (let parent = owner.get(at)?.parent; parent != null && owner.has(parent) && !seen.has(parent); parent = owner.get(at)?.parent) {
      seen.add(at);
      at = parent;
    }
    return at;
  };

  const empty = emptyModel();
  const plan = await planChanges(diffModels(empty, model), empty, model, { reverse: false });
  const statements = new Map<string, string[]>();
  for (const statement of plan.up) {
    const { change } = plan.changes[statement.origin]!;
    const object = change.op === 'create' || change.op === 'drop' ? change.object : change.to;
    const root = rootOf(spec(change.kind).id(object));
    let list = statements.get(root);
    if (!list) statements.set(root, (list = []));
    list.push(statement.sql);
  }
  return [...statements].map(([id, sql]): ObjectDdl => {
    const found = owner.get(id);
    const { schema, name } = nameOf(found?.item);
    return { id, kind: found?.kind ?? (id.slice(0, id.indexOf(':')) as ObjectKind), schema, name, sql: sql.join('\n') };
  });
}

function nameOf(item: unknown): { schema: string | null; name: string | null } {
  if (typeof item !== 'object' || item === null) return { schema: null, name: null };
  const o = item as { schema?: unknown; name?: unknown };
  return { schema: typeof o.schema === 'string' ? o.schema : null, name: typeof o.name === 'string' ? o.name : null };
}
