import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { runCli } from '../support/cli.js';
import { createProject, type TestProject } from '../support/project.js';
import { targets } from '../support/databases.js';
import { withScenario } from '../support/scenario.js';

const CLEAN = '-- migrate:up\ncreate table notes (id bigint generated always as identity primary key, body text);\n\n-- migrate:down\ndrop table notes;\n';
const WARN_ONLY = '-- migrate:up\ncreate table docs (id bigint generated always as identity primary key, body json);\n\n-- migrate:down\ndrop table docs;\n';
const ERROR = '-- migrate:up\ncreate index notes_body_idx on notes (body);\n\n-- migrate:down\ndrop index notes_body_idx;\n';
const BROKEN = '-- migrate:up\ncreate table x (\n  id bigint primary key,,\n  y int\n);\n';

// A database that cannot be reached: linting files must never try it.
const NOWHERE = { database: 'postgres://nobody@127.0.0.1:9/nowhere?connect_timeout=1' };

async function withProject(migrations: Record<string, string>, test: (project: TestProject) => Promise<void>, config: Record<string, unknown> = NOWHERE) {
  const project = await createProject({ config, migrations });
  try {
    await test(project);
  } finally {
    await project.dispose();
  }
}

describe('tidemark lint (files: no database)', () => {
  it('exits 0 without findings, 0 with warnings only, 1 with an error', async () => {
    await withProject({ '001_notes.sql': CLEAN, '002_docs.sql': WARN_ONLY, '003_index.sql': ERROR }, async (project) => {
      const clean = await runCli(['lint', 'migrations/001_notes.sql'], { cwd: project.dir });
      assert.equal(clean.code, 0, clean.stderr);
      assert.equal(clean.stdout, 'No problems in 1 file.\n');
      const warn = await runCli(['lint', 'migrations/002_docs.sql'], { cwd: project.dir });
      assert.equal(warn.code, 0, warn.stderr);
      assert.match(warn.stdout, /^migrations\/002_docs\.sql:2:77 {2}warn {3}prefer-jsonb {2}"docs\.body" is json\n {2}hint: Use jsonb/);
      // notes was created by 001, so 003's plain CREATE INDEX locks an existing table.
      const error = await runCli(['lint', 'migrations/003_index.sql'], { cwd: project.dir });
      assert.equal(error.code, 1, error.stderr);
      assert.match(error.stdout, /^migrations\/003_index\.sql:2:\d+ {2}error {2}require-concurrent-index-creation /m);
      assert.match(error.stdout, /1 error, 0 warnings in 1 file\.\n$/);
      assert.equal(error.stderr, '');
    });
  });

  it('--fix rewrites the file, prints the diff and what is left, and exits by what is left', async () => {
    const mixed = '-- migrate:up\ncreate index notes_body2_idx on notes (body);\nalter table notes add column n int, alter column body set not null;\n\n-- migrate:down\ndrop index notes_body2_idx;\nalter table notes drop column n;\n';
    await withProject({ '001_notes.sql': CLEAN, '002_index.sql': ERROR, '003_mixed.sql': mixed }, async (project) => {
      const fixed = await runCli(['lint', '--fix', 'migrations/002_index.sql'], { cwd: project.dir });
      assert.equal(fixed.code, 0, fixed.stderr);
      assert.match(fixed.stdout, /^--- a\/migrations\/002_index\.sql\n\+\+\+ b\/migrations\/002_index\.sql\n/);
      assert.match(fixed.stdout, /^\+-- migrate:up transaction:false\n\+create index concurrently if not exists notes_body_idx on notes \(body\);$/m);
      assert.match(fixed.stdout, /^Fixed 1 finding in 1 file\(s\), added 0 migration\(s\)\.\n\nNo problems in 1 file\.\n$/m);
      const text = await fs.readFile(path.join(project.migrationsDir, '002_index.sql'), 'utf8');
      assert.equal(text, '-- migrate:up transaction:false\ncreate index concurrently if not exists notes_body_idx on notes (body);\n\n-- migrate:down transaction:false\nDROP INDEX CONCURRENTLY IF EXISTS notes_body_idx;\n');
      // 003: the index moves to a migration of its own; the SET NOT NULL among other commands stays.
      const json = await runCli(['lint', '--fix', '--json', 'migrations/003_mixed.sql'], { cwd: project.dir });
      assert.equal(json.code, 1, json.stderr);
      const result = JSON.parse(json.stdout);
      assert.deepEqual(result.changed, ['migrations/003_mixed.sql', 'migrations/004_mixed_concurrently.sql']);
      assert.deepEqual(result.left.map((l: { rule: string; line: number }) => `${l.line} ${l.rule}`), ['3 set-not-null-without-check']);
      assert.deepEqual(result.report.findings.filter((f: { severity: string }) => f.severity === 'error').map((f: { rule: string }) => f.rule), ['set-not-null-without-check']);
      assert.match(result.diff, /\+\+\+ b\/migrations\/004_mixed_concurrently\.sql/);
    });
  });

  it('reports a syntax error as a finding at its exact place, and exits 1', async () => {
    await withProject({ '001_broken.sql': BROKEN }, async (project) => {
      const result = await runCli(['lint', 'migrations'], { cwd: project.dir });
      assert.equal(result.code, 1);
      assert.match(result.stdout, /^migrations\/001_broken\.sql:3:25 {2}error {2}syntax-error {2}syntax error at or near ","$/m);
    });
  });

  it('prints JSON with --format json or --json, and workflow commands with --format github', async () => {
    await withProject({ '001_notes.sql': CLEAN, '002_index.sql': ERROR }, async (project) => {
      for (const args of [['--format', 'json'], ['--json']]) {
        const result = await runCli(['lint', ...args, 'migrations'], { cwd: project.dir });
        assert.equal(result.code, 1);
        const report = JSON.parse(result.stdout);
        assert.deepEqual(report.files, ['migrations/001_notes.sql', 'migrations/002_index.sql']);
        assert.equal(report.errors, 1);
      }
      const github = await runCli(['lint', '--format', 'github', 'migrations/002_index.sql'], { cwd: project.dir });
      assert.equal(github.code, 1);
      assert.match(github.stdout, /^::error file=migrations\/002_index\.sql,line=2,col=\d+,title=tidemark lint%3A require-concurrent-index-creation::building index/m);
    });
  });

  it('applies config severities, and rejects bad flags and unknown rules with exit 2', async () => {
    await withProject({ '001_notes.sql': CLEAN, '002_index.sql': ERROR }, async (project) => {
      const downgraded = await runCli(['lint', 'migrations'], { cwd: project.dir });
      assert.equal(downgraded.code, 0, downgraded.stdout);
      assert.match(downgraded.stdout, / warn {3}require-concurrent-index-creation /);
      const badFormat = await runCli(['lint', '--format', 'xml', 'migrations'], { cwd: project.dir });
      assert.equal(badFormat.code, 2);
      assert.equal(badFormat.stderr, 'error: --format must be one of text, json, github, got "xml"\n');
      const missing = await runCli(['lint', 'migrations/404_none.sql'], { cwd: project.dir });
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /migrations\/404_none\.sql: no such file/);
    }, { ...NOWHERE, lint: { rules: { 'require-concurrent-index-creation': 'warn' } } });
    await withProject({ '001_notes.sql': CLEAN }, async (project) => {
      const unknown = await runCli(['lint', 'migrations'], { cwd: project.dir });
      assert.equal(unknown.code, 2);
      assert.match(unknown.stderr, /lint\.rules: unknown rule "no-such-rule"/);
    }, { ...NOWHERE, lint: { rules: { 'no-such-rule': 'off' } } });
  });

  it('lints a file outside the migrations directory on its own, and skips TypeScript migrations', async () => {
    await withProject({ '001_notes.sql': CLEAN, '002_backfill.ts': 'export async function up() {}\n' }, async (project) => {
      await fs.writeFile(path.join(project.dir, 'scratch.sql'), ERROR);
      // On its own, notes is unknown to the replay: it must exist, so it counts as existing.
      const alone = await runCli(['lint', '--json', 'scratch.sql', 'migrations/002_backfill.ts'], { cwd: project.dir });
      assert.equal(alone.code, 1, alone.stderr);
      const report = JSON.parse(alone.stdout);
      assert.deepEqual(report.files, ['scratch.sql']);
      assert.deepEqual(report.skipped, [{ file: 'migrations/002_backfill.ts', reason: 'TypeScript migrations are not linted' }]);
      assert.ok(report.findings.some((f: { rule: string }) => f.rule === 'require-concurrent-index-creation'));
      const both = await runCli(['lint', '--since', 'HEAD', 'scratch.sql'], { cwd: project.dir });
      assert.equal(both.code, 2);
      assert.equal(both.stderr, 'error: lint takes files or --since, not both\n');
    });
  });

  it('--since lints the migration files changed since a git ref, plus untracked ones', async () => {
    await withProject({ '001_notes.sql': CLEAN, '002_docs.sql': WARN_ONLY }, async (project) => {
      const git = (...args: string[]) => execFileSync('git', args, { cwd: project.dir, stdio: 'pipe', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
      git('init', '-q');
      git('add', '.');
      git('commit', '-q', '-m', 'base');
      await project.write('002_docs.sql', WARN_ONLY.replace('json', 'jsonb'));
      await project.write('003_index.sql', ERROR);
      const result = await runCli(['lint', '--since', 'HEAD', '--json'], { cwd: project.dir });
      assert.equal(result.code, 1, result.stderr);
      assert.deepEqual(JSON.parse(result.stdout).files, ['migrations/002_docs.sql', 'migrations/003_index.sql']);
      const bad = await runCli(['lint', '--since', 'no-such-ref'], { cwd: project.dir });
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /^error: --since no-such-ref: git failed: /);
    });
  });
});

for (const target of targets) {
  describe(`tidemark lint (pending migrations) [${target.name}]`, () => {
    it('lints only what the database has not applied', async () => {
      await withScenario(target, { migrations: { '001_notes.sql': CLEAN, '002_index.sql': ERROR, '003_docs.sql': WARN_ONLY } }, async ({ cli }) => {
        const before = await cli('lint', '--json');
        assert.equal(before.code, 1, before.stderr);
        assert.deepEqual(JSON.parse(before.stdout).files, ['migrations/001_notes.sql', 'migrations/002_index.sql', 'migrations/003_docs.sql']);
        assert.equal((await cli('migrate', '--to', '002')).code, 0);
        const after = await cli('lint', '--json');
        assert.equal(after.code, 0, after.stderr);
        const report = JSON.parse(after.stdout);
        assert.deepEqual(report.files, ['migrations/003_docs.sql']);
        assert.deepEqual(report.findings.map((f: { rule: string }) => f.rule), ['prefer-jsonb']);
        assert.equal((await cli('migrate')).code, 0);
        const none = await cli('lint');
        assert.equal(none.code, 0);
        assert.equal(none.stdout, 'No problems in 0 files.\n');
      });
    });
  });
}
