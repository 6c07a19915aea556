import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, SumMismatchError, UsageError, compareSum, isLocalDatabase, loadConfig, readMigrationDir, refuseUnlessDisposable, sumText, validateConfig } from '../../src/index.js';
import { assertSum } from '../../src/migrations/sum.js';

const MIGRATION = (table: string) => `-- migrate:up\nCREATE TABLE ${table} (id int);\n-- migrate:down\nDROP TABLE ${table};\n`;

async function tempProject(files: Record<string, string>): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tm-lifecycle-'));
  await fs.mkdir(path.join(dir, 'migrations'));
  for (const [name, text] of Object.entries(files)) await fs.writeFile(path.join(dir, name), text);
  return dir;
}

describe('tidemark.sum', () => {
  it('lists every file, catches an added, an edited and a removed file and a damaged sum, and ignores line endings', async () => {
    const dir = await tempProject({ 'migrations/001_a.sql': MIGRATION('a'), 'migrations/002_b.sql': MIGRATION('b') });
    try {
      const migrations = path.join(dir, 'migrations');
      const files = await readMigrationDir(migrations, dir);
      const text = sumText(files);
      const lines = text.trimEnd().split('\n');
      assert.equal(lines.length, 3);
      assert.match(lines[0]!, /^h1:[A-Za-z0-9+/=]{44}$/);
      assert.deepEqual(lines.slice(1).map((l) => l.split(' ')[0]), ['001_a.sql', '002_b.sql']);
      assert.deepEqual(compareSum(text, files), []);

      // A checkout with CRLF line endings has the same sum.
      await fs.writeFile(path.join(migrations, '002_b.sql'), MIGRATION('b').replace(/\n/g, '\r\n'));
      assert.deepEqual(compareSum(text, await readMigrationDir(migrations, dir)), []);

      // Another branch's migration, an edit and a removal, all named.
      await fs.writeFile(path.join(migrations, '003_c.sql'), MIGRATION('c'));
      await fs.writeFile(path.join(migrations, '001_a.sql'), MIGRATION('a2'));
      await fs.rm(path.join(migrations, '002_b.sql'));
      const changed = await readMigrationDir(migrations, dir);
      assert.deepEqual(compareSum(text, changed).sort(), ['added 003_c.sql', 'changed 001_a.sql', 'removed 002_b.sql']);

      // A merge that kept both branches' lines without resolving the total, and conflict markers.
      const merged = `${text}${sumText(changed).split('\n')[1]}\n`;
      assert.ok(compareSum(merged, files).some((p) => /total hash does not match/.test(p)));
      assert.match(compareSum(`<<<<<<< HEAD\n${text}=======\n>>>>>>> other\n`, files)[0]!, /damaged/);

      // assertSum: one line, exit 2, says what happened and what to run; without a sum nothing is checked.
      await assertSum(migrations, changed, dir);
      await fs.writeFile(path.join(migrations, 'tidemark.sum'), text);
      await assert.rejects(assertSum(migrations, changed, dir), (error: unknown) => {
        assert.ok(error instanceof SumMismatchError);
        assert.equal(error.exitCode, 2);
        assert.doesNotMatch(error.message, /\n/);
        assert.match(error.message, /^migrations\/tidemark\.sum does not match the migrations \(.*added 003_c\.sql.*\): two branches added migrations.*run "tidemark sum"/);
        return true;
      });
      await assertSum(migrations, files, dir);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe('environments', () => {
  const config = { database: 'pglite:dev', migrations: 'db', environments: { dev: {}, prod: { database: 'postgres://app@db.example.com/app', lockTimeout: '2s' } } };

  it('the chosen environment overrides keys, beats DATABASE_URL, and comes from --env or TIDEMARK_ENV', async () => {
    const dir = await tempProject({ 'tidemark.config.json': JSON.stringify(config) });
    try {
      const prod = await loadConfig({ cwd: dir, environment: 'prod', env: { DATABASE_URL: 'pglite:other' } });
      assert.equal(prod.environment, 'prod');
      assert.equal(prod.databaseUrl, 'postgres://app@db.example.com/app');
      assert.equal(prod.databaseSource, 'environment');
      assert.equal(prod.config.lockTimeout, 2000);
      assert.equal(prod.config.migrations, 'db', 'keys the environment does not set are the base config');
      const viaEnv = await loadConfig({ cwd: dir, env: { TIDEMARK_ENV: 'prod' } });
      assert.equal(viaEnv.databaseUrl, 'postgres://app@db.example.com/app');
      assert.equal((await loadConfig({ cwd: dir, environment: 'dev', env: { TIDEMARK_ENV: 'prod' } })).databaseUrl, 'pglite:dev', '--env beats TIDEMARK_ENV');
      assert.equal((await loadConfig({ cwd: dir, environment: 'prod', database: 'pglite:flag', env: {} })).databaseUrl, 'pglite:flag', '--database beats everything');
      const none = await loadConfig({ cwd: dir, env: {} });
      assert.equal(none.environment, undefined);
      assert.equal(none.databaseUrl, 'pglite:dev');

      await assert.rejects(loadConfig({ cwd: dir, environment: 'staging', env: {} }), (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.equal(error.message, 'tidemark.config.json: environments.staging: no such environment (config defines dev, prod)');
        return true;
      });
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('checks every environment, naming its key, and refuses an environment whose database is unset', async () => {
    assert.throws(
      () => validateConfig({ environments: { staging: { lockTimeout: 'soon', databse: 'x' }, dev: {} } }, 'tidemark.config.json'),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.ok(error.issues.includes('unknown key "environments.staging.databse"'), error.message);
        assert.ok(error.issues.some((i) => i.startsWith('environments.staging.lockTimeout: expected a duration')), error.message);
        return true;
      },
    );
    assert.throws(() => validateConfig({ environments: { 'Prod!': {} } }), /environments\.Prod!/);
    assert.throws(() => validateConfig({ environments: { dev: { environments: {} } } }), /environments\.dev\.environments: an environment cannot define environments/);
    const dir = await tempProject({ 'tidemark.config.json': JSON.stringify({ environments: { prod: { database: '' } } }) });
    try {
      await assert.rejects(loadConfig({ cwd: dir, environment: 'prod', env: { DATABASE_URL: 'pglite:dev' } }), /environments\.prod\.database/);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe('what reset and db drop refuse', () => {
  it('local means PGlite, the loopback address or a socket; anything else, or an environment other than dev, needs --force', async () => {
    for (const url of ['pglite:memory', 'pglite:.tidemark/dev', 'postgres://u@127.0.0.1:5432/x', 'postgres://u@localhost/x', 'postgresql://u@[::1]/x', 'postgres:///x?host=/var/run/postgresql']) {
      assert.equal(isLocalDatabase(url, '/app', {}), true, url);
    }
    for (const url of ['postgres://u@db.example.com/x', 'postgres://u@10.0.0.5/x']) assert.equal(isLocalDatabase(url, '/app', {}), false, url);
    assert.equal(isLocalDatabase('postgres:///x', '/app', { PGHOST: 'db.example.com' }), false, 'PGHOST is where a host-less URL goes');
    assert.equal(isLocalDatabase('postgres:///x', '/app', {}), true);

    const project = (databaseUrl: string, environment?: string) => ({ ...({} as Awaited<ReturnType<typeof loadConfig>>), databaseUrl, environment, root: '/app' });
    assert.throws(() => refuseUnlessDisposable(project('postgres://u:secret@db.example.com/x'), 'reset', false), (error: unknown) => {
      assert.ok(error instanceof UsageError);
      assert.equal(error.message, 'reset: refusing postgres://u:***@db.example.com/x, which is not local (127.0.0.1, localhost, a socket or PGlite); pass --force if you mean it');
      return true;
    });
    assert.throws(() => refuseUnlessDisposable(project('pglite:dev', 'staging'), 'db drop', false), /^UsageError: db drop: refusing environment "staging"/);
    refuseUnlessDisposable(project('pglite:dev', 'dev'), 'reset', false);
    refuseUnlessDisposable(project('postgres://u@db.example.com/x', 'prod'), 'reset', true);
  });
});
