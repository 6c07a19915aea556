import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { targets } from '../support/databases.js';
import { createProject } from '../support/project.js';
import { runCli } from '../support/cli.js';
import { MigrationStateError, openTidemark, type Tidemark } from '../../src/index.js';

const MIGRATIONS = {
  '001_users.sql': '-- migrate:up\nCREATE TABLE users (id int PRIMARY KEY, email text NOT NULL);\n-- migrate:down\nDROP TABLE users;\n',
  '002_mood.sql': "-- migrate:up\nCREATE TYPE mood AS ENUM ('ok', 'meh');\nALTER TABLE users ADD COLUMN mood mood;\nCREATE INDEX users_email ON users (email);\nINSERT INTO users VALUES (1, 'a@x');\n-- migrate:down\nDROP INDEX users_email; ALTER TABLE users DROP COLUMN mood; DROP TYPE mood;\n",
  '003_view.sql': '-- migrate:up\nCREATE VIEW user_emails AS SELECT id, email FROM users;\nCREATE FUNCTION user_count() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM users $$;\n-- migrate:down\nDROP FUNCTION user_count(); DROP VIEW user_emails;\n',
  '004_posts.sql': '-- migrate:up\nCREATE TABLE posts (id int PRIMARY KEY, user_id int REFERENCES users);\n-- migrate:down\nDROP TABLE posts;\n',
};

for (const target of targets) {
  describe(`tidemark squash [${target.name}]`, () => {
    it('refuses data statements, proves the baseline, and databases before, at and past the squash keep working', async () => {
      const [old, partial, fresh] = await Promise.all([target.create(), target.create(), target.create()]);
      const project = await createProject({ migrations: MIGRATIONS });
      const open = (database: string) => openTidemark({ cwd: project.dir, database, env: {} });
      const using = async <T>(database: string, work: (tm: Tidemark) => Promise<T>): Promise<T> => {
        const tm = await open(database);
        try {
          return await work(tm);
        } finally {
          await tm.close();
        }
      };
      try {
        await using(old.url, (tm) => tm.sum());
        // The INSERT would be lost: refused in one line naming it, nothing changed.
        const refused = await runCli(['squash', '--to', '003'], { cwd: project.dir });
        assert.equal(refused.code, 2);
        assert.equal(refused.stderr.trim().split('\n').length, 1, refused.stderr);
        assert.match(refused.stderr, /^error: squash keeps the schema only, and migrations\/002_mood\.sql:5:1 \(INSERT\) may change data/);
        assert.deepEqual((await fs.readdir(project.migrationsDir)).sort(), [...Object.keys(MIGRATIONS), 'tidemark.sum'].sort());
        await project.write('002_mood.sql', MIGRATIONS['002_mood.sql'].replace("INSERT INTO users VALUES (1, 'a@x');\n", ''));
        await using(old.url, (tm) => tm.sum());

        // One database past the squash point's predecessors, one only at its start.
        await using(old.url, (tm) => tm.migrate({ to: '003' }));
        await using(partial.url, (tm) => tm.migrate({ to: '001' }));

        const run = await runCli(['--json', 'squash', '--to', '003'], { cwd: project.dir });
        assert.equal(run.code, 0, run.stderr);
        const result = JSON.parse(run.stdout);
        assert.equal(result.file, 'migrations/003_squashed.sql');
        assert.deepEqual(result.replaces, ['001', '002', '003']);
        assert.deepEqual(result.removed, ['migrations/001_users.sql', 'migrations/002_mood.sql', 'migrations/003_view.sql']);
        assert.ok(result.provenObjects >= 8, `${result.provenObjects} objects compared`);
        assert.deepEqual((await fs.readdir(project.migrationsDir)).sort(), ['003_squashed.sql', '004_posts.sql', 'tidemark.sum']);
        assert.match(await fs.readFile(path.join(project.migrationsDir, '003_squashed.sql'), 'utf8'), /^-- tidemark:squashes 001 002 003$/m);

        // The database that applied the old files: the baseline counts as applied, 004 applies on top.
        await using(old.url, async (tm) => {
          const status = await tm.status();
          assert.deepEqual(status.migrations.map((m) => [m.version, m.state]), [['003', 'applied'], ['004', 'pending']]);
          assert.deepEqual((await tm.migrate()).map((s) => s.version), ['004']);
          assert.deepEqual(await tm.verify(), []);
        });
        // A fresh database applies the baseline instead of the old files, and gets the same schema.
        const [before, after] = await Promise.all([
          using(old.url, (tm) => tm.inspect()),
          using(fresh.url, async (tm) => {
            assert.deepEqual((await tm.migrate()).map((s) => s.version), ['003', '004']);
            return tm.inspect();
          }),
        ]);
        assert.deepEqual(after, before);
        // A database that applied only part of what the baseline replaces is refused, untouched.
        await using(partial.url, async (tm) => {
          await assert.rejects(tm.migrate(), (error: unknown) => {
            assert.ok(error instanceof MigrationStateError);
            assert.equal(error.message, 'migrations/003_squashed.sql squashes 001, 002, 003, and this database applied only 001: migrate it to 003 with the files from before the squash (from version control) first');
            return true;
          });
          assert.deepEqual((await tm.status()).migrations.map((m) => [m.version, m.state]), [['001', 'missing'], ['003', 'pending'], ['004', 'pending']]);
        });
        // Reverting the baseline there also forgets the versions it replaced: back to nothing applied.
        await using(old.url, async (tm) => {
          assert.deepEqual((await tm.down({ to: 'base' })).map((s) => s.version), ['004', '003']);
          assert.deepEqual((await tm.status()).migrations.map((m) => [m.version, m.state]), [['003', 'pending'], ['004', 'pending']]);
        });
      } finally {
        await project.dispose();
        await Promise.all([old.dispose(), partial.dispose(), fresh.dispose()]);
      }
    });
  });
}
