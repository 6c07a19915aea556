import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  compareModels,
  formatDifferences,
  introspect,
  loadReference,
  loadSource,
  loadSqlFiles,
  parseReference,
  parseSource,
  renderDocument,
  schemaSource,
  loadConfig,
  withShadow,
  ReferenceDocumentError,
  type SchemaModel,
} from '../../src/index.js';
import { FIXTURES } from '../support/project.js';

const SEED = path.join(FIXTURES, 'reference', 'seed-000.md');
const NOW = new Date('2026-01-17T12:00:00Z');

/** What a reference document carries: no functions, views, domains, triggers or policies. */
function carried(model: SchemaModel): SchemaModel {
  return { ...model, functions: [], views: [], domains: [], tables: model.tables.map((t) => ({ ...t, triggers: [], policies: [] })) };
}

function assertSame(a: SchemaModel, b: SchemaModel): void {
  const differences = compareModels(carried(a), carried(b));
  assert.equal(differences.length, 0, `models differ:\n${formatDifferences(differences)}`);
}

async function withTempDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tm-reference-'));
  try {
    return await work(dir);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** renderToFile renders a model as a reference document in `dir` and returns its path. */
async function renderToFile(model: SchemaModel, dir: string, name = 'DATABASE.md'): Promise<string> {
  const file = path.join(dir, name);
  await fs.writeFile(file, await renderDocument(model, { title: 'Database Reference', rowCounts: null, history: null }, { now: NOW }));
  return file;
}

async function docError(text: string): Promise<string> {
  return withTempDir(async (dir) => {
    const file = path.join(dir, 'bad.md');
    await fs.writeFile(file, text);
    const error = await loadReference(file, { root: dir }).then(
      () => assert.fail('expected the document to be rejected'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof ReferenceDocumentError, `expected a ReferenceDocumentError, got ${String(error)}`);
    assert.equal(error.exitCode, 2);
    return error.message;
  });
}

const table = (rows: string, extra = '') =>
  `# Ref\n\n## Tables\n\n### things\n\n| Column | Type | Nullable | Default | Description |\n|---|---|---|---|---|\n${rows}\n${extra}`;

describe('reference documents: parse → model', () => {
  it('seed 000 parses with its tables, columns, types, nullability, defaults, constraints, indexes and enum', async () => {
    const model = await loadReference(SEED);
    assert.deepEqual(
      model.tables.map((t) => t.name),
      ['admins', 'agent_long_term_memory', 'agent_session_memory', 'agent_session_messages', 'agent_sessions', 'agent_tool_assignments', 'agent_tools', 'agents', 'files', 'folders', 'mcp_servers', 'memberships', 'tenants', 'users'],
    );
    const t = (name: string) => model.tables.find((x) => x.name === name)!;
    const col = (table: string, column: string) => t(table).columns.find((c) => c.name === column)!;
    assert.equal(t('users').columns.length, 8);
    assert.equal(col('users', 'user_id').type, 'uuid');
    assert.equal(col('users', 'user_id').default, 'gen_random_uuid()');
    assert.equal(col('users', 'created_at').type, 'timestamp with time zone');
    assert.equal(col('users', 'phone').notNull, false);
    assert.equal(col('users', 'phone').default, null, '"NULL" means no default');
    assert.equal(col('users', 'email').default, null, '"-" means no default');
    assert.equal(col('users', 'email').comment, 'Unique email address');
    assert.equal(col('agents', 'temperature').type, 'numeric(3,2)');
    assert.equal(col('agents', 'temperature').default, '0.7');
    assert.equal(col('agents', 'max_steps').type, 'integer');
    assert.equal(col('files', 'file_size').type, 'bigint');
    assert.equal(col('memberships', 'role').type, 'public.membership_role');
    assert.equal(col('memberships', 'role').default, "'member'::public.membership_role");
    assert.equal(col('folders', 'parent_path').default, "'/'::text");
    assert.equal(t('users').comment, 'User account information.');

    const defs = (name: string) => t(name).constraints.map((c) => c.definition).sort();
    assert.deepEqual(defs('agents'), [
      "CHECK ((model_provider = ANY (ARRAY['openai'::text, 'anthropic'::text, 'gemini'::text])))",
      'CHECK (((max_steps > 0) AND (max_steps <= 100)))',
      'CHECK (((temperature >= (0)::numeric) AND (temperature <= (2)::numeric)))',
      'FOREIGN KEY (tenant_id) REFERENCES public.tenants(tenant_id) ON DELETE CASCADE',
      'FOREIGN KEY (user_id) REFERENCES public.users(user_id) ON DELETE SET NULL',
      'PRIMARY KEY (agent_id)',
      'UNIQUE (tenant_id, name)',
    ].sort());
    assert.deepEqual(t('memberships').constraints.map((c) => c.name), ['memberships_pkey', 'memberships_tenant_id_fkey', 'memberships_tenant_id_user_id_key', 'memberships_user_id_fkey']);
    const indexes = (name: string) => t(name).indexes.map((i) => i.definition);
    assert.deepEqual(indexes('files'), [
      'CREATE UNIQUE INDEX idx_files_blob_key ON public.files USING btree (blob_key)',
      'CREATE INDEX idx_files_path ON public.files USING btree (tenant_id, file_path)',
      'CREATE INDEX idx_files_tenant_id ON public.files USING btree (tenant_id)',
      'CREATE INDEX idx_files_user_id ON public.files USING btree (user_id)',
    ]);
    assert.ok(indexes('agent_long_term_memory').includes('CREATE INDEX idx_long_term_memory_importance ON public.agent_long_term_memory USING btree (agent_id, importance DESC)'));
    assert.deepEqual(model.enums.map((e) => [e.name, e.values]), [['membership_role', ['owner', 'member']]]);
    assert.equal(model.enums[0]!.comment, ': owner = Full administrative access; member = Standard member access');
    assert.equal(model.functions.length + model.views.length, 0, 'prose sections (queries, notes, diagrams) define nothing');
  });

  it('round trip on seed 000: parse → model → render → parse gives the same model', async () => {
    await withTempDir(async (dir) => {
      const first = await loadReference(SEED);
      const second = await loadReference(await renderToFile(first, dir));
      assertSame(first, second);
    });
  });

  it('round trip on names, comments and SQL that need quoting and escaping', async () => {
    await withTempDir(async (dir) => {
      const original = await withShadow(async (db) => {
        await loadSqlFiles(db, path.join(FIXTURES, 'reference', 'tricky.sql'), FIXTURES);
        return introspect(db);
      });
      const file = await renderToFile(original, dir);
      const text = await fs.readFile(file, 'utf8');
      assert.match(text, /^### "UserAccounts"$/m);
      assert.match(text, /^### billing\.invoices$/m);
      assert.match(text, /^\| "limit" +\| integer +\| NO +\| '-1' /m, 'a reserved word is quoted; a literal default loses its cast');
      assert.match(text, /\| mood +\| mood +\| YES +\| 'ok' +\|/, 'a literal default loses the cast to its own column type');
      const parsed = await loadReference(file);
      assertSame(original, parsed);
      const status = parsed.enums.find((e) => e.name === 'Invoice Status')!;
      assert.deepEqual(status.values, ['draft', 'sent', 'paid | settled']);
    });
  });

  it('reference: is a source, and config schema: *.md makes the document the declarative source', async () => {
    await withTempDir(async (dir) => {
      await fs.copyFile(SEED, path.join(dir, 'DATABASE.md'));
      const project = await loadConfig({ cwd: dir, config: { schema: 'DATABASE.md' }, env: {} });
      const spec = schemaSource(project);
      assert.deepEqual(spec, { kind: 'reference', path: path.join(dir, 'DATABASE.md') });
      const viaSource = await loadSource(parseSource('reference:DATABASE.md', dir), project);
      assertSame(viaSource, await loadSource(spec, project));
      assert.equal(viaSource.tables.length, 14);
      assert.deepEqual(schemaSource(await loadConfig({ cwd: dir, config: {}, env: {} })), { kind: 'dir', path: path.join(dir, 'schema') });
    });
  });

  it('parses without a database: the document model keeps SQL as written, with lines', async () => {
    const doc = await parseReference(await fs.readFile(SEED, 'utf8'), 'seed-000.md');
    const agents = doc.tables.find((t) => t.name === 'agents')!;
    assert.equal(agents.columns.find((c) => c.name === 'temperature')!.type, 'DECIMAL(3,2)');
    assert.deepEqual(agents.constraints.find((c) => c.kind === 'check')!.clause, "CHECK (model_provider IN ('openai', 'anthropic', 'gemini'))");
    assert.equal(agents.at.line, 323);
  });

  it('reports a bad line as file:line:col, and never runs SQL smuggled into a cell', async () => {
    assert.match(await docError(table('| id | uuidx | NO | - | |')), /^bad\.md:9:1: type "uuidx" does not exist$/);
    assert.match(await docError(table('| id | int); DROP TABLE x; -- | NO | - | |')), /^bad\.md:9:1: type "int\); DROP TABLE x; --" is not valid SQL of that kind$/);
    assert.match(await docError(table('| id | int | NO | 1, evil int | |')), /^bad\.md:9:1: default "1, evil int" is not valid SQL/);
    assert.match(await docError(table('| id | int | MAYBE | - | |')), /^bad\.md:9:\d+: Nullable must be YES or NO/);
    assert.match(await docError(table('| id | int | NO | - | |', '\n**Constraints:**\n- SORTED: `id`\n')), /^bad\.md:12:1: unknown constraint kind "SORTED"/);
    assert.match(await docError(table('| id | int | NO | - | |', '\n**Constraints:**\n- FOREIGN KEY: `id` POINTS AT `other(id)`\n')), /^bad\.md:12:1: a foreign key reads/);
    assert.match(await docError(table('| id | int | NO | - | |', '\n**Constraints:**\n- CHECK: `id > 0) OR (true`\n')), /^bad\.md:12:1: constraint .* is not valid SQL/);
    assert.match(await docError(table('| id | int | NO | - | |', '\n**Indexes:**\n- `i` on `id); DROP TABLE things; --`\n')), /^bad\.md:12:1: index .* is not valid SQL/);
  });
});
