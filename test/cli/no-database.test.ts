import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { createProject } from '../support/project.js';
import { runCli } from '../support/cli.js';

// A CI job with no database: no --database, no DATABASE_URL, no config database, and no
// .tidemark/dev from an earlier run. Reading "the schema" must never create an empty database and
// report against it.
const USERS = '-- migrate:up\nCREATE TABLE users (id int PRIMARY KEY, email text NOT NULL);\n-- migrate:down\nDROP TABLE users;\n';

describe('no database configured', () => {
  it('commands that read the schema read the migrations, say so in one line, and create nothing; drift is a usage error', async () => {
    const project = await createProject({ config: { migrations: 'migrations' }, migrations: { '001_users.sql': USERS } });
    try {
      const cli = (...args: string[]) => runCli(args, { cwd: project.dir });
      const notice = /^warning: no database configured \(--database, DATABASE_URL or config database\): reading the schema the migrations in migrations build$/m;

      const inspect = await cli('inspect', '--format', 'json');
      assert.equal(inspect.code, 0, inspect.stderr);
      assert.match(inspect.stderr, notice);
      assert.deepEqual((JSON.parse(inspect.stdout) as { tables: { name: string }[] }).tables.map((t) => t.name), ['users']);

      const types = await cli('types', '--out', 'types.ts');
      assert.equal(types.code, 0, types.stderr);
      assert.match(types.stderr, notice);
      assert.match(await fs.readFile(path.join(project.dir, 'types.ts'), 'utf8'), /email: string/);

      const docs = await cli('docs', '--out', 'DATABASE.md');
      assert.equal(docs.code, 0, docs.stderr);
      assert.match(await fs.readFile(path.join(project.dir, 'DATABASE.md'), 'utf8'), /users/);

      const drift = await cli('drift');
      assert.equal(drift.code, 2);
      assert.equal(drift.stderr.trim().split('\n').length, 1, drift.stderr);
      assert.match(drift.stderr, /drift compares a database with the migrations, and no database is configured: pass --database, set DATABASE_URL or config database/);

      await assert.rejects(fs.stat(path.join(project.dir, '.tidemark', 'dev')), 'no empty database was created');
    } finally {
      await project.dispose();
    }
  });
});
