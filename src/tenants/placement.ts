import type { PlacementFunction, ShardLoad } from '../config/schema.js';
import { ConfigError } from '../errors.js';
import type { Tenant } from './registry.js';

export type { PlacementFunction, ShardLoad };

/**
 * PlacementPolicy: `fewest-tenants` (the shard holding the fewest, the first in config order on a
 * tie), `main` (the project's database, as before shards existed), or a {@link PlacementFunction}.
 */
export type PlacementPolicy = 'fewest-tenants' | 'main' | PlacementFunction;

/**
 * placeTenants picks a shard for each new tenant in turn, counting the ones placed before it, so
 * `tenants add a b c` spreads them. Null is the project's database: the choice when no shards are
 * configured, and always under the `main` policy.
 */
export function placeTenants(slugs: readonly string[], existing: readonly Tenant[], shards: Readonly<Record<string, string>>, policy: PlacementPolicy): (string | null)[] {
  const names = Object.keys(shards);
  if (names.length === 0 || policy === 'main') return slugs.map(() => null);
  const counts = new Map(names.map((name) => [name, 0]));
  for (const tenant of existing) if (tenant.shard !== null && counts.has(tenant.shard)) counts.set(tenant.shard, counts.get(tenant.shard)! + 1);
  return slugs.map((slug) => {
    const loads = names.map((shard) => ({ shard, tenants: counts.get(shard)! }));
    const shard = policy === 'fewest-tenants' ? loads.reduce((best, s) => (s.tenants < best.tenants ? s : best)).shard : chosen(policy, loads, slug);
    counts.set(shard, counts.get(shard)! + 1);
    return shard;
  });
}

function chosen(policy: PlacementFunction, loads: readonly ShardLoad[], slug: string): string {
  let shard: unknown;
  try {
    shard = policy(loads, slug);
  } catch (error) {
    throw new ConfigError(undefined, [`tenants.placement: the function threw for tenant "${slug}": ${error instanceof Error ? error.message : String(error)}`], { cause: error });
  }
  if (typeof shard !== 'string' || !loads.some((l) => l.shard === shard)) {
    throw new ConfigError(undefined, [`tenants.placement: the function returned ${JSON.stringify(shard)} for tenant "${slug}", not one of the configured shards (${loads.map((l) => l.shard).join(', ')})`]);
  }
  return shard;
}
