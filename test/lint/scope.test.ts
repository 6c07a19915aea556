import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { allRules, lintSources, resolveLintOptions, ruleRegistry, type Finding, type LintProject } from '../../src/index.js';
import { parseSections } from '../../src/migrations/sections.js';
import { createProject, REPO_ROOT } from '../support/project.js';
import { runCli } from '../support/cli.js';

type Scope = NonNullable<LintProject['scope']>;

/** lintWith lints the last of `files` after replaying the others, under `scope`. */
async function lintWith(scope: Scope | undefined, ...files: string[]): Promise<Finding[]> {
  const entries = await Promise.all(
    files.map(async (text, i) => {
      const displayPath = `migrations/${String(i + 1).padStart(3, '0')}_case.sql`;
      return { source: { displayPath, text, sections: await parseSections(text, displayPath) }, check: i === files.length - 1 };
    }),
  );
  // The citus profile's rules are design rules too: chosen here so they are checked alike.
  return lintSources(entries, resolveLintOptions({ profiles: ['citus'] }, ruleRegistry, scope), allRules);
}

const SCOPED = [
  'citus-foreign-key-without-distribution-column',
  'citus-key-without-distribution-column',
  'citus-reference-table-candidate',
  'fk-missing-index',
  'prefer-bigint-keys',
  'prefer-identity',
  'prefer-jsonb',
  'prefer-text-field',
  'prefer-timestamptz',
  'table-without-primary-key',
  'tenant-table-without-rls',
];

/** One table that trips every scoped rule, in `schema.name` (with its parent and, for the citus profile, a peer with tenant_id). */
const designFlaws = (q: string) => `create table ${q}_parent (id serial primary key);
create table ${q}_peer (id bigint primary key, tenant_id bigint not null);
create table ${q} (id int, parent_id int references ${q}_parent, peer_id bigint references ${q}_peer, doc json, code varchar(10) unique, at timestamp, tenant_id bigint);`;

describe('lint applies the project scope to the rules about schema design', () => {
  it('the scoped rules are exactly the design rules the README names', async () => {
    assert.deepEqual(allRules.filter((r) => r.scoped).map((r) => r.id).sort(), SCOPED);
    const readme = await fs.readFile(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const paragraph = readme.slice(readme.indexOf('**Scope.** The rules about the design'), readme.indexOf('Every other rule reports every table'));
    assert.deepEqual([...paragraph.matchAll(/`([a-z-]+)`/g)].map((m) => m[1]).filter((id) => ruleRegistry.has(id!)).sort(), SCOPED);
  });

  it('every scoped rule fires in scope and stays silent for an excluded table, schema, or a schema outside `schemas`', async () => {
    const scopedFired = (findings: readonly Finding[]) => [...new Set(findings.map((f) => f.rule))].filter((r) => SCOPED.includes(r)).sort();
    assert.deepEqual(scopedFired(await lintWith(undefined, designFlaws('public.orders'))), SCOPED, 'without a scope, the flawed tables trip every scoped rule');

    const excludedTable = await lintWith({ controlSchema: 'tidemark', excludeTables: ['legacy_*'] }, designFlaws('public.legacy_orders'));
    assert.deepEqual(excludedTable.filter((f) => SCOPED.includes(f.rule)), []);
    const excludedSchema = await lintWith({ controlSchema: 'tidemark', excludeSchemas: ['audit'] }, designFlaws('audit.events'));
    assert.deepEqual(excludedSchema.filter((f) => SCOPED.includes(f.rule)), []);
    const notIncluded = await lintWith({ controlSchema: 'tidemark', include: ['public'] }, designFlaws('reporting.daily'));
    assert.deepEqual(notIncluded.filter((f) => SCOPED.includes(f.rule)), []);
    const stillIn = await lintWith({ controlSchema: 'tidemark', include: ['public'], excludeTables: ['legacy_*'] }, designFlaws('public.orders'));
    assert.deepEqual(scopedFired(stillIn), SCOPED, 'a table the scope keeps is checked as before');
  });

  it("other tools' history tables and the control schema are never the user's; an unqualified name is public", async () => {
    const scope: Scope = { controlSchema: 'ops' };
    const tools = await lintWith(scope, 'create schema drizzle;\ncreate table drizzle.__drizzle_migrations (id serial primary key, hash text not null, created_at bigint);\ncreate table ops.jobs (id int);\ncreate table _prisma_migrations (id varchar(36) primary key, checksum varchar(64) not null);');
    assert.deepEqual(tools.filter((f) => SCOPED.includes(f.rule)), []);
    const unqualified = await lintWith({ controlSchema: 'tidemark', excludeSchemas: ['public'] }, 'create table orders (id int primary key, doc json);');
    assert.deepEqual(unqualified.filter((f) => SCOPED.includes(f.rule)), [], 'unqualified names are in public');
  });

  it('rules about what a statement does to a live database still report out-of-scope tables', async () => {
    const scope: Scope = { controlSchema: 'tidemark', excludeTables: ['legacy_*'] };
    const findings = await lintWith(scope, 'create table legacy_orders (id bigint generated always as identity primary key, note text);', 'create index legacy_orders_note on legacy_orders (note);\nalter table legacy_orders alter column note type varchar(20);\ndrop table legacy_orders;');
    assert.deepEqual([...new Set(findings.map((f) => f.rule))].sort(), ['ban-drop-table', 'changing-column-type', 'missing-down-section', 'require-concurrent-index-creation']);
  });

  it('tidemark lint takes the scope from the config', async () => {
    const project = await createProject({
      config: { database: 'pglite:memory', excludeTables: ['legacy_*'] },
      migrations: { '001_tables.sql': '-- migrate:up\ncreate table legacy_orders (id int primary key, doc json);\ncreate table orders (id bigint generated always as identity primary key, doc json);\n-- migrate:down\ndrop table orders; drop table legacy_orders;\n' },
    });
    try {
      const run = await runCli(['lint', '--json', 'migrations/001_tables.sql'], { cwd: project.dir });
      const findings = JSON.parse(run.stdout).findings as Finding[];
      assert.deepEqual(findings.map((f) => `${f.rule}: ${f.message}`), ['prefer-jsonb: "orders.doc" is json']);
    } finally {
      await project.dispose();
    }
  });
});
