import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { openDriver } from '../../src/index.js';
import { targets, type DatabaseTarget } from '../support/databases.js';
import { createProject, EXAMPLE, type TestProject } from '../support/project.js';
import { runCli } from '../support/cli.js';
import { catalogSnapshot, queryRows } from '../support/inspect.js';

/** A copy of the example project (migrations and declarative schema) pointed at a fresh database. */
async function withExample(target: DatabaseTarget, test: (p: { project: TestProject; url: string; cli: (...a: string[]) => ReturnType<typeof runCli>; schemaFile: string }) => Promise<void>): Promise<void> {
  const db = await target.create();
  const project = await createProject({ config: { database: db.url } });
  try {
    await fs.cp(path.join(EXAMPLE, 'migrations'), project.migrationsDir, { recursive: true });
    await fs.cp(path.join(EXAMPLE, 'schema'), path.join(project.dir, 'schema'), { recursive: true });
    const cli = (...args: string[]) => runCli(args, { cwd: project.dir });
    await test({ project, url: db.url, cli, schemaFile: path.join(project.dir, 'schema', 'schema.sql') });
  } finally {
    await project.dispose();
    await db.dispose();
  }
}

async function edit(file: string, change: (text: string) => string): Promise<void> {
  await fs.writeFile(file, change(await fs.readFile(file, 'utf8')));
}

const PAYMENTS = `
CREATE TABLE payments (
    payment_id UUID NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants(tenant_id) ON DELETE CASCADE,
    amount_cents BIGINT NOT NULL CHECK (amount_cents > 0),
    "limit" INTEGER
);
CREATE INDEX idx_payments_tenant_id ON payments (tenant_id);
`;

for (const target of targets) {
  describe(`generate, drift and push [${target.name}]`, () => {
    it('generate writes up and down from the declarative schema, migrate applies it, and there is no drift after', () =>
      withExample(target, async ({ project, cli, schemaFile }) => {
        const none = await cli('generate', 'nothing');
        assert.equal(none.code, 0, none.stderr);
        assert.match(none.stdout, /No changes/);
        await edit(schemaFile, (t) => `${t}${PAYMENTS}\nALTER TABLE agents ADD COLUMN due_date date;\n`);
        const generated = await cli('generate', 'add_payments');
        assert.equal(generated.code, 0, generated.stderr);
        assert.match(generated.stdout, /Created table 'payments'\./);
        assert.match(generated.stdout, /Added column 'due_date' to 'agents'\./);
        const file = /wrote (migrations\/\d{14}_add_payments\.sql)/.exec(generated.stdout)?.[1];
        assert.ok(file, generated.stdout);
        const text = await fs.readFile(path.join(project.dir, file), 'utf8');
        assert.match(text, /-- migrate:up\n[\s\S]*CREATE TABLE public\.payments[\s\S]*"limit" integer[\s\S]*-- migrate:down\n[\s\S]*DROP TABLE public\.payments;/);
        const migrate = await cli('migrate');
        assert.equal(migrate.code, 0, migrate.stderr);
        assert.equal((await cli('drift')).code, 0);
        assert.match((await cli('generate', 'again')).stdout, /No changes/);
        const down = await cli('down');
        assert.equal(down.code, 0, down.stderr);
        const drift = await cli('drift');
        assert.equal(drift.code, 1, 'reverting one migration is drift against the files');
      }));

    it('new enum values go into their own migration before the one that uses them', () =>
      withExample(target, async ({ cli, schemaFile }) => {
        await edit(schemaFile, (t) => t.replace("CREATE TYPE membership_role AS ENUM ('owner', 'member');", "CREATE TYPE membership_role AS ENUM ('owner', 'admin', 'member', 'guest');").replace("role membership_role NOT NULL DEFAULT 'member'", "role membership_role NOT NULL DEFAULT 'guest'"));
        const generated = await cli('generate', 'roles');
        assert.equal(generated.code, 0, generated.stderr);
        const files = [...generated.stdout.matchAll(/wrote (\S+)/g)].map((m) => m[1]);
        assert.equal(files.length, 2, generated.stdout);
        assert.match(files[0]!, /_roles_enum_values\.sql$/);
        const migrate = await cli('migrate');
        assert.equal(migrate.code, 0, migrate.stderr);
        assert.equal((await cli('drift')).code, 0);
        assert.equal((await cli('down', '--steps', '2')).code, 0, 'the down sections rebuild the enum without the new values');
        assert.equal((await cli('drift')).code, 1);
        assert.equal((await cli('down', '--to', '017')).code, 0);
      }));

    it('without a hint a rename is a destructive drop and add; --rename makes it a rename, and nothing ever prompts', () =>
      withExample(target, async ({ cli, schemaFile }) => {
        await edit(schemaFile, (t) => t.replace('    goal TEXT NOT NULL,', '    objective TEXT NOT NULL,').replace('COMMENT ON COLUMN agents.goal', 'COMMENT ON COLUMN agents.objective'));
        const plain = await cli('diff', '--from', 'migrations:migrations', '--format', 'summary');
        assert.match(plain.stdout, /! Dropped column 'goal' from 'agents'\. \(destructive\)/);
        assert.match(plain.stdout, /Added column 'objective' to 'agents'\./);
        const hinted = await cli('diff', '--from', 'migrations:migrations', '--format', 'json', '--rename', 'agents.goal=objective');
        const plan = JSON.parse(hinted.stdout);
        assert.equal(plan.destructive, false);
        assert.deepEqual(plan.changes.map((c: { summary: string }) => c.summary), ["Renamed column 'goal' of 'agents' to 'objective'."]);
        assert.deepEqual(plan.up, ['ALTER TABLE public.agents RENAME COLUMN goal TO objective;']);
      }));

    it('drift: a change made by hand is found, exit 1, and the printed SQL reconciles it', () =>
      withExample(target, async ({ url, cli }) => {
        assert.equal((await cli('migrate')).code, 0);
        const db = await openDriver(url);
        try {
          await db.runScript('ALTER TABLE users ADD COLUMN nickname text; DROP INDEX idx_users_email;');
        } finally {
          await db.close();
        }
        const drift = await cli('drift');
        assert.equal(drift.code, 1);
        assert.match(drift.stdout, /Dropped column 'nickname' from 'users'/);
        assert.match(drift.stdout, /CREATE INDEX idx_users_email ON public\.users USING btree \(email\);/);
        const sql = JSON.parse((await cli('drift', '--json')).stdout).plan.up.join('\n');
        const fix = await openDriver(url);
        try {
          await fix.runScript(sql);
        } finally {
          await fix.close();
        }
        assert.equal((await cli('drift')).code, 0);
      }));

    it('push applies the schema in one transaction and refuses data loss without --accept-data-loss (seed 002: a leftover table)', () =>
      withExample(target, async ({ url, cli, schemaFile }) => {
        const first = await cli('push');
        assert.equal(first.code, 0, first.stderr);
        assert.ok((await catalogSnapshot(url)).includes('public.agents:r'));
        const db = await openDriver(url);
        try {
          // An old "jobs" table whose columns differ from the new definition (seed 002's rollout).
          await db.runScript("CREATE TABLE jobs (session_id uuid PRIMARY KEY, user_id uuid); INSERT INTO jobs VALUES (gen_random_uuid(), NULL);");
        } finally {
          await db.close();
        }
        await edit(schemaFile, (t) => `${t}\nCREATE TABLE jobs (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), kind text NOT NULL DEFAULT 'sync', "limit" integer);\n`);
        const before = await catalogSnapshot(url);
        const refused = await cli('push');
        assert.equal(refused.code, 1);
        assert.match(refused.stderr, /^error: push would lose data: .*Dropped column 'session_id' from 'jobs'\..* Rerun with --accept-data-loss/);
        assert.deepEqual(await catalogSnapshot(url), before, 'nothing applied');
        const dry = await cli('push', '--dry-run');
        assert.equal(dry.code, 0, `a dry run shows a destructive plan instead of refusing it: ${dry.stderr}`);
        assert.match(dry.stdout, /^! Dropped column 'session_id' from 'jobs'\. \(destructive\)/m);
        assert.match(dry.stdout, /ALTER TABLE .*jobs.* DROP COLUMN .*session_id/i);
        assert.match(dry.stdout, /refuses them without --accept-data-loss/);
        const dryJson = JSON.parse((await cli('push', '--dry-run', '--json')).stdout) as { applied: boolean; plan: { destructive: boolean; changes: { summary: string; destructive: boolean }[] } };
        assert.equal(dryJson.applied, false);
        assert.equal(dryJson.plan.destructive, true);
        assert.ok(dryJson.plan.changes.some((c) => c.destructive && c.summary.includes('session_id')));
        assert.deepEqual(await catalogSnapshot(url), before, 'a dry run applies nothing');
        const accepted = await cli('push', '--accept-data-loss');
        assert.equal(accepted.code, 0, accepted.stderr);
        const columns = await queryRows<{ column_name: string }>(url, "select column_name from information_schema.columns where table_name = 'jobs' order by column_name");
        assert.deepEqual(columns.map((c) => c.column_name), ['id', 'kind', 'limit']);
        assert.match((await cli('push')).stdout, /No changes/);
      }));
  });
}
