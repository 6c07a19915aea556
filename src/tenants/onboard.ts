import { UsageError } from '../errors.js';
import { compareVersions } from '../migrations/files.js';
import type { FleetReport, TenantResult } from './fleet.js';
import { validateSlug } from './names.js';
import { placeTenants } from './placement.js';
import type { Tenant } from './registry.js';
import type { Tenants } from './tenants.js';

/** AddTenantsOptions of {@link addTenants}. */
export interface AddTenantsOptions {
  readonly shard?: string | undefined;
  /** False registers the tenants with empty schemas (`tenants add --no-migrate`). Default true. */
  readonly migrate?: boolean | undefined;
  readonly onTenant?: ((result: TenantResult, done: number, total: number) => void) | undefined;
}

/** AddTenantsResult is what {@link addTenants} did. */
export interface AddTenantsResult {
  readonly tenants: readonly Tenant[];
  /** The version the new tenants were migrated to, or null when they were not migrated. */
  readonly version: string | null;
  /** The fleet run that brought them there, or null when none ran. */
  readonly migration: FleetReport | null;
}

/**
 * addTenants registers tenants and brings each to the fleet's version, so a tenant added today
 * does not sit at an empty schema until the next `tenants migrate`. The fleet's version is the
 * newest one any existing tenant has reached (a rollout in progress is not widened to the new
 * tenants), or the newest tenant migration when the fleet is empty. Every slug is checked before
 * the first is added, so a bad or taken slug changes nothing. Without `shard`, each tenant goes
 * where config `tenants.placement` says (the shard with the fewest tenants by default).
 */
export async function addTenants(fleet: Tenants, slugs: readonly string[], options: AddTenantsOptions = {}): Promise<AddTenantsResult> {
  for (const slug of slugs) validateSlug(slug);
  const repeated = slugs.find((slug, i) => slugs.indexOf(slug) !== i);
  if (repeated) throw new UsageError(`tenant "${repeated}" is named twice`);
  const existing = await fleet.list();
  const taken = slugs.find((slug) => existing.some((t) => t.slug === slug));
  if (taken) throw new UsageError(`tenant "${taken}" already exists (see "tidemark tenants list")`);

  const version = options.migrate === false ? null : await fleetVersion(fleet);
  // Without --shard, the placement policy picks (config tenants.placement; see placement.ts).
  const shards = options.shard === undefined ? placeTenants(slugs, existing, fleet.shards, fleet.placement) : slugs.map(() => options.shard!);
  const added: Tenant[] = [];
  for (const [i, slug] of slugs.entries()) added.push(await fleet.add(slug, { shard: shards[i] ?? undefined }));
  if (version === null) return { tenants: added, version: null, migration: null };
  const migration = await fleet.migrate({ tenants: slugs, to: version, continueOnError: true, onTenant: options.onTenant });
  return { tenants: added, version, migration };
}

/** fleetVersion is the newest version an existing tenant has, the newest file for an empty fleet, or null. */
async function fleetVersion(fleet: Tenants): Promise<string | null> {
  const status = await fleet.status();
  if (status.latest === null) return null;
  if (status.tenants.length === 0) return status.latest;
  const versions = status.tenants.map((t) => t.version).filter((v): v is string => v !== null);
  return versions.reduce<string | null>((max, v) => (max === null || compareVersions(v, max) > 0 ? v : max), null);
}
