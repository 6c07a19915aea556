import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { diffModels } from '../../src/diff/diff.js';
import { modelOf, pgliteTarget, targets } from '../support/databases.js';
import { FIXTURES } from '../support/project.js';

// PostgreSQL 15 prints a single-relation view's columns qualified, 16 and later bare, and 17 shares
// a partitioned table's identity with its partitions; the shadow (PGlite) is 17. A model read from
// any server must equal the shadow's for the same SQL, or every push would change something.
for (const target of targets) {
  describe(`models across server versions [${target.name}]`, () => {
    it('a database and a PGlite shadow loaded with the same views have the same view definitions, and nothing to change', async () => {
      const sql = await fs.readFile(path.join(FIXTURES, 'server-versions', 'views.sql'), 'utf8');
      const [live, shadow] = [await modelOf(target, sql), await modelOf(pgliteTarget, sql)];
      assert.deepEqual(
        live.views.map((v) => [v.name, v.definition]),
        shadow.views.map((v) => [v.name, v.definition]),
      );
      assert.deepEqual(diffModels(live, shadow), []);
    });
  });
}
