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
const idOf = (c: Change): string => spec(c.kind).id(objectOf(c));

/**
 * schedule orders changes by the dependencies their objects declare, the way pg_dump orders a
 * script by pg_depend: an object is created after what it needs and dropped before it; a recreated
 * object is dropped before it is created again. Among changes free to run, drops go first (highest
 * rank first), then creates and alters by rank — the kind order of a pg_dump script. Renames run
 * before everything (or, undoing them in a down plan, after everything). A dependency cycle is
 * broken at the change of lowest rank.
 */
export function schedule(changes: readonly Change[], ctx: PlanContext, ctxOf: (change: number) => PlanContext = () => ctx): Scheduled {
  const ids = changes.map(idOf);
  const byId = new Map<string, number[]>();
  const index = (id: string, i: number) => {
    const list = byId.get(id);
    if (list) list.push(i);
    else byId.set(id, [i]);
  };
  changes.forEach((c, i) => {
    index(ids[i]!, i);
    if (c.op === 'rename') index(spec(c.kind).id(c.from), i);
  });
  const dropped = new Set(changes.flatMap((c, i) => (c.op === 'drop' ? [ids[i]!] : [])));
  const created = new Set(changes.flatMap((c, i) => (c.op === 'create' ? [ids[i]!] : [])));

  // The change that builds an object again and, with it, what it is made of (see KindSpec.partOf).
  const replacing = new Map<string, number>();
  changes.forEach((c, i) => {
    if (c.op === 'alter' && spec(c.kind).replaces?.(c.from, c.to)) replacing.set(ids[i]!, i);
  });
  const replacer = changes.map((c, i) => {
    const s = spec(c.kind);
    if (replacing.size === 0 || c.op === 'rename' || !s.partOf) return -1;
    const whole = s.partOf(objectOf(c), c.op === 'drop' ? ctx.from : ctx.to).find((id) => replacing.has(id) && replacing.get(id) !== i);
    return whole === undefined ? -1 : replacing.get(whole)!;
  });

  // What another change does: members dropped with their table, columns created with it, a
  // partition's column changed through its parent's.
  const implied = changes.map((c, i) => {
    const s = spec(c.kind);
    if (c.op === 'drop') {
      const parent = s.parent(c.object);
      if (parent !== null && dropped.has(parent) && !(s.explicitDrop?.(c.object, dropped) ?? false)) return true;
    }
    if (c.op === 'create' && s.createdWithParent) {
      const parent = s.parent(c.object);
      if (parent !== null && created.has(parent)) return true;
    }
    if (c.op !== 'rename' && s.propagatedFrom) {
      const origin = s.propagatedFrom(objectOf(c), c.op === 'drop' ? ctx.from : ctx.to, c.op);
      if (origin !== null && (byId.get(origin) ?? []).some((j) => changes[j]!.op === c.op)) return true;
    }
    return replacer[i]! >= 0;
  });

  // An implied change runs as part of another: its ordering constraints are its carrier's.
  const carriers = changes.map((_, i) => {
    let at = i;
    for (let guard = 0; implied[at] && guard < 8; guard++) {
      if (replacer[at]! >= 0) return replacer[at]!;
      const c = changes[at]!;
      const s = spec(c.kind);
      const parent = c.op === 'create' || c.op === 'drop' ? s.parent(c.object) : null;
      const next = parent === null ? undefined : (byId.get(parent) ?? []).find((j) => changes[j]!.op === c.op);
      if (next === undefined) break;
      at = next;
    }
    return at;
  });

  // Edges may repeat: each repeat adds one to `incoming` and takes one off again, so order is unaffected.
  const edges: number[][] = changes.map(() => []);
  const incoming = changes.map(() => 0);
  const edge = (before: number, after: number) => {
    const [b, a] = [carriers[before]!, carriers[after]!];
    if (b === a) return;
    edges[b]!.push(a);
    incoming[a]!++;
  };
  changes.forEach((c, i) => {
    const s = spec(c.kind);
    // A parent is dropped after its children; creation order comes from dependencies alone (a
    // serial's sequence belongs to its column, yet the column's default needs the sequence first).
    const needs = (object: unknown, model: typeof ctx.from) => {
      const parent = s.parent(object);
      const deps = needsOf(s, object, model);
      return parent === null ? deps : [parent, ...deps];
    };
    if (c.op === 'create' || c.op === 'alter') {
      for (const dep of needsOf(s, objectOf(c), ctx.to)) {
        for (const j of byId.get(dep) ?? []) {
          const d = changes[j]!;
          if (j === i) continue;
          if (d.op === 'create' || d.op === 'alter') edge(j, i);
          else if (d.op === 'rename') d.reversed ? edge(i, j) : edge(j, i);
        }
      }
    }
    if (c.op === 'drop' || c.op === 'alter') {
      for (const dep of needs(c.op === 'drop' ? c.object : c.from, ctx.from)) {
        // What stands on an object built again goes before it, as before a drop.
        for (const j of byId.get(dep) ?? []) if (j !== i && (changes[j]!.op === 'drop' || replacing.get(dep) === j)) edge(i, j);
      }
    }
    if (c.op === 'create') {
      // Recreated: the old one goes first.
      for (const j of byId.get(ids[i]!) ?? []) if (changes[j]!.op === 'drop') edge(j, i);
    }
  });

  const priority = changes.map((c) => {
    const s = spec(c.kind);
    const rank = s.rank + (s.subRank?.(objectOf(c)) ?? 0);
    if (c.op === 'rename') return c.reversed ? 100_000 + rank : -100_000 + rank;
    return c.op === 'drop' ? -1000 - rank : rank;
  });
  const heap = new MinHeap((a, b) => priority[a]! - priority[b]! || a - b);
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
    const s = spec(c.kind);
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

/** MinHeap is a binary heap of change indexes. */
class MinHeap {
  private readonly items: number[] = [];
  constructor(private readonly less: (a: number, b: number) => number) {}

  push(item: number): void {
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (this.less(items[i]!, items[up]!) >= 0) break;
      [items[i], items[up]] = [items[up]!, items[i]!];
      i = up;
    }
  }

  pop(): number | undefined {
    const items = this.items;
    if (items.length === 0) return undefined;
    const top = items[0]!;
    const last = items.pop()!;
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const [l, r] = [2 * i + 1, 2 * i + 2];
        let min = i;
        if (l < items.length && this.less(items[l]!, items[min]!) < 0) min = l;
        if (r < items.length && this.less(items[r]!, items[min]!) < 0) min = r;
        if (min === i) break;
        [items[i], items[min]] = [items[min]!, items[i]!];
        i = min;
      }
    }
    return top;
  }
}
