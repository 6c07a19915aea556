import { needsOf, renameIdentities } from '../model/kinds/dependencies.js';
import { renamedTarget } from '../model/kinds/privilege.js';
import { OBJECT_KINDS, spec, type ObjectKind } from '../model/kinds/registry.js';
import type { ColumnDef, QualifiedName, SchemaModel, TableDef } from '../model/types.js';
import type { Change } from './changes.js';

/**
 * RenameHints turn a drop plus an add into a rename. Without a hint Tidemark never guesses: the
 * change is a drop and an add, marked destructive, and nothing asks the user anything.
 */
export interface RenameHints {
  /** `schema.old` → new name (same schema). */
  readonly tables?: ReadonlyMap<string, string>;
  /** `schema.table.old` → new column name (table named as in the target model). */
  readonly columns?: ReadonlyMap<string, string>;
}

/**
 * renamedModel applies the renames among `changes` to a model: what the source looks like once
 * they ran. The differ compares that with the target, and the planner orders against it.
 */
export function renamedModel(from: SchemaModel, changes: readonly Change[]): SchemaModel {
  const tables = new Map<string, string>();
  const columns = new Map<string, string>();
  for (const c of changes) {
    if (c.op !== 'rename' || c.reversed) continue;
    if (c.kind === 'table') tables.set(`${c.from.schema}.${c.from.name}`, c.to.name);
    if (c.kind === 'column') columns.set(`${c.to.table.schema}.${c.to.table.name}.${c.from.def.name}`, c.to.def.name);
  }
  if (tables.size === 0 && columns.size === 0) return from;
  // References to a renamed table follow it: a child's parents, a partition's parent, a publication's tables.
  const follow = <T extends QualifiedName>(o: T): T => {
    const name = tables.get(`${o.schema}.${o.name}`);
    return name === undefined ? o : { ...o, name };
  };
  const renameTable = (t: TableDef): TableDef => {
    const name = tables.get(`${t.schema}.${t.name}`) ?? t.name;
    const renameColumn = (c: ColumnDef): ColumnDef => ({ ...c, name: columns.get(`${t.schema}.${name}.${c.name}`) ?? c.name });
    return {
      ...t,
      name,
      columns: t.columns.map(renameColumn),
      inherits: t.inherits.map(follow),
      partitionOf: t.partitionOf && { ...t.partitionOf, table: follow(t.partitionOf.table) },
    };
  };
  const rename = (id: string) => renameIdentities(id, tables, columns);
  return {
    ...from,
    dependencies: from.dependencies.map(([a, b]) => [rename(a), rename(b)] as const),
    tables: from.tables.map(renameTable),
    publications: from.publications.map((p) => ({
      ...p,
      tables: p.tables.map((t) => {
        const table = follow(t);
        return { ...table, columns: t.columns && t.columns.map((c) => columns.get(`${table.schema}.${table.name}.${c}`) ?? c) };
      }),
    })),
    privileges: from.privileges.map((p) => ({ ...p, on: renamedTarget(p.on, tables, columns) })),
    owners: from.owners.map((o) => ({ ...o, on: renamedTarget(o.on, tables, columns) })),
    sequences: from.sequences.map((s) => {
      if (!s.ownedBy) return s;
      const table = tables.get(`${s.ownedBy.schema}.${s.ownedBy.table}`) ?? s.ownedBy.table;
      const column = columns.get(`${s.ownedBy.schema}.${table}.${s.ownedBy.column}`) ?? s.ownedBy.column;
      return { ...s, ownedBy: { ...s.ownedBy, table, column } };
    }),
  };
}

function renames(from: SchemaModel, to: SchemaModel, hints: RenameHints): Change[] {
  const out: Change[] = [];
  const tableNames = new Map<string, string>();
  for (const t of from.tables) {
    const name = hints.tables?.get(`${t.schema}.${t.name}`);
    if (name === undefined) continue;
    tableNames.set(`${t.schema}.${t.name}`, name);
    out.push({ op: 'rename', kind: 'table', from: t, to: { ...t, name }, reversed: false });
  }
  if (hints.columns?.size) {
    for (const t of from.tables) {
      const table = { ...t, name: tableNames.get(`${t.schema}.${t.name}`) ?? t.name };
      for (const def of t.columns) {
        const name = hints.columns.get(`${table.schema}.${table.name}.${def.name}`);
        if (name !== undefined) out.push({ op: 'rename', kind: 'column', from: { table, def }, to: { table, def: { ...def, name } }, reversed: false });
      }
    }
  }
  void to;
  return out;
}

interface Side {
  readonly items: Map<string, unknown>;
}

function sideOf(kind: ObjectKind, model: SchemaModel): Side {
  const s = spec(kind);
  const items = new Map<string, unknown>();
  for (const item of s.list(model)) items.set(s.id(item), item);
  return { items };
}

/**
 * diffModels lists the changes that turn `from` into `to`, kind by kind through the registry:
 * objects are matched by identity, and each kind says whether a pair is the same, altered in place
 * or recreated. Objects that depend on something dropped, recreated or reshaped are rebuilt around
 * it when their kind allows (views, triggers, indexes, constraints, comments). The result is
 * unordered; the planner orders it.
 *
 * @example const changes = diffModels(await loadSource(a), await loadSource(b), { tables: new Map([['public.users', 'accounts']]) });
 */
export function diffModels(from: SchemaModel, to: SchemaModel, hints: RenameHints = {}): Change[] {
  const renameChanges = renames(from, to, hints);
  const source = renamedModel(from, renameChanges);
  const changes: Change[] = [...renameChanges];
  const sides = new Map<ObjectKind, { a: Side; b: Side }>();
  /** Identities dropped (or recreated): their dependents cannot stay as they are. */
  const invalid = new Set<string>();
  /** Identities with a drop or create already planned. */
  const rebuilt = new Set<string>();
  const alters = new Map<string, number>();

  for (const kind of OBJECT_KINDS) {
    const s = spec(kind);
    const a = sideOf(kind, source);
    const b = sideOf(kind, to);
    sides.set(kind, { a, b });
    for (const [id, item] of a.items) {
      const target = b.items.get(id);
      if (target === undefined) {
        changes.push({ op: 'drop', kind, object: item } as Change);
        invalid.add(id);
        rebuilt.add(id);
        for (const more of s.invalidates?.(item, null, source) ?? []) invalid.add(more);
        continue;
      }
      const verdict = s.compare(item, target);
      if (verdict === 'recreate') {
        changes.push({ op: 'drop', kind, object: item } as Change, { op: 'create', kind, object: target } as Change);
        invalid.add(id);
        rebuilt.add(id);
      } else if (verdict === 'alter') {
        alters.set(id, changes.length);
        changes.push({ op: 'alter', kind, from: item, to: target } as Change);
        for (const more of s.invalidates?.(item, target, source) ?? []) invalid.add(more);
      }
    }
    for (const [id, item] of b.items) {
      if (!a.items.has(id)) {
        changes.push({ op: 'create', kind, object: item } as Change);
        rebuilt.add(id);
      }
    }
  }

  rebuiltAlong(changes, sides, source, to, { invalid, rebuilt, alters });

  // Rebuild what stands on something invalidated, and what stands on that: a walk over the reverse
  // of what each rebuildable object needs (its parent and its dependencies), built once.
  if (invalid.size > 0) {
    const standsOn = new Map<string, { kind: ObjectKind; id: string; item: unknown; target: unknown }[]>();
    for (const kind of OBJECT_KINDS) {
      const s = spec(kind);
      if (!s.rebuildable) continue;
      const { a, b } = sides.get(kind)!;
      for (const [id, item] of a.items) {
        if (rebuilt.has(id)) continue;
        const target = b.items.get(id);
        if (target === undefined) continue;
        const parent = s.parent(item);
        const entry = { kind, id, item, target };
        for (const need of parent === null ? needsOf(s, item, source) : [parent, ...needsOf(s, item, source)]) {
          const list = standsOn.get(need);
          if (list) list.push(entry);
          else standsOn.set(need, [entry]);
        }
      }
    }
    const pending = [...invalid];
    for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
      for (const { kind, id, item, target } of standsOn.get(next) ?? []) {
        if (rebuilt.has(id)) continue;
        const altered = alters.get(id);
        if (altered !== undefined) changes[altered] = { op: 'drop', kind, object: item } as Change;
        else changes.push({ op: 'drop', kind, object: item } as Change);
        changes.push({ op: 'create', kind, object: target } as Change);
        rebuilt.add(id);
        if (!invalid.has(id)) {
          invalid.add(id);
          pending.push(id);
        }
      }
    }
  }
  return changes;
}

/**
 * rebuiltAlong makes what an object's rebuild builds too (see KindSpec.partOf: the partitions and
 * columns of a table built again) a drop and a create, whether it changed or not, so that what
 * stands on it is rebuilt as well; the planner leaves their SQL to the rebuild.
 */
function rebuiltAlong(
  changes: Change[],
  sides: ReadonlyMap<ObjectKind, { a: Side; b: Side }>,
  source: SchemaModel,
  to: SchemaModel,
  state: { invalid: Set<string>; rebuilt: Set<string>; alters: Map<string, number> },
): void {
  const replaced = new Set<string>();
  for (const c of changes) if (c.op === 'alter' && spec(c.kind).replaces?.(c.from, c.to)) replaced.add(spec(c.kind).id(c.to));
  if (replaced.size === 0) return;
  const inReplaced = (ids: readonly string[]) => ids.some((id) => replaced.has(id));
  for (const kind of OBJECT_KINDS) {
    const s = spec(kind);
    if (!s.partOf) continue;
    const { a, b } = sides.get(kind)!;
    for (const [id, item] of a.items) {
      const target = b.items.get(id);
      if (target === undefined || replaced.has(id)) continue;
      if (!inReplaced(s.partOf(item, source)) && !inReplaced(s.partOf(target, to))) continue;
      if (state.rebuilt.has(id)) continue;
      const altered = state.alters.get(id);
      if (altered !== undefined) changes[altered] = { op: 'drop', kind, object: item } as Change;
      else changes.push({ op: 'drop', kind, object: item } as Change);
      changes.push({ op: 'create', kind, object: target } as Change);
      state.rebuilt.add(id);
      state.invalid.add(id);
      for (const more of s.invalidates?.(item, null, source) ?? []) state.invalid.add(more);
    }
  }
}
