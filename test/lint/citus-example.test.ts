import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { lintFiles } from '../../src/index.js';
import { runCli } from '../support/cli.js';
import { copyExample, EXAMPLE } from '../support/project.js';

const project = { root: EXAMPLE, migrationsDir: path.join(EXAMPLE, 'migrations') };

/**
 * The example project (seed 000) as row-based Citus would need it: its tenant tables carry
 * tenant_id but have single-column UUID keys. Each finding names the table and the exact change.
 */
const EXPECTED = [
  `001_initial_schema.sql:6 citus-reference-table-candidate table "users" has no "tenant_id" column: make it a reference table (SELECT create_reference_table('users')), or add "tenant_id" if its rows belong to one tenant`,
  `001_initial_schema.sql:32 citus-key-without-distribution-column unique constraint "tenants_slug_key" (slug) of "tenants" leaves out distribution column "tenant_id": make the unique constraint (tenant_id, slug), or, to keep it unique across tenants, make "tenants" (the tenant table) a reference table: SELECT create_reference_table('tenants')`,
  `001_initial_schema.sql:45 citus-key-without-distribution-column primary key (membership_id) of "memberships" leaves out distribution column "tenant_id": make the primary key (tenant_id, membership_id)`,
  `002_admins_table.sql:2 citus-reference-table-candidate table "admins" has no "tenant_id" column: make it a reference table (SELECT create_reference_table('admins')), or add "tenant_id" if its rows belong to one tenant`,
  `003_files_folders_tables.sql:3 citus-key-without-distribution-column primary key (folder_id) of "folders" leaves out distribution column "tenant_id": make the primary key (tenant_id, folder_id)`,
  `003_files_folders_tables.sql:26 citus-key-without-distribution-column primary key (file_id) of "files" leaves out distribution column "tenant_id": make the primary key (tenant_id, file_id)`,
  `003_files_folders_tables.sql:29 citus-key-without-distribution-column unique constraint "files_blob_key_key" (blob_key) of "files" leaves out distribution column "tenant_id": make the unique constraint (tenant_id, blob_key)`,
  `003_files_folders_tables.sql:42 citus-key-without-distribution-column unique index "idx_files_blob_key" (blob_key) of "files" leaves out distribution column "tenant_id": make the unique index (tenant_id, blob_key)`,
  `009_agents_table.sql:3 citus-key-without-distribution-column primary key (agent_id) of "agents" leaves out distribution column "tenant_id": make the primary key (tenant_id, agent_id)`,
  `010_agent_sessions_tables.sql:3 citus-key-without-distribution-column primary key (session_id) of "agent_sessions" leaves out distribution column "tenant_id": make the primary key (tenant_id, session_id)`,
  `010_agent_sessions_tables.sql:4 citus-foreign-key-without-distribution-column foreign key (agent_id) of "agent_sessions" → "agents" (agent_id) leaves out distribution column "tenant_id": make it FOREIGN KEY (tenant_id, agent_id) REFERENCES agents (tenant_id, agent_id)`,
  `010_agent_sessions_tables.sql:34 citus-reference-table-candidate table "agent_session_messages" has no "tenant_id" column but references distributed "agent_sessions", and a reference table cannot reference a distributed table: add column tenant_id uuid NOT NULL; make the primary key (tenant_id, message_id); turn foreign key (session_id) into FOREIGN KEY (tenant_id, session_id) REFERENCES agent_sessions (tenant_id, session_id)`,
  `011_agent_memory_table.sql:3 citus-key-without-distribution-column primary key (memory_id) of "agent_long_term_memory" leaves out distribution column "tenant_id": make the primary key (tenant_id, memory_id)`,
  `011_agent_memory_table.sql:4 citus-foreign-key-without-distribution-column foreign key (agent_id) of "agent_long_term_memory" → "agents" (agent_id) leaves out distribution column "tenant_id": make it FOREIGN KEY (tenant_id, agent_id) REFERENCES agents (tenant_id, agent_id)`,
  `011_agent_memory_table.sql:8 citus-foreign-key-without-distribution-column foreign key (source_session_id) of "agent_long_term_memory" → "agent_sessions" (session_id) leaves out distribution column "tenant_id": make it FOREIGN KEY (tenant_id, source_session_id) REFERENCES agent_sessions (tenant_id, session_id); and drop ON DELETE SET NULL: Citus refuses it on a key that includes "tenant_id" (use NO ACTION or RESTRICT, and clear the column in the application)`,
  `012_agent_tools_tables.sql:3 citus-key-without-distribution-column primary key (tool_id) of "agent_tools" leaves out distribution column "tenant_id": make the primary key (tenant_id, tool_id)`,
  `012_agent_tools_tables.sql:33 citus-reference-table-candidate table "agent_tool_assignments" has no "tenant_id" column but references distributed "agents", "agent_tools", and a reference table cannot reference a distributed table: add column tenant_id uuid NOT NULL; make the primary key (tenant_id, assignment_id); make the unique constraint "agent_tool_assignments_agent_id_tool_id_key" (tenant_id, agent_id, tool_id); turn foreign key (agent_id) into FOREIGN KEY (tenant_id, agent_id) REFERENCES agents (tenant_id, agent_id); turn foreign key (tool_id) into FOREIGN KEY (tenant_id, tool_id) REFERENCES agent_tools (tenant_id, tool_id)`,
  `013_mcp_servers_table.sql:3 citus-key-without-distribution-column primary key (mcp_server_id) of "mcp_servers" leaves out distribution column "tenant_id": make the primary key (tenant_id, mcp_server_id)`,
  `013_mcp_servers_table.sql:4 citus-foreign-key-without-distribution-column foreign key (tool_id) of "mcp_servers" → "agent_tools" (tool_id) leaves out distribution column "tenant_id": make it FOREIGN KEY (tenant_id, tool_id) REFERENCES agent_tools (tenant_id, tool_id)`,
  `015_agent_session_memory.sql:14 citus-reference-table-candidate table "agent_session_memory" has no "tenant_id" column but references distributed "agent_sessions", and a reference table cannot reference a distributed table: add column tenant_id uuid NOT NULL; make the primary key (tenant_id, memory_id); make the unique constraint "agent_session_memory_session_id_memory_key_key" (tenant_id, session_id, memory_key); turn foreign key (session_id) into FOREIGN KEY (tenant_id, session_id) REFERENCES agent_sessions (tenant_id, session_id)`,
];

describe('lint --profile citus on the example project (seed 000)', () => {
  it('names every table and the exact change row-based distribution by tenant_id needs', async () => {
    const report = await lintFiles(['migrations'], { ...project, lint: { profiles: ['citus'] } });
    const citus = report.findings.filter((f) => f.rule.startsWith('citus-')).map((f) => `${path.basename(f.file)}:${f.line} ${f.rule} ${f.message}`);
    assert.deepEqual(citus, EXPECTED);
    // Every table with tenant_id and a single-column key is named once with its new key.
    for (const table of ['memberships', 'folders', 'files', 'agents', 'agent_sessions', 'agent_long_term_memory', 'agent_tools', 'mcp_servers']) {
      assert.equal(citus.filter((line) => line.includes(`primary key (`) && line.includes(`of "${table}"`)).length, 1, table);
    }
  });

  it('reports nothing of the profile without it', async () => {
    const report = await lintFiles(['migrations'], project);
    assert.deepEqual(report.findings.filter((f) => f.rule.startsWith('citus-')), []);
  });

  it('from the CLI: --profile citus adds the findings, an unknown profile is a usage error (exit 2, one line)', async () => {
    const copy = await copyExample();
    try {
      const run = await runCli(['lint', '--profile', 'citus', 'migrations', '--format', 'json'], { cwd: copy.dir });
      assert.equal(run.code, 1, 'the example has set-null-on-not-null errors besides');
      const findings = (JSON.parse(run.stdout) as { findings: { rule: string; file: string; line: number; message: string }[] }).findings;
      assert.deepEqual(
        findings.filter((f) => f.rule.startsWith('citus-')).map((f) => `${path.basename(f.file)}:${f.line} ${f.rule} ${f.message}`),
        EXPECTED,
      );
      const bad = await runCli(['lint', '--profile', 'cockroach', 'migrations'], { cwd: copy.dir });
      assert.equal(bad.code, 2);
      assert.equal(bad.stderr, 'error: --profile must be one of citus, got "cockroach"\n');
      await fs.writeFile(path.join(copy.dir, 'tidemark.config.json'), JSON.stringify({ lint: { profiles: ['citus'], citus: { distributionColumn: 'user_id' } } }));
      const configured = await runCli(['lint', 'migrations/001_initial_schema.sql', '--format', 'json'], { cwd: copy.dir });
      const rules = (JSON.parse(configured.stdout) as { findings: { rule: string; message: string }[] }).findings.filter((f) => f.rule.startsWith('citus-'));
      assert.ok(rules.some((f) => f.message === 'primary key (membership_id) of "memberships" leaves out distribution column "user_id": make the primary key (user_id, membership_id)'), JSON.stringify(rules, null, 2));
    } finally {
      await copy.dispose();
    }
  });
});
