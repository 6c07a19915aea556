import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadIdentQuoter } from '../../src/index.js';
import { openShadow } from '../../src/index.js';

/**
 * The quoter decides names one scan at a time, or many in one scan (`prime`, which plans and
 * scripts use). Both must agree with PostgreSQL's own quote_ident() on every keyword it knows and on
 * names that only look like keywords; PGlite's keyword table is the judge.
 */
describe('identifier quoting', () => {
  it('priming many names at once decides each as quote_ident does, keywords included', async () => {
    const db = await openShadow();
    try {
      const { rows } = await db.query<{ word: string; quoted: string }>('SELECT word, quote_ident(word) AS quoted FROM pg_get_keywords()');
      assert.ok(rows.length > 400, 'PostgreSQL knows its keywords');
      const others = ['users', 'user_id', 'limit_', 'selected', 'order1', '_x', 'a1b2'];
      const names = [...rows.map((r) => r.word), ...others];
      // A fixed shuffle: batches must not depend on keyword order.
      const shuffled = names.map((n, i) => [((i * 7919) % names.length) + i / 1e6, n] as const).sort((a, b) => a[0] - b[0]).map(([, n]) => n);
      const quote = await loadIdentQuoter();
      quote.prime(shuffled);
      const wrong = rows.filter((r) => quote(r.word) !== r.quoted).map((r) => `${r.word}: ${quote(r.word)} (PostgreSQL: ${r.quoted})`);
      assert.deepEqual(wrong, []);
      for (const name of others) assert.equal(quote(name), name);
      assert.equal(quote('Users'), '"Users"');
    } finally {
      await db.close();
    }
  });
});
