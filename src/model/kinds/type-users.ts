import { UsageError } from '../../errors.js';
import type { SchemaModel } from '../types.js';
import { show, type PlanContext } from './kind.js';

const holdsData = (id: string) => id.startsWith('column:') || id.startsWith('type:');

function usersIn(model: SchemaModel, id: string): Set<string> {
  return new Set(model.dependencies.filter(([dependent, referenced]) => referenced === id && holdsData(dependent)).map(([dependent]) => dependent));
}

/**
 * keptUsers lists the columns and types that use object `id` before a change and still use it
 * after. Views, functions and indexes are rebuilt around a type or collation that is recreated;
 * a column cannot be, short of dropping its data.
 */
export function keptUsers(id: string, ctx: PlanContext): string[] {
  const after = usersIn(ctx.to, id);
  return [...usersIn(ctx.from, id)].filter((user) => after.has(user)).sort();
}

/**
 * refuseIfKept throws when `id` cannot be dropped and created again (or altered `how`) because
 * columns or types keep using it: Tidemark does not drop data to change a type's definition.
 */
export function refuseIfKept(id: string, label: string, name: { schema: string; name: string }, how: string, ctx: PlanContext): void {
  const users = keptUsers(id, ctx);
  if (users.length === 0) return;
  const named = users.map((u) => u.slice(u.indexOf(':') + 1)).join(', ');
  throw new UsageError(`${label} '${show(name)}' cannot be ${how} while ${named} use${users.length === 1 ? 's' : ''} it; write that migration by hand`);
}
