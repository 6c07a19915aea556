import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { allRules } from '../../src/index.js';
import { REPO_ROOT } from '../support/project.js';

describe('README lint rules table', () => {
  it('lists every rule, in registry order, with its severity, doc line and Squawk / strong_migrations mapping', async () => {
    const readme = await fs.readFile(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Rules'));
    const rows = section.split('\n').filter((line) => line.startsWith('| `'));
    const parsed = rows.map((row) => row.split(' | ').map((cell) => cell.replace(/^\| /, '').replace(/ \|$/, '')));
    assert.deepEqual(parsed.map((cells) => cells[0]), allRules.map((r) => `\`${r.id}\``));
    for (const [i, rule] of allRules.entries()) {
      const cells = parsed[i]!;
      assert.equal(cells[1], rule.defaultSeverity, rule.id);
      assert.equal(cells[2], rule.doc, rule.id);
      assert.equal(cells[3], rule.squawk?.map((s) => `\`${s}\``).join(', ') ?? '—', rule.id);
      assert.equal(cells[4], rule.strongMigrations?.join('; ') ?? '—', rule.id);
    }
  });
});
