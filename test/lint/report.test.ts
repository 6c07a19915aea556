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
  });

  it('json: the report as one document', async () => {
    const json = formatJson(await report());
    await assertGolden('lint/report.json', json);
    const parsed = JSON.parse(json);
    assert.equal(parsed.errors, parsed.findings.filter((f: { severity: string }) => f.severity === 'error').length);
  });

  it('github: one workflow command per finding, properties and data escaped', async () => {
    const github = formatGithub(await report());
    await assertGolden('lint/report.github.txt', github);
    for (const line of github.trimEnd().split('\n').slice(0, -1)) {
      assert.match(line, /^::(error|warning) file=migrations\/\d{3}_[a-z_]+\.sql,line=\d+,col=\d+,title=tidemark lint%3A [a-z-]+::[^\n]+%0Ahint: /);
    }
  });

  it('says so when nothing is found', () => {
    assert.equal(formatText({ files: ['a.sql'], findings: [], errors: 0, warnings: 0, skipped: [] }), 'No problems in 1 file.\n');
  });
});
