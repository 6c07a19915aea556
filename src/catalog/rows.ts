/** Row is one catalog row as the driver returns it. */
export type Row = Record<string, unknown>;

/** str reads a text column; NULL reads as ''. */
export const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

/**
 * byRelation groups rows by their `relid` column and maps each: the members of every relation
 * (columns, indexes, rules…) come from one query for all relations.
 */
export function byRelation<T>(items: readonly Row[], map: (r: Row) => T): (relid: string) => T[] {
  const grouped = new Map<string, T[]>();
  for (const r of items) {
    const key = str(r['relid']);
    const group = grouped.get(key);
    if (group) group.push(map(r));
    else grouped.set(key, [map(r)]);
  }
  return (relid: string) => grouped.get(relid) ?? [];
}
