import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, validateConfig, ConfigError, TidemarkError, parseDatabaseUrl, redactUrl } from '../../src/index.js';
import { parseDuration } from '../../src/config/duration.js';

async function tempDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'tm-config-'));
}

describe('config', () => {
  it('names every bad key at once', () => {
    assert.throws(
      () => validateConfig({ migrationz: 'x', lockTimeout: 'ten seconds', lockRetries: -1 }, 'tidemark.config.json'),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.equal(error.exitCode, 2);
        assert.match(error.message, /^tidemark\.config\.json: /);
        assert.ok(error.issues.some((i) => i === 'unknown key "migrationz"'));
        assert.ok(error.issues.some((i) => i.startsWith('lockTimeout: expected a duration')));
        assert.ok(error.issues.some((i) => i.startsWith('lockRetries:')));
        return true;
      },
    );
  });

  it('fills defaults and converts durations', () => {
    const config = validateConfig({ lockTimeout: '2s', statementTimeout: '1min' });
    assert.equal(config.lockTimeout, 2000);
    assert.equal(config.statementTimeout, 60_000);
    assert.equal(config.migrations, 'migrations');
    assert.equal(config.controlSchema, 'tidemark');
    assert.equal(parseDuration('250ms'), 250);
    assert.equal(parseDuration('1.5s'), 1500);
    assert.equal(parseDuration('soon'), undefined);
  });

  it('postgresVersion: a major version from 13, unset by default', () => {
    assert.equal(validateConfig({}).postgresVersion, undefined);
    assert.equal(validateConfig({ postgresVersion: 15 }).postgresVersion, 15);
    for (const bad of [12, 15.2, '15']) {
      assert.throws(() => validateConfig({ postgresVersion: bad }, 'tidemark.config.json'), (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.ok(error.issues.some((i) => i.startsWith('postgresVersion:')), error.issues.join('; '));
        return true;
      });
    }
  });

  it('docs and validate: defaults, and nested keys named in errors', () => {
    const config = validateConfig({});
    assert.deepEqual(config.docs, { out: 'docs/DATABASE.md', title: 'Database Reference', rowCounts: true, history: true });
    assert.deepEqual(config.validate.requiredTables, []);
    assert.throws(
      () => validateConfig({ docs: { outt: 'x' }, validate: { requiredIndexes: [{ table: 'users' }], requiredForeignKeys: [{ table: 't', columns: ['a'], references: 'u', onDelete: 'explode' }] } }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.ok(error.issues.includes('unknown key "docs.outt"'), error.message);
        assert.ok(error.issues.some((i) => i.startsWith('validate.requiredIndexes.0')), error.message);
        assert.ok(error.issues.some((i) => i.startsWith('validate.requiredForeignKeys.0.onDelete')), error.message);
        return true;
      },
    );
  });

  it('finds the config upward, loads .ts without a build step, and resolves paths against it', async () => {
    const root = await tempDir();
    try {
      await fs.writeFile(path.join(root, 'tidemark.config.ts'), "const dir: string = 'db/migrations';\nexport default { migrations: dir, database: 'pglite:.data' };\n");
      const nested = path.join(root, 'src', 'deep');
      await fs.mkdir(nested, { recursive: true });
      const resolved = await loadConfig({ cwd: nested, env: {} });
      assert.equal(resolved.file, path.join(root, 'tidemark.config.ts'));
      assert.equal(resolved.migrationsDir, path.join(root, 'db', 'migrations'));
      assert.equal(resolved.databaseUrl, 'pglite:.data');
      assert.equal(resolved.databaseSource, 'config');
    } finally {
      await fs.rm(root, { recursive: true });
    }
  });

  it("loads a .ts config that imports defineConfig from 'tidemark' where Tidemark is not installed", async () => {
    const root = await tempDir();
    try {
      await fs.writeFile(
        path.join(root, 'tidemark.config.ts'),
        "import { defineConfig } from 'tidemark';\nexport default defineConfig({ migrations: 'db', lockTimeout: '3s' });\n",
      );
      const resolved = await loadConfig({ cwd: root, env: {} });
      assert.equal(resolved.migrationsDir, path.join(root, 'db'));
      assert.equal(resolved.config.lockTimeout, 3000);
    } finally {
      await fs.rm(root, { recursive: true });
    }
  });

  it('resolves the database: flag > DATABASE_URL > .env > config > default', async () => {
    const root = await tempDir();
    try {
      assert.equal((await loadConfig({ cwd: root, env: {} })).databaseUrl, 'pglite:.tidemark/dev');
      await fs.writeFile(path.join(root, 'tidemark.config.json'), JSON.stringify({ database: 'pglite:from-config' }));
      assert.equal((await loadConfig({ cwd: root, env: {} })).databaseUrl, 'pglite:from-config');
      await fs.writeFile(path.join(root, '.env'), 'OTHER=1\nDATABASE_URL=pglite:from-dotenv\n');
      assert.equal((await loadConfig({ cwd: root, env: {} })).databaseUrl, 'pglite:from-dotenv');
      assert.equal((await loadConfig({ cwd: root, env: { DATABASE_URL: 'pglite:from-env' } })).databaseUrl, 'pglite:from-env');
      assert.equal((await loadConfig({ cwd: root, env: { DATABASE_URL: 'pglite:from-env' }, database: 'pglite:from-flag' })).databaseUrl, 'pglite:from-flag');
    } finally {
      await fs.rm(root, { recursive: true });
    }
  });

  it('resolves the dev database: flag > config devDatabase > none (PGlite shadows); only a server URL, password redacted', async () => {
    assert.equal((await loadConfig({ config: {}, env: {} })).devDatabase, undefined);
    assert.equal((await loadConfig({ config: { devDatabase: 'postgres://dev@host/a' }, env: {} })).devDatabase, 'postgres://dev@host/a');
    assert.equal((await loadConfig({ config: { devDatabase: 'postgres://dev@host/a' }, devDatabase: 'postgresql://dev@other/b', env: {} })).devDatabase, 'postgresql://dev@other/b');
    for (const bad of ['pglite:memory', 'mysql://dev:s3cret@host/a']) {
      await assert.rejects(loadConfig({ config: { devDatabase: bad }, env: {} }), (e: unknown) => {
        assert.ok(e instanceof TidemarkError && e.exitCode === 2, String(e));
        assert.match(e.message, /^invalid dev database \S+: expected a postgres:\/\/ or postgresql:\/\/ URL/);
        assert.doesNotMatch(e.message, /s3cret/);
        return true;
      });
    }
  });

  it('reports a config file that does not load, naming the file', async () => {
    const root = await tempDir();
    try {
      await fs.writeFile(path.join(root, 'tidemark.config.json'), '{ "database": ');
      await assert.rejects(loadConfig({ cwd: root, env: {} }), (e: unknown) => e instanceof ConfigError && /tidemark\.config\.json: could not load/.test(e.message));
    } finally {
      await fs.rm(root, { recursive: true });
    }
  });
});

describe('database URLs', () => {
  it('parses the supported kinds and rejects others', () => {
    assert.deepEqual(parseDatabaseUrl('pglite:memory', '/x'), { kind: 'pglite', dataDir: undefined, url: 'pglite:memory' });
    assert.equal((parseDatabaseUrl('pglite:data/db', '/x') as { dataDir: string }).dataDir, '/x/data/db');
    assert.equal(parseDatabaseUrl('postgresql://u@h/db', '/x').kind, 'postgres');
    assert.throws(() => parseDatabaseUrl('mysql://root:hunter2@h/db', '/x'), (e: Error) => /invalid database URL mysql:\/\/root:\*\*\*@h\/db/.test(e.message) && !e.message.includes('hunter2'));
  });

  it('redacts passwords, also in secret-looking query parameters and unparseable text', () => {
    assert.equal(redactUrl('postgres://app:s3cret@db:5432/prod'), 'postgres://app:***@db:5432/prod');
    assert.equal(redactUrl('postgres://db/prod?password=s3cret&sslmode=require'), 'postgres://db/prod?password=***&sslmode=require');
    assert.ok(!redactUrl('postgres://u:p@ss w0rd@host/db').includes('w0rd'));
  });
});
