import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { targets } from '../support/databases.js';
import { createProject } from '../support/project.js';
import { runCli } from '../support/cli.js';
import { queryRows } from '../support/inspect.js';

for (const target of targets) {
  describe(`tidemark tenants CLI [${target.name}]`, () => {
    it('add, migrate (one line per tenant and a summary), status, history, retry and remove, with --json', async () => {
      const db = await target.create();
      const project = await createProject({ config: { database: db.url } });
      const dir = path.join(project.dir, 'tenant-migrations');
      await fs.mkdir(dir);
      await fs.writeFile(path.join(dir, '1_notes.sql'), 'create table notes (id int primary key);\n');
      const cli = (...args: string[]) => runCli(args, { cwd: project.dir });
      try {
        const bad = await cli('tenants', 'add', 'evil"; drop schema public cascade; --');
        assert.equal(bad.code, 2);
        assert.match(bad.stderr, /^error: tenant slug .* is not valid/);
        assert.equal(bad.stderr.trim().split('\n').length, 1);
        // --no-migrate: both stay empty, so the run below is the one that migrates (and fails) them.
        assert.equal((await cli('tenants', 'add', 'alpha', 'beta', '--no-migrate')).code, 0);
        await fs.writeFile(path.join(project.dir, 'conflict.sql'), 'create table notes (other text);\n');
        assert.equal((await cli('tenants', 'apply', 'beta', 'conflict.sql')).code, 0);

        const run = await cli('tenants', 'migrate', '--continue-on-error');
        assert.equal(run.code, 1, run.stderr);
        assert.match(run.stdout, /^applied {5}alpha: 1_notes/m);
        assert.match(run.stdout, /^FAILED {6}beta: .*relation "notes" already exists/m);
        assert.match(run.stdout, /^failed {7}1$/m);

        const status = JSON.parse((await cli('--json', 'tenants', 'status')).stdout);
        assert.deepEqual(status.failed, ['beta']);
        assert.deepEqual(status.behind, ['beta']);
        const history = JSON.parse((await cli('--json', 'tenants', 'history', 'beta', '--limit', '1')).stdout);
        assert.equal(history.history.length, 1);
        assert.equal(history.history[0].status, 'failed');

        await fs.writeFile(path.join(project.dir, 'empty.sql'), '\n');
        assert.equal((await cli('tenants', 'apply', 'beta', 'empty.sql')).code, 1, 'dropping notes is destructive: refused');
        assert.equal((await cli('tenants', 'apply', 'beta', 'empty.sql', '--allow-destructive')).code, 0);
        const retry = JSON.parse((await cli('--json', 'tenants', 'retry')).stdout);
        assert.deepEqual(retry.results.map((r: { slug: string; outcome: string }) => [r.slug, r.outcome]), [['beta', 'applied']]);
        assert.equal((await cli('tenants', 'remove', 'alpha')).code, 0);
        const list = JSON.parse((await cli('--json', 'tenants', 'list')).stdout);
        assert.deepEqual(list.tenants.map((t: { slug: string }) => t.slug), ['beta']);
      } finally {
        await project.dispose();
        await db.dispose();
      }
    });

    it('add without --shard places tenants on the shard with the fewest; --shard and placement "main" override; list shows each shard', async () => {
      const [main, eu, us] = await Promise.all([target.create(), target.create(), target.create()]);
      const project = await createProject({ config: { database: main.url, tenants: { migrations: 'tenant-migrations', shards: { eu: eu.url, us: us.url } } } });
      await fs.mkdir(path.join(project.dir, 'tenant-migrations'));
      await fs.writeFile(path.join(project.dir, 'tenant-migrations', '1_notes.sql'), 'create table notes (id int primary key);\n');
      const cli = (...args: string[]) => runCli(args, { cwd: project.dir });
      const writeConfig = (config: object) => fs.writeFile(path.join(project.dir, 'tidemark.config.json'), JSON.stringify(config));
      try {
        assert.equal((await cli('tenants', 'add', 'pinned', '--shard', 'us')).code, 0);
        const added = await cli('tenants', 'add', 'one', 'two', 'three');
        assert.equal(added.code, 0, added.stderr);
        assert.match(added.stdout, /Added tenant one \(schema tenant_one, shard eu,/);
        assert.match(added.stdout, /Added tenant two \(schema tenant_two, shard eu,/, 'a tie (one each) goes to the first shard in config order');
        assert.match(added.stdout, /Added tenant three \(schema tenant_three, shard us,/, 'us holds fewer');
        const list = (await cli('tenants', 'list')).stdout.trimEnd().split('\n').slice(1).map((l) => l.split(/ +/));
        assert.deepEqual(list.map(([slug, , shard]) => [slug, shard]), [['one', 'eu'], ['pinned', 'us'], ['three', 'us'], ['two', 'eu']]);
        for (const [db, schemas] of [[eu, ['tenant_one', 'tenant_two']], [us, ['tenant_pinned', 'tenant_three']]] as const) {
          const tables = await queryRows<{ t: string }>(db.url, "select table_schema || '.' || table_name as t from information_schema.tables where table_name = 'notes' order by 1");
          assert.deepEqual(tables.map((r) => r.t), schemas.map((s) => `${s}.notes`), 'each tenant is migrated on its shard');
        }
        await writeConfig({ database: main.url, tenants: { migrations: 'tenant-migrations', shards: { eu: eu.url, us: us.url }, placement: 'main' } });
        assert.match((await cli('tenants', 'add', 'home')).stdout, /Added tenant home \(schema tenant_home, id /);
        await writeConfig({ database: main.url, tenants: { migrations: 'tenant-migrations', shards: { eu: eu.url }, placement: 'random' } });
        const bad = await cli('tenants', 'add', 'nowhere');
        assert.equal(bad.code, 2);
        assert.match(bad.stderr, /tenants\.placement/);
      } finally {
        await project.dispose();
        await Promise.all([main.dispose(), eu.dispose(), us.dispose()]);
      }
    });

    it("add migrates new tenants to the fleet's version (several slugs at once, --no-migrate), list has a header", async () => {
      const db = await target.create();
      const project = await createProject({ config: { database: db.url } });
      const dir = path.join(project.dir, 'tenant-migrations');
      await fs.mkdir(dir);
      await fs.writeFile(path.join(dir, '1_notes.sql'), 'create table notes (id int primary key);\n');
      await fs.writeFile(path.join(dir, '2_tags.sql'), 'create table tags (id int primary key);\n');
      const cli = (...args: string[]) => runCli(args, { cwd: project.dir });
      const versions = async () => {
        const status = JSON.parse((await cli('--json', 'tenants', 'status')).stdout) as { tenants: { slug: string; version: string | null }[] };
        return Object.fromEntries(status.tenants.map((t) => [t.slug, t.version]));
      };
      try {
        const first = await cli('tenants', 'add', 'alpha');
        assert.equal(first.code, 0, first.stderr);
        assert.match(first.stdout, /^Added tenant alpha /m);
        assert.match(first.stdout, /^Migrated to the fleet's version 2\.$/m, 'an empty fleet: the newest tenant migration');

        // A rollout not yet run: the fleet stays at 2, and so do the tenants added now.
        await fs.writeFile(path.join(dir, '3_more.sql'), 'create table more (id int primary key);\n');
        const two = JSON.parse((await cli('--json', 'tenants', 'add', 'beta', 'gamma')).stdout) as { tenants: { slug: string }[]; version: string; migration: { counts: { applied: number } } };
        assert.deepEqual(two.tenants.map((t) => t.slug), ['beta', 'gamma']);
        assert.equal(two.version, '2');
        assert.equal(two.migration.counts.applied, 2);
        assert.equal((await cli('tenants', 'add', 'delta', '--no-migrate')).code, 0);
        assert.deepEqual(await versions(), { alpha: '2', beta: '2', delta: null, gamma: '2' });

        const taken = await cli('tenants', 'add', 'epsilon', 'alpha');
        assert.equal(taken.code, 2);
        assert.match(taken.stderr, /^error: tenant "alpha" already exists/);
        const list = await cli('tenants', 'list');
        const lines = list.stdout.trimEnd().split('\n');
        assert.match(lines[0]!, /^tenant +schema +shard +id$/);
        assert.deepEqual(lines.slice(1).map((l) => l.split(/ +/)[0]), ['alpha', 'beta', 'delta', 'gamma'], 'epsilon was not added: a taken slug changes nothing');
      } finally {
        await project.dispose();
        await db.dispose();
      }
    });
  });
}
