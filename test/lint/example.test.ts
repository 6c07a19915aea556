import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { lintFiles, readMigrationDir, lintMigrations } from '../../src/index.js';
import { EXAMPLE } from '../support/project.js';

const project = { root: EXAMPLE, migrationsDir: path.join(EXAMPLE, 'migrations') };

describe('lint on the example project (seed 000)', () => {
  it('finds the four ON DELETE SET NULL foreign keys on NOT NULL columns, in 003, 009 and 012', async () => {
    const report = await lintFiles(['migrations'], project);
    const setNull = report.findings.filter((f) => f.rule === 'set-null-on-not-null').map((f) => `${f.file}:${f.line}:${f.column} ${f.severity}`);
    assert.deepEqual(setNull, [
      'migrations/003_files_folders_tables.sql:5:27 error',
      'migrations/003_files_folders_tables.sql:28:27 error',
      'migrations/009_agents_table.sql:5:27 error',
      'migrations/012_agent_tools_tables.sql:5:27 error',
    ]);
    const messages = report.findings.filter((f) => f.rule === 'set-null-on-not-null').map((f) => f.message);
    assert.match(messages[0]!, /"folders\.user_id" is NOT NULL but its foreign key says ON DELETE SET NULL/);
    // The reference's other SET NULL keys (admins.granted_by, source_session_id) are nullable: fine.
    assert.ok(!report.findings.some((f) => f.rule === 'set-null-on-not-null' && /granted_by|source_session_id/.test(f.message)));
  });

  it('017 fixes them: linted after the rest, its up section raises no error, and its revert is marked intentional', async () => {
    const files = await readMigrationDir(project.migrationsDir, EXAMPLE);
    const report = await lintMigrations(files, (f) => f.version === '017', project);
    assert.deepEqual(report.files, ['migrations/017_nullable_set_null_owners.sql']);
    assert.equal(report.errors, 0, JSON.stringify(report.findings, null, 2));
    // What is left are warnings that readers must now expect NULL.
    assert.deepEqual([...new Set(report.findings.map((f) => `${f.rule}/${f.severity}/${f.section}`))], ['ban-drop-not-null/warn/up']);
  });

  it('knows which tables exist: indexes in the files that create their tables need no CONCURRENTLY', async () => {
    const report = await lintFiles(['migrations'], project);
    assert.ok(!report.findings.some((f) => f.rule === 'require-concurrent-index-creation'));
    // 016 adds triggers to tables of earlier files; nothing there is a lock hazard.
    assert.ok(!report.findings.some((f) => f.file.includes('016_')));
  });
});
