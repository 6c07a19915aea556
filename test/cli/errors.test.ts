import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { targets, serverUrlFor } from '../support/databases.js';
import { createProject } from '../support/project.js';
import { runCli } from '../support/cli.js';
import { catalogSnapshot } from '../support/inspect.js';
import { withScenario } from '../support/scenario.js';

const oneLine = (stderr: string) => assert.equal(stderr.trim().split('\n').length, 1, `expected one line, got:\n${stderr}`);

describe('bad input: clear one-line errors and documented exit codes', () => {
  it('an unsupported URL is a usage error (2) and its password is never printed', async () => {
    const project = await createProject();
    try {
      const result = await runCli(['status', '--database', 'mysql://root:hunter2@localhost/app'], { cwd: project.dir });
      assert.equal(result.code, 2);
      assert.match(result.stderr, /^error: invalid database URL mysql:\/\/root:\*\*\*@localhost\/app: expected postgres:\/\//);
      assert.ok(!result.stderr.includes('hunter2'));
      oneLine(result.stderr);
    } finally {
      await project.dispose();
    }
  });

  it('an unreachable server exits 3 naming the redacted URL', async () => {
    const project = await createProject();
    try {
      const result = await runCli(['status'], { cwd: project.dir, env: { DATABASE_URL: 'postgres://app:s3cret@127.0.0.1:1/app' } });
      assert.equal(result.code, 3);
      assert.match(result.stderr, /^error: could not connect to postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/app: connection refused/);
      assert.ok(!result.stderr.includes('s3cret'));
      oneLine(result.stderr);
    } finally {
      await project.dispose();
    }
  });

  it('a database that does not exist on the server exits 3', async () => {
    const project = await createProject();
    try {
      const result = await runCli(['status', '--database', serverUrlFor('tm_no_such_database')], { cwd: project.dir });
      assert.equal(result.code, 3);
      assert.match(result.stderr, /could not connect to .*tm_no_such_database: database "tm_no_such_database" does not exist/);
    } finally {
      await project.dispose();
    }
  });

  it('a bad config key exits 2 naming the key and the file', async () => {
    const project = await createProject({ config: { database: 'pglite:memory', lockTimout: '5s', lockRetries: 'three' } });
    try {
      const result = await runCli(['status'], { cwd: project.dir });
      assert.equal(result.code, 2);
      assert.match(result.stderr, /^error: tidemark\.config\.json: .*unknown key "lockTimout"/);
      assert.match(result.stderr, /lockRetries: /);
      oneLine(result.stderr);
    } finally {
      await project.dispose();
    }
  });

  it('a TypeScript config that does not compile exits 2; --verbose adds the stack', async () => {
    const project = await createProject();
    try {
      await fs.writeFile(path.join(project.dir, 'tidemark.config.ts'), 'export default { database: ');
      const plain = await runCli(['status'], { cwd: project.dir });
      assert.equal(plain.code, 2);
      assert.match(plain.stderr, /^error: tidemark\.config\.ts: could not load: /);
      oneLine(plain.stderr);
      const verbose = await runCli(['status', '--verbose'], { cwd: project.dir });
      assert.equal(verbose.code, 2);
      assert.match(verbose.stderr, /\n\s+at /, 'stack trace with --verbose');
    } finally {
      await project.dispose();
    }
  });

  it('unknown commands and options exit 2; --help exits 0', async () => {
    const project = await createProject();
    try {
      assert.equal((await runCli(['migrat'], { cwd: project.dir })).code, 2);
      assert.equal((await runCli(['migrate', '--bogus'], { cwd: project.dir })).code, 2);
      assert.equal((await runCli(['down', '--steps', 'two', '-d', 'pglite:memory'], { cwd: project.dir })).code, 2);
      const help = await runCli(['--help'], { cwd: project.dir });
      assert.equal(help.code, 0);
      assert.match(help.stdout, /migrate/);
    } finally {
      await project.dispose();
    }
  });

  it('--json errors are a JSON document on stdout too', async () => {
    const project = await createProject({ config: { nope: 1 } });
    try {
      const result = await runCli(['status', '--json'], { cwd: project.dir });
      assert.equal(result.code, 2);
      assert.deepEqual(Object.keys(JSON.parse(result.stdout).error), ['code', 'message', 'exitCode']);
      assert.equal(JSON.parse(result.stdout).error.code, 'E_CONFIG');
    } finally {
      await project.dispose();
    }
  });
});

for (const target of targets) {
  describe(`bad migration files leave the database as it was [${target.name}]`, () => {
    it('a misnamed migration file exits 2 and touches nothing', () =>
      withScenario(target, { migrations: { '1_a.sql': 'create table a (id int);', 'add-b.sql': 'create table b (id int);' } }, async ({ db, cli }) => {
        const before = await catalogSnapshot(db.url);
        const result = await cli('migrate');
        assert.equal(result.code, 2);
        assert.match(result.stderr, /^error: migrations\/add-b\.sql: migration file names must look like <version>_<name>\.sql/);
        assert.deepEqual(await catalogSnapshot(db.url), before);
      }));

    it('a missing migrations directory exits 2 and says how to create it', () =>
      withScenario(target, { config: { migrations: 'db/migrations' } }, async ({ cli }) => {
        const result = await cli('migrate');
        assert.equal(result.code, 2);
        assert.match(result.stderr, /^error: migrations directory db\/migrations does not exist \(run "tidemark init"\)/);
      }));
  });
}
