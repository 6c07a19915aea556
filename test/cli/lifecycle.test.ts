import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { serverUrlFor, withAdmin, withDriver } from '../support/databases.js';
import { createProject } from '../support/project.js';
import { runCli } from '../support/cli.js';
import { openTidemark } from '../../src/index.js';

const USERS = `-- migrate:up
CREATE TYPE mood AS ENUM ('ok', 'meh');
CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL, mood mood);
CREATE FUNCTION user_count() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM users';
-- migrate:down
DROP FUNCTION user_count(); DROP TABLE users; DROP TYPE mood;
`;
const POSTS = `-- migrate:up
CREATE TABLE posts (id int PRIMARY KEY, user_id int REFERENCES users);
-- migrate:down
DROP TABLE posts;
`;

// A fresh database that does not exist yet (db create makes it), for each engine.
const engines = [
  {
    name: 'pglite',
    async make() {
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tm-lifecycle-'));
      const dataDir = path.join(dir, 'db');
      return { url: `pglite:${dataDir}`, exists: () => fs.stat(path.join(dataDir, 'PG_VERSION')).then(() => true, () => false), dispose: () => fs.rm(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'postgres',
    async make() {
      const name = `tm_test_${process.pid}_${randomBytes(4).toString('hex')}`;
      return {
        url: serverUrlFor(name),
        exists: () => withAdmin(async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1),
        dispose: () => withAdmin(async (c) => void (await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))),
      };
    },
  },
];

const oneLine = (stderr: string) => assert.equal(stderr.trim().split('\n').length, 1, stderr);

for (const engine of engines) {
  describe(`lifecycle commands [${engine.name}]`, () => {
    it('db create|drop, new + sum, reset --seed (scope only, history reset, guard), seed failures, sum mismatches', async () => {
      const db = await engine.make();
      const project = await createProject({
        config: { database: db.url, excludeTables: ['keep_me'], environments: { dev: {}, prod: { database: db.url } } },
        migrations: { '001_users.sql': USERS },
      });
      const cli = (...args: string[]) => runCli(args, { cwd: project.dir });
      const json = async (...args: string[]) => {
        const run = await cli('--json', ...args);
        assert.equal(run.code, 0, `${args.join(' ')}: ${run.stderr}`);
        return JSON.parse(run.stdout);
      };
      const seeds = path.join(project.dir, 'seeds');
      await fs.mkdir(seeds);
      await fs.writeFile(path.join(seeds, '001_users.sql'), "INSERT INTO users VALUES (1, 'a@x', 'ok') ON CONFLICT DO NOTHING;\n");
      await fs.writeFile(path.join(seeds, '002_more.ts'), "import type { MigrationDb } from 'tidemark';\nexport async function seed(db: MigrationDb): Promise<void> {\n  await db.query('INSERT INTO users VALUES ($1, $2) ON CONFLICT DO NOTHING', [2, 'b@x']);\n}\n");
      await fs.mkdir(path.join(project.dir, 'tenant-migrations'));
      await fs.writeFile(path.join(project.dir, 'tenant-migrations', '001_notes.sql'), 'CREATE TABLE notes (id int);\n');
      // Each PGlite open costs seconds: checks share one connection.
      const queries = (...sql: string[]) => withDriver(db.url, async (d) => {
          const results: Record<string, unknown>[][] = [];
          for (const q of sql) results.push((await d.query(q)).rows);
          return results;
        });
      try {
        // db create makes the database once; a second run has nothing to do.
        assert.deepEqual(await json('db', 'create'), { database: db.url, kind: engine.name, changed: true });
        assert.equal(await db.exists(), true);
        assert.equal((await json('db', 'create')).changed, false);

        // new writes the file and the sum; an edit is a mismatch until `sum` rewrites it.
        const created = (await json('new', 'posts')).file as string;
        assert.match(created, /^migrations\/\d{14}_posts\.sql$/);
        const sum = () => fs.readFile(path.join(project.migrationsDir, 'tidemark.sum'), 'utf8');
        assert.deepEqual((await sum()).split('\n').slice(1, 3).map((l) => l.split(' ')[0]), ['001_users.sql', path.basename(created)]);
        await fs.writeFile(path.join(project.dir, created), POSTS);
        const stale = await cli('migrate');
        assert.equal(stale.code, 2);
        oneLine(stale.stderr);
        assert.match(stale.stderr, new RegExp(`^error: migrations/tidemark\\.sum does not match the migrations \\(changed ${path.basename(created)}\\): two branches added migrations, or a migration file was edited or removed; .*then run "tidemark sum" to rewrite it`));
        assert.deepEqual(await json('sum'), { file: 'migrations/tidemark.sum', written: true, problems: [`changed ${path.basename(created)}`] });

        // What reset must leave: other tools' history, an excluded table, a tenant and its registry
        // (set up through the API, in one connection).
        const tm = await openTidemark({ cwd: project.dir, env: {} });
        try {
          assert.equal((await tm.migrate()).length, 2);
          await (await tm.db()).runScript(`INSERT INTO users VALUES (99, 'old@x');
            CREATE TABLE _prisma_migrations (id int); INSERT INTO _prisma_migrations VALUES (7);
            CREATE TABLE keep_me (id int); CREATE SCHEMA drizzle; CREATE TABLE drizzle.__drizzle_migrations (id int);
            CREATE SCHEMA extra; CREATE TABLE extra.t (id int); CREATE SEQUENCE loose_seq; CREATE VIEW user_emails AS SELECT email FROM users`);
          await tm.tenants().add('acme');
        } finally {
          await tm.close();
        }

        // Not dev: refused in one line, before anything is touched.
        const prod = await cli('--env', 'prod', 'reset');
        assert.equal(prod.code, 2);
        oneLine(prod.stderr);
        assert.equal(prod.stderr, 'error: reset: refusing environment "prod" (only "dev" is reset unasked); pass --force if you mean it\n');

        const reset = await json('--env', 'dev', 'reset', '--seed');
        assert.deepEqual(reset.dropped.schemas, ['extra']);
        assert.deepEqual([...reset.dropped.kept].sort(), ['public._prisma_migrations', 'public.keep_me']);
        for (const object of ['table public.users', 'table public.posts', 'sequence public.loose_seq', 'function public.user_count()', 'type public.mood']) assert.ok(reset.dropped.objects.includes(object), object);
        assert.equal(reset.applied.length, 2);
        assert.deepEqual(reset.seeds.map((s: { file: string }) => s.file), ['seeds/001_users.sql', 'seeds/002_more.ts']);
        const [users, prisma, left] = await queries('SELECT id FROM users ORDER BY id', 'SELECT id FROM _prisma_migrations', `SELECT to_regclass('keep_me') IS NOT NULL AS keep, to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS drizzle,
          to_regnamespace('tenant_acme') IS NOT NULL AS tenant, to_regnamespace('extra') IS NULL AS extra_gone, to_regclass('user_emails') IS NULL AS view_gone,
          (SELECT count(*)::int FROM tidemark.tenants) AS tenants, (SELECT count(*)::int FROM tidemark.migration_log) AS log`);
        assert.deepEqual(users!.map((r) => r['id']), [1, 2]);
        assert.deepEqual(prisma, [{ id: 7 }]);
        assert.deepEqual(left, [{ keep: true, drizzle: true, tenant: true, extra_gone: true, view_gone: true, tenants: 1, log: 2 }], 'the history starts again: two applies, nothing before');

        // seed runs every seed again; a failing one names file:line:col and is rolled back alone.
        await fs.writeFile(path.join(seeds, '003_bad.sql'), "INSERT INTO users VALUES (3, 'c@x');\nINSERT INTO nope VALUES (1);\n");
        const bad = await cli('seed');
        assert.equal(bad.code, 1);
        assert.match(bad.stdout, /seeded +seeds\/002_more\.ts/);
        assert.match(bad.stderr, /^error: seeds\/003_bad\.sql:2:13: seed failed and was rolled back: relation "nope" does not exist \(SQLSTATE 42P01\)$/m);
        oneLine(bad.stderr);

        // A seed that does not parse stops reset before anything is dropped.
        await fs.writeFile(path.join(seeds, '003_bad.sql'), "SELECT 1;\nSELEC 2;\n");
        const syntax = await cli('reset', '--seed');
        assert.equal(syntax.code, 2);
        oneLine(syntax.stderr);
        assert.match(syntax.stderr, /^error: seeds\/003_bad\.sql:2:1: syntax error at or near "SELEC"/);
        const [after] = await queries('SELECT id FROM users ORDER BY id');
        assert.deepEqual(after!.map((r) => r['id']), [1, 2], 'seed 003 rolled back, nothing dropped');

        // Another branch's migration arrives without its sum line: migrate and lint refuse, sum --check too.
        await project.write('002_other_branch.sql', '-- migrate:up\nCREATE TABLE other (id int);\n-- migrate:down\nDROP TABLE other;\n');
        for (const command of [['migrate'], ['lint'], ['verify'], ['sum', '--check']]) {
          const run = await cli(...command);
          assert.equal(run.code, 2, command.join(' '));
          assert.match(run.stderr, /\(added 002_other_branch\.sql\): two branches added migrations/);
        }

        // db drop removes the database; once gone there is nothing to do.
        assert.equal((await json('db', 'drop')).changed, true);
        assert.equal(await db.exists(), false);
        assert.equal((await json('db', 'drop')).changed, false);
      } finally {
        await project.dispose();
        await db.dispose();
      }
    });
  });
}
