import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, placeTenants, type Tenant } from '../../src/index.js';

const shards = { eu: 'postgres://eu/app', us: 'postgres://us/app', ap: 'postgres://ap/app' };
const tenant = (slug: string, shard: string | null): Tenant => ({ slug, shard, schema: `tenant_${slug}`, tenantId: slug }) as unknown as Tenant;

describe('tenant placement (config tenants.placement)', () => {
  it('fewest-tenants: each new tenant goes to the emptiest shard, counting those placed before it; ties in config order', () => {
    const existing = [tenant('a', 'eu'), tenant('b', 'eu'), tenant('c', 'us'), tenant('d', null)];
    assert.deepEqual(placeTenants(['n1', 'n2', 'n3', 'n4'], existing, shards, 'fewest-tenants'), ['ap', 'us', 'ap', 'eu']);
  });

  it('without shards, and under "main", tenants stay in the project database', () => {
    assert.deepEqual(placeTenants(['x', 'y'], [], {}, 'fewest-tenants'), [null, null]);
    assert.deepEqual(placeTenants(['x'], [], shards, 'main'), [null]);
  });

  it('a function gets every shard with its count, in config order, and may pick any of them', () => {
    const seen: unknown[] = [];
    const byRegion = (loads: readonly { shard: string; tenants: number }[], slug: string) => {
      seen.push(loads.map((l) => `${l.shard}:${l.tenants}`));
      return slug.startsWith('us-') ? 'us' : 'eu';
    };
    assert.deepEqual(placeTenants(['us-acme', 'globex'], [tenant('a', 'us')], shards, byRegion), ['us', 'eu']);
    assert.deepEqual(seen, [['eu:0', 'us:1', 'ap:0'], ['eu:0', 'us:2', 'ap:0']]);
  });

  it('a function that names no configured shard, or throws, is a config error naming the key', () => {
    assert.throws(() => placeTenants(['x'], [], shards, () => 'mars'), (error: unknown) => error instanceof ConfigError && /^tenants\.placement: the function returned "mars" for tenant "x", not one of the configured shards \(eu, us, ap\)$/.test(error.message));
    assert.throws(() => placeTenants(['x'], [], shards, () => { throw new Error('no capacity'); }), (error: unknown) => error instanceof ConfigError && /tenants\.placement: the function threw for tenant "x": no capacity/.test(error.message));
  });
});
