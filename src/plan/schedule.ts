import type { Change } from '../diff/changes.js';
import { needsOf } from '../model/kinds/dependencies.js';
import { spec } from '../model/kinds/registry.js';
import type { PlanContext, Sql } from '../model/kinds/kind.js';

/** Scheduled is one list of changes in execution order, with each change's SQL. */
export interface Scheduled {
  /** Indexes into the changes, in the order their SQL runs. */
  readonly order: readonly number[];
  /** Per change (by index): its statements; empty when another change does its work. */
  readonly sql: readonly (readonly Sql[])[];
  /** Per change: done by another change (DROP TABLE takes its indexes along). */
  readonly implied: readonly boolean[];
  /** Per change: the changes that must run after it. */
  readonly after: readonly (readonly number[])[];
}

const objectOf = (c: Change): unknown => (c.op === 'create' || c.op === 'drop' ? c.object : c.to);

/**
 * schedule orders changes by the dependencies their objects declare, the way pg_dump orders a
 * script by pg_depend: an object is created after what it needs and dropped before it; a recreated
 * object is dropped before it is created again. Among changes free to run, drops go first (highest
 * rank first), then creates and alters by rank — the kind order of a pg_dump script. Renames run
 * before everything (or, undoing them in a down plan, after everything). A dependency cycle is
 * broken at the change of lowest rank.
 */
export function schedule(changes: readonly Change[], ctx: PlanContext, ctxOf: (change: number) => PlanContext = () => ctx): Scheduled {
  // Each change's kind, object, identity and parent are read once: plans of whole schemas hold
  // tens of thousands of changes, and the passes below would otherwise rebuild the same strings.
  const specs = changes.map((c) => spec(c.kind));
  const objects = changes.map(objectOf);
  const ids = changes.map((c, i) => specs[i]!.id(objects[i]));
  const parents = changes.map((c, i) => (c.op === 'create' || c.op === 'drop' ? specs[i]!.parent(objects[i]) : null));
  const byId = new Map<string, number[]>();
  const index = (id: string, i: number) => {
    const list = byId.get(id);
    if (list) list.push(i);
    else byId.set(id, [i]);
  };
  const dropped = new Set<string>();
  const created = new Set<string>();
  changes.forEach((c, i) => {
    index(ids[i]!, i);
    if (c.op === 'rename') index(specs[i]!.id(c.from), i);
    else if (c.op === 'drop') dropped.add(ids[i]!);
    else if (c.op === 'create') created.add(ids[i]!);
  });

  // The change that builds an object again and, with it, what it is made of (see KindSpec.partOf).
  const replacing = new Map<string, number>();
  changes.forEach((c, i) => {
    if (c.op === 'alter' && specs[i]!.replaces?.(c.from, c.to)) replacing.set(ids[i]!, i);
  });
  const replacer = changes.map((c, i) => {
    const s = specs[i]!;
    if (replacing.size === 0 || c.op === 'rename' || !s.partOf) return -1;
    const whole = s.partOf(objects[i], c.op === 'drop' ? ctx.from : ctx.to).find((id) => replacing.has(id) && replacing.get(id) !== i);
    return whole === undefined ? -1 : replacing.get(whole)!;
  });

  // What another change does: members dropped with their table, columns created with it, a
  // partition's column changed through its parent's.
  const implied = changes.map((c, i) => {
    const s = specs[i]!;
    const parent = parents[i]!;
    if (c.op === 'drop' && parent !== null && dropped.has(parent) && !(s.explicitDrop?.(c.object, dropped) ?? false)) return true;
    if (c.op === 'create' && s.createdWithParent && parent !== null && created.has(parent)) return true;
    if (c.op !== 'rename' && s.propagatedFrom) {
      const origin = s.propagatedFrom(objects[i], c.op === 'drop' ? ctx.from : ctx.to, c.op);
      if (origin !== null && (byId.get(origin) ?? []).some((j) => changes[j]!.op === c.op)) return true;
    }
    return replacer[i]! >= 0;
  });

  // An implied change runs as part of another: its ordering constraints are its carrier's.
  const carriers = changes.map((_, i) => {
    let at = i;
    for (let guard = 0; implied[at] && guard < 8; guard++) {
      if (replacer[at]! >= 0) return replacer[at]!;
      const parent = parents[at]!;
      const op = changes[at]!.op;
      const next = parent === null ? undefined : (byId.get(parent) ?? []).find((j) => changes[j]!.op === op);
      if (next === undefined) break;
      at = next;
    }
    return at;
  });

  // Edges may repeat: each repeat adds one to `incoming` and takes one off again, so order is unaffected.
  const edges: number[][] = changes.map(() => []);
  const incoming = new Array<number>(changes.length).fill(0);
  const edge = (before: number, after: number) => {
    const [b, a] = [carriers[before]!, carriers[after]!];
    if (b === a) return;
    edges[b]!.push(a);
    incoming[a]!++;
  };
  changes.forEach((c, i) => {
    const s = specs[i]!;
    if (c.op === 'create' || c.op === 'alter') {
      for (const dep of needsOf(s, objects[i], ctx.to, ids[i])) {
        const found = byId.get(dep);
        if (!found) continue;
        for (const j of found) {
          const d = changes[j]!;
          if (j === i) continue;
          if (d.op === 'create' || d.op === 'alter') edge(j, i);
          else if (d.op === 'rename') d.reversed ? edge(i, j) : edge(j, i);
        }
      }
    }
    if (c.op === 'drop' || c.op === 'alter') {
      // A parent is dropped after its children; creation order comes from dependencies alone (a
      // serial's sequence belongs to its column, yet the column's default needs the sequence first).
      const object = c.op === 'drop' ? c.object : c.from;
      const parent = c.op === 'drop' ? parents[i]! : s.parent(object);
      const deps = needsOf(s, object, ctx.from, c.op === 'drop' ? ids[i] : undefined);
      for (const dep of parent === null ? deps : [parent, ...deps]) {
        // What stands on an object built again goes before it, as before a drop.
        for (const j of byId.get(dep) ?? []) if (j !== i && (changes[j]!.op === 'drop' || replacing.get(dep) === j)) edge(i, j);
      }
    }
    if (c.op === 'create') {
      // Recreated: the old one goes first.
      if (dropped.has(ids[i]!)) for (const j of byId.get(ids[i]!)!) if (changes[j]!.op === 'drop') edge(j, i);
    }
  });

  const priority = changes.map((c, i) => {
    const s = specs[i]!;
    const rank = s.rank + (s.subRank?.(objects[i]) ?? 0);
    if (c.op === 'rename') return c.reversed ? 100_000 + rank : -100_000 + rank;
    return c.op === 'drop' ? -1000 - rank : rank;
  });
  const heap = new MinHeap(priority);
  incoming.forEach((n, i) => n === 0 && heap.push(i));
  const order: number[] = [];
  const done = new Array<boolean>(changes.length).fill(false);
  while (order.length < changes.length) {
    let next = heap.pop();
    if (next === undefined) {
      // A cycle: take the waiting change that would come first anyway.
      next = [...changes.keys()].filter((i) => !done[i]).sort((a, b) => priority[a]! - priority[b]! || a - b)[0]!;
    }
    if (done[next]) continue;
    done[next] = true;
    order.push(next);
    for (const after of edges[next]!) if (--incoming[after]! === 0 && !done[after]) heap.push(after);
  }

  const sql = changes.map((c, i) => {
    if (implied[i]) return [];
    const s = specs[i]!;
    const ctx = ctxOf(i);
    switch (c.op) {
      case 'create':
        return s.create(c.object, ctx);
      case 'drop':
        return s.drop(c.object, ctx);
      case 'alter':
        return s.alter(c.from, c.to, ctx);
      case 'rename':
        return s.rename ? s.rename(c.from, c.to, ctx) : [];
    }
  });
  return { order, sql, implied, after: edges };
}

/**
 * MinHeap is a binary heap of change indexes ordered by a numeric priority, then by index (the
 * order the diff listed them), so equal priorities keep a stable order.
 */
class MinHeap {
  private readonly items: number[] = [];
  constructor(private readonly priority: readonly number[]) {}

  private less(a: number, b: number): boolean {
    const [pa, pb] = [this.priority[a]!, this.priority[b]!];
    return pa < pb || (pa === pb && a < b);
  }

  push(item: number): void {
    const items = this.items;
    let i = items.length;
    items.push(item);
    while (i > 0) {
      const up = (i - 1) >> 1;
      const parent = items[up]!;
      if (!this.less(item, parent)) break;
      items[i] = parent;
      i = up;
    }
    items[i] = item;
  }

  pop(): number | undefined {
    const items = this.items;
    if (items.length === 0) return undefined;
    const top = items[0]!;
    const last = items.pop()!;
    const n = items.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const child = r < n && this.less(items[r]!, items[l]!) ? r : l;
        if (!this.less(items[child]!, last)) break;
        items[i] = items[child]!;
        i = child;
      }
      items[i] = last;
    }
    return top;
  }
}
