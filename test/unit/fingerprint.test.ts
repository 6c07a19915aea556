import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalFacts, compareFingerprints, fingerprintOf, PlanUnverifiedError, ExitCode } from '../../src/index.js';

describe('schema fingerprints', () => {
  it('sorts set-valued facts and leaves list-valued ones in their order', () => {
    const a = canonicalFacts({ acl: ['b=SELECT', 'a=SELECT'], options: ['fillfactor=70', 'autovacuum_enabled=false'], labels: ['z', 'a'] });
    const b = canonicalFacts({ labels: ['z', 'a'], options: ['autovacuum_enabled=false', 'fillfactor=70'], acl: ['a=SELECT', 'b=SELECT'] });
    assert.equal(a, b, 'key order and set order do not count');
    assert.notEqual(canonicalFacts({ labels: ['z', 'a'] }), canonicalFacts({ labels: ['a', 'z'] }), "an enum's label order counts");
    assert.notEqual(canonicalFacts({ inherits: ['p1', 'p2'] }), canonicalFacts({ inherits: ['p2', 'p1'] }), 'INHERITS order counts');
  });

  it('treats a null fact as an absent one, and sorts nested sets by their key', () => {
    assert.equal(canonicalFacts({ comment: null, type: 'integer' }), canonicalFacts({ type: 'integer' }));
    assert.equal(
      canonicalFacts({ 'foreign table': { server: 's', options: ['b=2', 'a=1'] } }),
      canonicalFacts({ 'foreign table': { options: ['a=1', 'b=2'], server: 's' } }),
    );
    assert.notEqual(canonicalFacts({ 'not null': false }), canonicalFacts({}), 'false is a value, not an absence');
  });

  it('keys objects by kind and identity, in code-unit order whatever order the catalog returned', () => {
    const rows = [
      { kind: 'relation', identity: 'public.b', facts: '{"kind":"r"}' },
      { kind: 'column', identity: 'public.b."Z"', facts: { type: 'text' } },
      { kind: 'column', identity: 'public.b.a', facts: { type: 'text' } },
    ];
    const fp = fingerprintOf(rows);
    assert.deepEqual([...fp.keys()], ['column public.b."Z"', 'column public.b.a', 'relation public.b']);
    assert.deepEqual([...fingerprintOf([...rows].reverse())], [...fp]);
  });

  it('names each object that is missing, unexpected or different, and the facts that differ', () => {
    const expected = fingerprintOf([
      { kind: 'index', identity: 'public.t_idx', facts: { definition: 'CREATE INDEX …', valid: true } },
      { kind: 'column', identity: 'public.t.c', facts: { type: 'integer', 'not null': true, comment: 'x' } },
      { kind: 'relation', identity: 'public.t', facts: { kind: 'r' } },
    ]);
    const actual = fingerprintOf([
      { kind: 'column', identity: 'public.t.c', facts: { type: 'bigint', 'not null': true } },
      { kind: 'relation', identity: 'public.t', facts: { kind: 'r' } },
      { kind: 'relation', identity: 'public.old', facts: { kind: 'r' } },
    ]);
    assert.deepEqual(compareFingerprints(actual, expected), [
      { object: 'column public.t.c', problem: 'differs', facts: ['comment', 'type'] },
      { object: 'index public.t_idx', problem: 'missing', facts: [] },
      { object: 'relation public.old', problem: 'unexpected', facts: [] },
    ]);
    assert.deepEqual(compareFingerprints(expected, expected), []);
  });

  it('refuses an unverified plan with one line, then the first objects and a count of the rest', () => {
    const differences = Array.from({ length: 5 }, (_, i) => ({ object: `relation public.t${i}`, problem: 'missing' as const, facts: [] }));
    const error = new PlanUnverifiedError('the plan does not produce the target schema', differences, { limit: 3 });
    const lines = error.message.split('\n');
    assert.equal(error.code, 'E_PLAN_UNVERIFIED');
    assert.equal(error.exitCode, ExitCode.failed);
    assert.match(lines[0]!, /^plan verification failed: the plan does not produce the target schema: 5 objects differ \(rerun with --no-verify/);
    assert.deepEqual(lines.slice(1), ['  missing relation public.t0', '  missing relation public.t1', '  missing relation public.t2', '  … and 2 more']);
  });
});
