import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { createTenantSchemaSql, validateConfig } from '../../src/index.js';
import { targets, withDriver, type TestDatabase } from '../support/databases.js';
import { queryRows } from '../support/inspect.js';
import { createProject, type TestProject } from '../support/project.js';
import { runCli } from '../support/cli.js';

/**
 * Citus cannot be installed here, so `tenants.citus: 'schema'` is tested on the SQL it sends: a
 * stand-in `citus_schema_distribute(regnamespace)` records each call — the schema it got, and how
 * many tables that schema held then (0: before the tenant migrations) — and refuses schemas whose
 * name contains "refuse", as a Citus error would.
 */
const STAND_IN = `
create table public.citus_calls (n int generated always as identity primary key, schema_name text not null, tables_then int not null);
create function public.citus_schema_distribute(schema regnamespace) returns void language plpgsql as $$
begin
  if schema::text like '%refuse%' then
    raise exception 'stand-in refuses schema %', schema using errcode = 'XX000';
  end if;
  insert into public.citus_calls (schema_name, tables_then)
  values (schema::text, (select count(*) from pg_class where relnamespace = schema and relkind = 'r'));
end $$;`;

interface Setup {
  readonly project: TestProject;
  cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  rows<Row extends Record<string, unknown>>(sql: string): Promise<Row[]>;
}

/** withCitusProject makes a database and a project with one tenant migration; `tenants` is merged into the tenants config. */
async function withCitusProject(db: TestDatabase, tenants: Record<string, unknown>, standIn: boolean, test: (setup: Setup) => Promise<void>): Promise<void> {
  const project = await createProject({ config: { database: db.url, tenants: { migrations: 'tenant-migrations', ...tenants } } });
  try {
    await fs.mkdir(path.join(project.dir, 'tenant-migrations'));
    await fs.writeFile(path.join(project.dir, 'tenant-migrations', '1_notes.sql'), 'create table notes (id bigint primary key, body text);\n');
    if (standIn) await withDriver(db.url, (d) => d.runScript(STAND_IN));
    // Each step opens the database and closes it again, so PGlite's data directory is never open twice.
    await test({ project, cli: (...args) => runCli(args, { cwd: project.dir }), rows: (sql) => queryRows(db.url, sql) });
  } finally {
    await project.dispose();
  }
}

for (const target of targets) {
  describe(`tenants add with tenants.citus: 'schema' [${target.name}]`, () => {
    it('calls citus_schema_distribute once per new tenant, with its schema, after creating it and before its migrations', async () => {
      const db = await target.create();
      try {
        await withCitusProject(db, { citus: 'schema' }, true, async ({ cli, rows }) => {
          const added = await cli('tenants', 'add', 'acme', 'beta');
          assert.equal(added.code, 0, added.stderr);
          assert.deepEqual(await rows('select n, schema_name, tables_then from public.citus_calls order by n'), [
            { n: 1, schema_name: 'tenant_acme', tables_then: 0 },
            { n: 2, schema_name: 'tenant_beta', tables_then: 0 },
          ]);
          // The tenant migrations ran afterwards, into the distributed schemas.
          const notes = await rows("select table_schema as s from information_schema.tables where table_name = 'notes' order by 1");
          assert.deepEqual(notes.map((r) => r['s']), ['tenant_acme', 'tenant_beta']);
          // A migration run distributes nothing again: Citus distributes tables created in the schema itself.
          assert.equal((await cli('tenants', 'migrate')).code, 0);
          assert.equal((await rows<{ n: number }>('select count(*)::int as n from public.citus_calls'))[0]!.n, 2);
        });
      } finally {
        await db.dispose();
      }
    });

    it('a failing citus_schema_distribute is one clear line (exit 1), and leaves no schema, no registry row and no call', async () => {
      const db = await target.create();
      try {
        await withCitusProject(db, { citus: 'schema' }, true, async ({ cli, rows }) => {
          assert.equal((await cli('tenants', 'add', 'first')).code, 0);
          const failed = await cli('tenants', 'add', 'refuse');
          assert.equal(failed.code, 1, failed.stdout);
          assert.match(
            failed.stderr,
            /^error: tenant "refuse" not added: citus_schema_distribute\(tenant_refuse\) failed on \S+: stand-in refuses schema tenant_refuse \[XX000\]; schema tenant_refuse was rolled back and the tenant unregistered\n$/,
          );
          assert.deepEqual(await rows("select nspname from pg_namespace where nspname like 'tenant_%' order by 1"), [{ nspname: 'tenant_first' }]);
          assert.deepEqual(await rows('select slug from tidemark.tenants order by slug'), [{ slug: 'first' }]);
          assert.deepEqual(await rows('select schema_name from public.citus_calls'), [{ schema_name: 'tenant_first' }], 'the failed call was rolled back with the schema');
          const json = await cli('--json', 'tenants', 'add', 'refuse');
          assert.equal(json.code, 1);
          assert.equal(JSON.parse(json.stdout).error.code, 'E_TENANT_SETUP');
          // Nothing half-added stands in the way of adding it once the cause is gone.
          await withDriver(db.url, (d) => d.runScript("create or replace function public.citus_schema_distribute(schema regnamespace) returns void language sql as $$ insert into public.citus_calls (schema_name, tables_then) values (schema::text, 0) $$"));
          assert.equal((await cli('tenants', 'add', 'refuse')).code, 0);
          assert.deepEqual(await rows('select slug from tidemark.tenants order by slug'), [{ slug: 'first' }, { slug: 'refuse' }]);
        });
      } finally {
        await db.dispose();
      }
    });

    it('on a database without Citus the error says what it needs', async () => {
      const db = await target.create();
      try {
        await withCitusProject(db, { citus: 'schema' }, false, async ({ cli, rows }) => {
          const failed = await cli('tenants', 'add', 'acme');
          assert.equal(failed.code, 1);
          assert.match(failed.stderr, /^error: tenant "acme" not added: citus_schema_distribute\(tenant_acme\) failed on \S+: function citus_schema_distribute\(regnamespace\) does not exist \[42883\] \(tenants\.citus is "schema": the database must be a Citus 12\+ coordinator with CREATE EXTENSION citus\); schema tenant_acme was rolled back and the tenant unregistered\n$/);
          assert.deepEqual(await rows("select nspname from pg_namespace where nspname = 'tenant_acme'"), []);
          assert.deepEqual(await rows('select slug from tidemark.tenants'), []);
        });
      } finally {
        await db.dispose();
      }
    });

    it('without tenants.citus, no call is made', async () => {
      const db = await target.create();
      try {
        await withCitusProject(db, {}, true, async ({ cli, rows }) => {
          assert.equal((await cli('tenants', 'add', 'acme')).code, 0);
          assert.deepEqual(await rows('select * from public.citus_calls'), []);
          assert.deepEqual(await rows("select nspname from pg_namespace where nspname = 'tenant_acme'"), [{ nspname: 'tenant_acme' }]);
        });
      } finally {
        await db.dispose();
      }
    });
  });
}

describe('tenants.citus config and SQL', () => {
  it('prints the call with the schema quoted by the SQL printer, after CREATE SCHEMA', () => {
    assert.equal(createTenantSchemaSql('tenant_acme', undefined), 'CREATE SCHEMA IF NOT EXISTS "tenant_acme"');
    assert.equal(createTenantSchemaSql('tenant_acme', 'schema'), `CREATE SCHEMA IF NOT EXISTS "tenant_acme";\nSELECT citus_schema_distribute('"tenant_acme"'::regnamespace)`);
    // Not a name the registry would make, but the printer must not care.
    assert.equal(createTenantSchemaSql(`o'k"\\`, 'schema'), `CREATE SCHEMA IF NOT EXISTS "o'k""\\";\nSELECT citus_schema_distribute(E'"o''k""\\\\"'::regnamespace)`);
  });

  it("accepts 'schema' and nothing else", () => {
    assert.equal(validateConfig({ tenants: { citus: 'schema' } }).tenants.citus, 'schema');
    assert.equal(validateConfig({}).tenants.citus, undefined);
    assert.throws(() => validateConfig({ tenants: { citus: 'row' } }), /tenants\.citus/);
  });
});
