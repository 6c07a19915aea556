import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { openDriver, introspect } from '../../src/index.js';
import { targets, withDriver } from '../support/databases.js';
import { withScenario } from '../support/scenario.js';

// Other tools' bookkeeping as those tools create it (default names), with what makes it awkward:
// serial sequences, a plain index, a grant — none of which the user's schema holds.
const OTHER_TOOLS = `
CREATE SCHEMA drizzle;
CREATE TABLE drizzle.__drizzle_migrations (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint);
CREATE TABLE public._prisma_migrations (id varchar(36) PRIMARY KEY, checksum varchar(64) NOT NULL, finished_at timestamptz, migration_name varchar(255) NOT NULL);
CREATE INDEX prisma_migrations_finished ON public._prisma_migrations (finished_at);
GRANT SELECT ON public._prisma_migrations TO PUBLIC;
CREATE TABLE public.pgmigrations (id SERIAL PRIMARY KEY, name varchar(255) NOT NULL, run_on timestamp NOT NULL);
CREATE TABLE public.alembic_version (version_num varchar(32) NOT NULL PRIMARY KEY);
`;

for (const target of targets) {
  describe(`scope: what is never the user's schema [${target.name}]`, () => {
    it('introspection leaves out other tools\' history, config-excluded tables and schemas, and the audit does not trip on them', async () => {
      const created = await target.create();
      try {
        await withDriver(created.url, async (db) => {
          await db.runScript(`CREATE TABLE public.users (id int PRIMARY KEY); CREATE SCHEMA etl; CREATE TABLE etl.staging (x int); CREATE TABLE public.tmp_load (y int); CREATE INDEX tmp_load_y ON public.tmp_load (y);${OTHER_TOOLS}`);
          const scoped = await introspect(db, { excludeSchemas: ['et*'], excludeTables: ['tmp_*'] });
          assert.deepEqual(scoped.schemas.map((s) => s.name), ['public']);
          assert.deepEqual(scoped.tables.map((t) => `${t.schema}.${t.name}`), ['public.users']);
          assert.deepEqual(scoped.sequences, []);
          assert.deepEqual(scoped.privileges.filter((p) => p.on.object !== 'schema'), []);
          // Named in include, another tool's schema is read like any other.
          const drizzle = await introspect(db, { include: ['drizzle'] });
          assert.deepEqual(drizzle.schemas.map((s) => s.name), ['drizzle']);
        });
      } finally {
        await created.dispose();
      }
    });

    it('drift and push ignore tenants, other tools and config exclusions; push never drops a schema', () =>
      withScenario(
        target,
        { config: { schema: 'schema', excludeTables: ['scratch_*'] }, migrations: { '001_users.sql': '-- migrate:up\nCREATE TABLE users (id int PRIMARY KEY, email text NOT NULL);\n-- migrate:down\nDROP TABLE users;\n' } },
        async ({ db, project, cli }) => {
          await fs.mkdir(path.join(project.dir, 'schema'));
          await fs.writeFile(path.join(project.dir, 'schema', 'schema.sql'), 'CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL);\n');
          await fs.mkdir(path.join(project.dir, 'tenant-migrations'));
          await fs.writeFile(path.join(project.dir, 'tenant-migrations', '001_notes.sql'), '-- migrate:up\nCREATE TABLE notes (id int PRIMARY KEY);\n-- migrate:down\nDROP TABLE notes;\n');
          assert.equal((await cli('migrate')).code, 0);
          for (const slug of ['acme', 'globex']) assert.equal((await cli('tenants', 'add', slug)).code, 0);
          assert.equal((await cli('tenants', 'migrate')).code, 0);
          const run = async (sql: string) => {
            const live = await openDriver(db.url);
            try {
              await live.runScript(sql);
            } finally {
              await live.close();
            }
          };
          await run(`${OTHER_TOOLS} CREATE TABLE public.scratch_import (x int);`);
          const drift = await cli('drift');
          assert.equal(drift.code, 0, `no drift expected:\n${drift.stdout}${drift.stderr}`);

          // A schema nothing declares is drift, yet push leaves it in place.
          await run('CREATE SCHEMA legacy;');
          assert.match((await cli('drift')).stdout, /Dropped schema 'legacy'/);
          const push = await cli('push', '--dry-run', '--json');
          assert.equal(push.code, 0, push.stderr);
          const result = JSON.parse(push.stdout) as { plan: { up: string[]; notes: string[] } };
          assert.deepEqual(result.plan.up, [], 'nothing of tenants, other tools or excluded tables is planned');
          assert.ok(result.plan.notes.some((n) => n.includes("schema 'legacy'")), result.plan.notes.join('\n'));
          const text = await cli('push', '--accept-data-loss');
          assert.equal(text.code, 0, text.stderr);
          assert.doesNotMatch(text.stdout, /DROP SCHEMA/);
          assert.match(text.stderr, /^note: schema .legacy. is not in the declarative schema; push never drops a schema$/m);
        },
      ));
  });
}
