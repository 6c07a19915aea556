import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { unqualifiedViewDefinition } from '../../src/catalog/view-definition.js';

// pg_get_viewdef(oid, false) of test/fixtures/server-versions/views.sql, as PostgreSQL 15 and 17 print it.
const CASES: { name: string; pg15: string; pg17: string }[] = [
  { name: 'one table', pg15: " SELECT m.id\n   FROM m\n  WHERE (m.created > '2024-06-01'::date);", pg17: " SELECT id\n   FROM m\n  WHERE (created > '2024-06-01'::date);" },
  { name: 'a join', pg15: ' SELECT m.id,\n    n.id AS nid\n   FROM (m\n     JOIN n ON ((n.m_id = m.id)));', pg17: ' SELECT m.id,\n    n.id AS nid\n   FROM (m\n     JOIN n ON ((n.m_id = m.id)));' },
  {
    name: 'a correlated subquery (its references stay qualified)',
    pg15: ' SELECT m.id,\n    ( SELECT count(*) AS count\n           FROM n\n          WHERE (n.m_id = m.id)) AS c\n   FROM m;',
    pg17: ' SELECT id,\n    ( SELECT count(*) AS count\n           FROM n\n          WHERE (n.m_id = m.id)) AS c\n   FROM m;',
  },
  { name: 'a CTE (its body stays qualified)', pg15: ' WITH x AS (\n         SELECT m.id\n           FROM m\n        )\n SELECT x.id\n   FROM x;', pg17: ' WITH x AS (\n         SELECT m.id\n           FROM m\n        )\n SELECT id\n   FROM x;' },
  { name: 'an alias', pg15: " SELECT a.id\n   FROM m a\n  WHERE (a.name = 'x'::text);", pg17: " SELECT id\n   FROM m a\n  WHERE (name = 'x'::text);" },
  { name: 'a UNION', pg15: ' SELECT m.id\n   FROM m\nUNION\n SELECT n.id\n   FROM n;', pg17: ' SELECT m.id\n   FROM m\nUNION\n SELECT n.id\n   FROM n;' },
];

describe('view definitions read from PostgreSQL before 16 (no database)', () => {
  for (const c of CASES) {
    it(`print like 16 and later: ${c.name}`, async () => {
      assert.equal(await unqualifiedViewDefinition(c.pg15), c.pg17);
    });
  }

  it('keep quoted and non-ASCII qualifiers exact, and leave text the parser refuses alone', async () => {
    assert.equal(await unqualifiedViewDefinition(' SELECT "Tä".id,\n    "Tä"."Name"\n   FROM "Tä";'), ' SELECT id,\n    "Name"\n   FROM "Tä";');
    assert.equal(await unqualifiedViewDefinition(' SELECT t.id FROM (t'), ' SELECT t.id FROM (t');
    // With an alias, only the alias qualifies: a reference through the table's own name is left as it is.
    assert.equal(await unqualifiedViewDefinition(' SELECT x.a,\n    m.b\n   FROM m x;'), ' SELECT a,\n    m.b\n   FROM m x;');
  });
});
