import { describe, it } from 'node:test';
import path from 'node:path';
import assert from 'node:assert/strict';
import { formatGithub, formatJson, formatText, lintFiles } from '../../src/index.js';
import { assertGolden } from '../support/golden.js';
import { FIXTURES } from '../support/project.js';

const root = path.join(FIXTURES, 'lint');
const report = () => lintFiles(['migrations'], { root, migrationsDir: path.join(root, 'migrations') });

describe('lint reporters', () => {
  it('text: file:line:col  severity  rule  message, a hint line, a summary', async () => {
    const text = formatText(await report());
    await assertGolden('lint/report.txt', text);
    assert.match(text, /^migrations\/002_rate_limits\.sql:4:32 {2}error {2}set-null-on-not-null {2}/m);
    assert.match(text, /^migrations\/003_broken\.sql:5:39 {2}error {2}syntax-error {2}syntax error at or near ";"$/m);
    // The safe form, indented under the finding's hint.
    assert.match(text, /^ {2}hint: Use CREATE INDEX CONCURRENTLY[^\n]*\n {2}suggestion:\n {4}-- instead, in a migration of its own marked "-- migrate:up transaction:false":\n {4}create index concurrently if not exists accounts_email_idx on accounts \(email\);$/m);
  });

  it('json: the report as one document', async () => {
    const json = formatJson(await report());
    await assertGolden('lint/report.json', json);
    const parsed = JSON.parse(json);
    assert.equal(parsed.errors, parsed.findings.filter((f: { severity: string }) => f.severity === 'error').length);
    const withSuggestion = parsed.findings.filter((f: { suggestion?: string }) => f.suggestion !== undefined);
    assert.deepEqual(withSuggestion.map((f: { rule: string }) => f.rule), ['require-concurrent-index-creation']);
    // The structured fix --fix applies is not part of the document.
    assert.ok(!json.includes('"fix"'));
  });

  it('github: one workflow command per finding, properties and data escaped', async () => {
    const github = formatGithub(await report());
    await assertGolden('lint/report.github.txt', github);
    for (const line of github.trimEnd().split('\n').slice(0, -1)) {
      assert.match(line, /^::(error|warning) file=migrations\/\d{3}_[a-z_]+\.sql,line=\d+,col=\d+,title=tidemark lint%3A [a-z-]+::[^\n]+%0Ahint: /);
    }
    // The suggestion is the message body's last part, its lines escaped like the rest.
    assert.match(github, /require-concurrent-index-creation::[^\n]+%0Asuggestion:%0A-- instead, [^\n]+%0Acreate index concurrently if not exists accounts_email_idx on accounts \(email\);$/m);
  });

  it('says so when nothing is found', () => {
    assert.equal(formatText({ files: ['a.sql'], findings: [], errors: 0, warnings: 0, skipped: [] }), 'No problems in 1 file.\n');
  });
});
