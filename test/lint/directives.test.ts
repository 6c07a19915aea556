import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { lintCase, up } from './support.js';

const rulesOf = async (file: string) => (await lintCase({ file })).map((f) => `${f.line}:${f.rule}`);

describe('lint disable directives', () => {
  it('silence the named rule on the next line, and on the whole statement starting there', async () => {
    const table = 'create table t (\n  id bigint primary key,\n  doc json\n);';
    assert.ok((await rulesOf(up(table))).includes('4:prefer-jsonb'));
    assert.ok(!(await rulesOf(up(`-- tidemark-lint-disable-next-line prefer-jsonb\n${table}`))).some((r) => r.endsWith('prefer-jsonb')));
    const inside = 'create table t (\n  id bigint primary key,\n  -- tidemark-lint-disable-next-line prefer-jsonb\n  doc json,\n  other json\n);';
    assert.deepEqual((await rulesOf(up(inside))).filter((r) => r.endsWith('prefer-jsonb')), ['6:prefer-jsonb']);
  });

  it('silence only the rules they name; several by commas; all without names', async () => {
    const sql = 'create table t (id int primary key, doc json, at timestamp);';
    const left = async (directive: string) => (await rulesOf(up(`${directive}\n${sql}`))).map((r) => r.split(':')[1]).filter((r) => r !== 'table-without-primary-key').sort();
    assert.deepEqual(await left('-- tidemark-lint-disable-next-line prefer-timestamptz'), ['prefer-bigint-keys', 'prefer-jsonb']);
    assert.deepEqual(await left('-- tidemark-lint-disable-next-line prefer-timestamptz, prefer-jsonb'), ['prefer-bigint-keys']);
    assert.deepEqual(await left('-- tidemark-lint-disable-next-line prefer-timestamptz prefer-jsonb -- legacy table, see #12'), ['prefer-bigint-keys']);
    assert.deepEqual(await left('/* tidemark-lint-disable-next-line prefer-jsonb */'), ['prefer-bigint-keys', 'prefer-timestamptz']);
    assert.deepEqual(await left('-- tidemark-lint-disable-next-line'), []);
  });

  it('apply to the next line only', async () => {
    const sql = '-- tidemark-lint-disable-next-line prefer-jsonb\n\ncreate table t (id bigint primary key, doc json);';
    assert.ok((await rulesOf(up(sql))).includes('4:prefer-jsonb'));
  });

  it('are comments found by the scanner: the same text inside a string is no directive', async () => {
    const sql = "select '-- tidemark-lint-disable-next-line ban-drop-database\n';\ndrop database app;";
    assert.ok((await rulesOf(up(sql))).includes('4:ban-drop-database'));
    const dollar = 'create function f() returns void language sql as $$\n-- tidemark-lint-disable-next-line ban-drop-database\n$$;\ndrop database app;';
    assert.ok((await rulesOf(up(dollar))).includes('5:ban-drop-database'));
  });

  it('work in down sections and for file-level findings (above the up marker)', async () => {
    const down = '-- migrate:up\ncreate table t (id bigint primary key);\n-- migrate:down\n-- tidemark-lint-disable-next-line ban-drop-database\ndrop database app;\n';
    assert.ok(!(await rulesOf(down)).some((r) => r.endsWith('ban-drop-database')));
    const noDown = '-- tidemark-lint-disable-next-line missing-down-section -- irreversible by design\n-- migrate:up\ncreate table t (id bigint primary key);\n';
    assert.deepEqual(await rulesOf(noDown), []);
  });

  it('cannot hide a file that does not scan, and report an unknown rule name', async () => {
    // An unterminated literal would swallow the next section, so the file is refused where the
    // literal starts before any rule (or directive) is read.
    const sql = "-- migrate:up\n-- tidemark-lint-disable-next-line ban-drop-database\ndrop database app;\n-- migrate:down\nselect 'unterminated;\n";
    await assert.rejects(rulesOf(sql), /001_case\.sql:5:8: unterminated quoted string/);
    assert.deepEqual(await rulesOf(up('-- tidemark-lint-disable-next-line prefer-jsonn\ncreate table t (id bigint primary key);')), ['2:invalid-directive']);
  });
});
