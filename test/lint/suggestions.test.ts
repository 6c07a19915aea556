import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { splitStatements } from '../../src/parser/parser.js';
import { assertGolden } from '../support/golden.js';
import { FIXTURES } from '../support/project.js';
import { FIX_CASES } from './fix-cases.js';
import { lintCase } from './support.js';

/**
 * The SQL each finding suggests: test/fixtures/lint/suggestions/<rule>/<case>.sql is linted after
 * the shared base migration of the --fix cases, and every suggestion of <rule> is compared with
 * test/golden/lint/suggestions/<rule>.sql. Every suggestion must parse: it is meant to be pasted.
 */

const SUGGESTIONS = path.join(FIXTURES, 'lint', 'suggestions');
const base = await fs.readFile(path.join(FIX_CASES, '001_base.sql'), 'utf8');

async function suggestionsOf(rule: string, file: string): Promise<string[]> {
  const findings = await lintCase({ before: [base], file: await fs.readFile(path.join(SUGGESTIONS, rule, file), 'utf8') });
  const mine = findings.filter((f) => f.rule === rule);
  assert.ok(mine.length > 0, `${rule} fires on ${file}`);
  return mine.map((f) => f.suggestion ?? '(none)');
}

describe('lint suggestions', async () => {
  for (const rule of (await fs.readdir(SUGGESTIONS)).sort()) {
    it(`${rule}: the SQL it suggests, which parses`, async () => {
      const parts: string[] = [];
      for (const file of (await fs.readdir(path.join(SUGGESTIONS, rule))).sort()) {
        for (const suggestion of await suggestionsOf(rule, file)) {
          if (suggestion !== '(none)') assert.ok((await splitStatements(suggestion)).length > 0, `${rule}/${file}: the suggestion parses`);
          parts.push(`-- ${file}\n${suggestion}\n`);
        }
      }
      await assertGolden(`lint/suggestions/${rule}.sql`, parts.join('\n'));
    });
  }

  it('quotes what needs quoting, keeps a bare table name bare and a qualified one qualified', async () => {
    const [quoted] = await suggestionsOf('set-not-null-without-check', 'quoted-keyword.sql');
    assert.match(quoted!, /^ALTER TABLE "Order Items" ADD CONSTRAINT "Order Items_limit_not_null_check" CHECK \("limit" IS NOT NULL\) NOT VALID;$/m);
    const [bare] = await suggestionsOf('set-not-null-without-check', 'plain.sql');
    assert.match(bare!, /^ALTER TABLE users ALTER COLUMN email SET NOT NULL;$/m);
    const [qualified] = await suggestionsOf('set-not-null-without-check', 'schema-qualified.sql');
    assert.match(qualified!, /^ALTER TABLE billing\.invoices VALIDATE CONSTRAINT invoices_total_not_null_check;$/m);
    const [named] = await suggestionsOf('constraint-missing-not-valid', 'check-named.sql');
    assert.match(named!, /^ALTER TABLE billing\.invoices VALIDATE CONSTRAINT "total ≥ 0";$/m);
  });

  it('names what PostgreSQL would name, where VALIDATE or IF NOT EXISTS needs a name', async () => {
    assert.match((await suggestionsOf('require-concurrent-index-creation', 'unnamed.sql'))[0]!, /CREATE INDEX CONCURRENTLY IF NOT EXISTS users_org_id_age_idx ON users/);
    assert.match((await suggestionsOf('constraint-missing-not-valid', 'foreign-key-unnamed.sql'))[0]!, /add CONSTRAINT users_org_id_fkey foreign key|add constraint users_org_id_fkey foreign key/i);
    assert.match((await suggestionsOf('constraint-missing-not-valid', 'check-two-columns.sql'))[0]!, /constraint users_check check/);
    // An expression's column name is PostgreSQL's to choose: the index keeps no name, and no IF NOT EXISTS.
    assert.match((await suggestionsOf('require-concurrent-index-creation', 'unnamed-expression.sql'))[0]!, /^create index concurrently on users \(lower\(email\)\);$/m);
  });
});
