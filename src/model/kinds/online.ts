import type { QualifiedName, TableDef } from '../types.js';
import type { PlanContext } from './kind.js';
import { tableIn } from './lookup.js';
import { inRebuiltTable } from './table-rebuild.js';

/**
 * Online forms: how a change to a table that already holds rows is made without blocking writes
 * for the length of a scan. A table that is only created in the plan needs none of this: nobody
 * uses it yet.
 */

/**
 * existingTable is the table `name` when a plan may change it with an online form: it exists
 * before the plan runs and stays (a table dropped, created or built again by the plan gains
 * nothing), and it is an ordinary table (PostgreSQL builds no index CONCURRENTLY on a partitioned
 * table, nor adds a NOT VALID foreign key to one).
 */
export function existingTable(name: QualifiedName, ctx: PlanContext): TableDef | null {
  if (!ctx.online) return null;
  const before = tableIn(ctx.from, name);
  if (!before || before.partitioning !== null || !tableIn(ctx.to, name) || inRebuiltTable(name, ctx)) return null;
  return before;
}

/** concurrentAllowed tells whether a CONCURRENTLY form may be planned (see {@link PlanContext.online}). */
export const concurrentAllowed = (ctx: PlanContext): boolean => ctx.online === 'concurrent';

/**
 * notNullCheckName names the temporary CHECK (col IS NOT NULL) of an online SET NOT NULL, cut to
 * PostgreSQL's 63 bytes as PostgreSQL would cut it.
 */
export function notNullCheckName(table: QualifiedName, column: string): string {
  const name = `${table.name}_${column}_not_null_check`;
  const bytes = Buffer.from(name, 'utf8');
  if (bytes.length <= 63) return name;
  // Cut on a character boundary.
  let end = 63;
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8');
}
