import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { openTidemark, type ValidationReport } from '../../src/index.js';
import { targets, type DatabaseTarget } from '../support/databases.js';
import { copyExample, FIXTURES, type TestProject } from '../support/project.js';
import { runCli } from '../support/cli.js';
import { openDriver } from '../../src/index.js';

/** withExample migrates the example project into a fresh database on `target`. */
async function withExample(target: DatabaseTarget, config: Record<string, unknown>, test: (p: { project: TestProject; url: string; cli: (...args: string[]) => ReturnType<typeof runCli> }) => Promise<void>): Promise<void> {
  const db = await target.create();
  const project = await copyExample();
  try {
    await fs.writeFile(path.join(project.dir, 'tidemark.config.json'), JSON.stringify({ database: db.url, ...config }));
    const cli = (...args: string[]) => runCli(args, { cwd: project.dir });
    const migrated = await cli('migrate');
    assert.equal(migrated.code, 0, migrated.stderr);
    await test({ project, url: db.url, cli });
  } finally {
    await project.dispose();
    await db.dispose();
  }
}

/** runSql runs a multi-statement script (simple protocol) against a URL. */
async function runSql(url: string, sql: string): Promise<void> {
  const db = await openDriver(url);
  try {
    await db.runScript(sql);
  } finally {
    await db.close();
  }
}

const json = (stdout: string) => JSON.parse(stdout) as ValidationReport;

for (const target of targets) {
  describe(`tidemark validate [${target.name}]`, () => {
    it('--reference: every kind of difference between the document and the database, exit 1 on any', async () => {
      await withExample(target, {}, async ({ project, url, cli }) => {
        assert.equal((await cli('docs')).code, 0);
        const clean = await cli('validate', '--reference', 'docs/DATABASE.md');
        assert.equal(clean.code, 0, clean.stdout + clean.stderr);
        assert.match(clean.stdout, /the database matches docs\/DATABASE\.md/);

        const doc = path.join(project.dir, 'docs', 'DATABASE.md');
        await fs.appendFile(doc, '\n## More Enums\n\n### ghost_status\n\n| Value | Description |\n|---|---|\n| boo | |\n');
        await runSql(url, `
          DROP TABLE agent_session_memory;
          CREATE TABLE audit_log (id int);
          ALTER TABLE users DROP COLUMN phone;
          ALTER TABLE users ADD COLUMN nickname text;
          ALTER TABLE tenants ALTER COLUMN name TYPE varchar(200);
          ALTER TABLE files ALTER COLUMN mime_type SET NOT NULL;
          ALTER TABLE agents ALTER COLUMN max_steps SET DEFAULT 20;
          ALTER TABLE tenants DROP CONSTRAINT tenants_slug_key;
          ALTER TABLE users ADD CONSTRAINT users_email_check CHECK (email <> '');
          DROP INDEX idx_users_email;
          CREATE INDEX idx_tenants_name ON tenants (name);
          DROP INDEX idx_files_path; CREATE INDEX idx_files_path ON files (file_path);
          CREATE TYPE extra_kind AS ENUM ('x');
        `.replace(/\n\s*/g, ' '));
        // ALTER TYPE … ADD VALUE cannot share a multi-statement transaction on older servers.
        await runSql(url, "ALTER TYPE membership_role ADD VALUE 'viewer'");

        const result = await cli('validate', '--reference', 'docs/DATABASE.md', '--format', 'json');
        assert.equal(result.code, 1, result.stderr);
        const report = json(result.stdout);
        assert.equal(report.ok, false);
        const found = report.reference!.mismatches.map((m) => `${m.kind}: ${m.object}`).sort();
        assert.deepEqual(found, [
          'column type: tenants.name',
          'default: agents.max_steps',
          'enum values: membership_role',
          'extra column: users.nickname',
          'extra constraint: users',
          'extra enum: extra_kind',
          'extra index: tenants.idx_tenants_name',
          'extra table: audit_log',
          'index definition: files.idx_files_path',
          'missing column: users.phone',
          'missing constraint: tenants',
          'missing enum: ghost_status',
          'missing index: users.idx_users_email',
          'missing table: agent_session_memory',
          'nullability: files.mime_type',
        ]);
        const by = (kind: string) => report.reference!.mismatches.find((m) => m.kind === kind)!;
        assert.deepEqual([by('column type').expected, by('column type').actual], ['text', 'character varying(200)']);
        assert.deepEqual([by('default').expected, by('default').actual], ['10', '20']);
        assert.equal(by('missing constraint').expected, 'UNIQUE (slug)');
        assert.equal(by('extra constraint').actual, "CHECK ((email <> ''::text))");
        assert.match(by('enum values').message, /has undocumented viewer/);

        const text = await cli('validate', '--reference', 'docs/DATABASE.md');
        assert.equal(text.code, 1);
        assert.match(text.stdout, /missing table +table agent_session_memory is documented but does not exist/);
        assert.match(text.stdout, /15 difference\(s\) from docs\/DATABASE\.md\./);
      });
    });

    it('policy rules from config validate: each kind of failure reported, exit 1; health() returns the same', async () => {
      const validate = {
        requiredTables: ['users', 'tenants', 'ghosts'],
        requiredColumns: { users: ['email', 'deleted_at'], phantoms: ['id'] },
        rlsTables: ['tenants'],
        rlsTenantColumns: ['tenant_id'],
        rlsExempt: ['memberships'],
        requiredIndexes: ['idx_users_email', 'idx_ghost', { table: 'files', columns: ['tenant_id', 'file_path'] }, { table: 'users', columns: ['full_name'] }, { table: 'users', columns: ['email'], unique: true }],
        requiredForeignKeys: [
          { table: 'memberships', columns: ['user_id'], references: 'users(user_id)', onDelete: 'cascade' },
          { table: 'files', columns: ['user_id'], references: 'users(user_id)', onDelete: 'cascade' },
          { table: 'agents', columns: ['tenant_id'], references: 'tenants' },
        ],
      };
      await withExample(target, { validate }, async ({ project, url, cli }) => {
        // Row-level security on every tenant table but two, so the rule is seen passing and failing.
        const tenantTables = ['folders', 'files', 'agents', 'agent_sessions', 'agent_long_term_memory', 'agent_tools', 'mcp_servers'];
        await runSql(url, tenantTables.filter((t) => t !== 'files' && t !== 'mcp_servers').map((t) => `ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY`).join('; '));
        const result = await cli('validate', '--format', 'json');
        assert.equal(result.code, 1, result.stderr);
        const report = json(result.stdout);
        assert.equal(report.reference, null);
        assert.deepEqual(
          report.policy.map((f) => `${f.rule}: ${f.message}`),
          [
            'required table: table ghosts does not exist',
            'required column: column users.deleted_at does not exist',
            'required column: table phantoms does not exist',
            'row level security: table tenants does not have row-level security enabled (required by validate.rlsTables)',
            'row level security: table files does not have row-level security enabled (it has tenant column tenant_id)',
            'row level security: table mcp_servers does not have row-level security enabled (it has tenant column tenant_id)',
            'required index: index idx_ghost does not exist',
            'required index: an index on users(full_name) does not exist',
            'required foreign key: foreign key files(user_id) REFERENCES users(user_id) ON DELETE CASCADE does not exist',
          ],
        );
        const text = await cli('validate');
        assert.equal(text.code, 1);
        assert.match(text.stdout, /9 policy failure\(s\)\./);

        const tm = await openTidemark({ cwd: project.dir, env: {} });
        try {
          const health = await tm.health();
          assert.deepEqual(health, report);
        } finally {
          await tm.close();
        }

        await runSql(url, 'ALTER TABLE files ENABLE ROW LEVEL SECURITY; ALTER TABLE mcp_servers ENABLE ROW LEVEL SECURITY; ALTER TABLE tenants ENABLE ROW LEVEL SECURITY');
        await fs.writeFile(path.join(project.dir, 'tidemark.config.json'), JSON.stringify({ database: url, validate: { ...validate, requiredTables: ['users'], requiredColumns: {}, requiredIndexes: ['idx_users_email'], requiredForeignKeys: validate.requiredForeignKeys.filter((f) => f.table !== 'files') } }));
        const passing = await cli('validate');
        assert.equal(passing.code, 0, passing.stdout);
        assert.match(passing.stdout, /all 6 policy rule\(s\) pass/);
      });
    });
  });
}

describe('validate without a database', () => {
  it('--from migrations:<dir> --reference: the repository alone is checked against a document', async () => {
    const project = await copyExample();
    try {
      await fs.writeFile(path.join(project.dir, 'tidemark.config.json'), JSON.stringify({ database: 'postgres://nobody@127.0.0.1:1/none' }));
      await fs.copyFile(path.join(FIXTURES, 'reference', 'seed-000.md'), path.join(project.dir, 'DATABASE.md'));
      const result = await runCli(['validate', '--from', 'migrations:migrations', '--reference', 'DATABASE.md', '--format', 'json'], { cwd: project.dir });
      assert.equal(result.code, 1, result.stderr);
      const report = json(result.stdout);
      assert.deepEqual(
        report.reference!.mismatches.map((m) => m.message),
        ['agent_tools', 'agents', 'files', 'folders'].map((t) => `column ${t}.user_id is nullable, the document says NOT NULL`),
      );
    } finally {
      await project.dispose();
    }
  });
});

describe('health()', () => {
  it('reports an unreachable database instead of throwing', async () => {
    const tm = await openTidemark({ config: { database: 'postgres://nobody@127.0.0.1:1/none', validate: { requiredTables: ['users'] } }, env: {} });
    try {
      const health = await tm.health();
      assert.equal(health.ok, false);
      assert.equal(health.error?.code, 'E_CONNECT');
      assert.equal(health.rules, 1);
    } finally {
      await tm.close();
    }
  });
});
