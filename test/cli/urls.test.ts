import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { SERVER_URL, postgresTarget, withAdmin } from '../support/databases.js';
import { createProject } from '../support/project.js';
import { runCli } from '../support/cli.js';

/**
 * Passwords that a redaction splitting at the first `@`, `:` or `/` prints part of; each piece is
 * distinctive enough that finding it anywhere in the output means it leaked.
 */
const PASSWORDS: readonly { password: string; pieces: readonly string[] }[] = [
  { password: 'Sup3r@S3cretPW', pieces: ['Sup3r', 'S3cretPW'] },
  { password: 'k3yX:v4lueY', pieces: ['k3yX', 'v4lueY'] },
  { password: 'sl4shX/p4thY', pieces: ['sl4shX', 'p4thY'] },
  { password: 'p3rc%40ntZ', pieces: ['p3rc', 'ntZ', '%40ntZ'] },
];

/** Each way a URL gets printed: one that does not parse (exit 2), a server that is not there (exit 3). */
const FAILURES = [
  { name: 'a bad port', hostPart: '127.0.0.1:99999/app', code: 2, says: /invalid database URL/ },
  { name: 'an unreachable server', hostPart: '127.0.0.1:1/app', code: 3, says: /could not connect to|invalid database URL/ },
];

describe('a password is never printed, whatever it holds', () => {
  for (const failure of FAILURES) {
    it(`${failure.name}: text, --json and --verbose show user:***@host and none of the password`, async () => {
      const project = await createProject();
      try {
        for (const { password, pieces } of PASSWORDS) {
          const url = `postgres://app:${password}@${failure.hostPart}`;
          // A raw "/" ends the authority for every URL parser: that URL does not parse at all.
          const code = password.includes('/') ? 2 : failure.code;
          for (const mode of [[], ['--json'], ['--verbose']]) {
            const result = await runCli(['status', '--database', url, ...mode], { cwd: project.dir });
            const printed = result.stdout + result.stderr;
            assert.equal(result.code, code, `${url} ${mode.join(' ')}:\n${printed}`);
            assert.match(result.stderr, failure.says);
            assert.ok(printed.includes(`postgres://app:***@${failure.hostPart}`), `redacted URL shown for ${url}:\n${printed}`);
            for (const piece of pieces) assert.ok(!printed.includes(piece), `"${piece}" of ${password} leaked with ${mode.join(' ')}:\n${printed}`);
            if (mode.length === 0) assert.equal(result.stderr.trim().split('\n').length, 1, printed);
            if (mode[0] === '--json') assert.equal((JSON.parse(result.stdout) as { error: { exitCode: number } }).error.exitCode, code);
          }
        }
      } finally {
        await project.dispose();
      }
    });
  }
});

describe('a mistyped source URL', () => {
  it('diff --from names it with its password hidden', async () => {
    const project = await createProject();
    try {
      const result = await runCli(['diff', '--from', 'POSTGRES://app:Sup3r@S3cretPW@db/x', '--to', 'migrations:migrations'], { cwd: project.dir });
      assert.equal(result.code, 2, result.stderr);
      assert.equal(result.stderr, 'error: unknown source "POSTGRES://app:***@db/x": expected a database URL, dir:<path>, migrations:<path> or reference:<file.md>\n');
    } finally {
      await project.dispose();
    }
  });
});

/** The server's socket directory, when it has one this process can reach. */
async function socketDirectory(): Promise<{ dir: string; port: string } | undefined> {
  const { rows } = await withAdmin((c) => c.query<{ dirs: string; port: string }>("SELECT current_setting('unix_socket_directories') AS dirs, current_setting('port') AS port"));
  const port = rows[0]!.port;
  for (const dir of rows[0]!.dirs.split(',').map((d) => d.trim())) {
    if (!dir.startsWith('/')) continue;
    if (await fs.stat(path.join(dir, `.s.PGSQL.${port}`)).then(() => true, () => false)) return { dir, port };
  }
  return undefined;
}

describe('libpq socket URLs (server only: PGlite has no socket)', () => {
  it('postgresql://u:pw@/db?host=<dir> and postgres:///db?host=<dir> migrate, report and create/drop a database over the socket', async (t) => {
    const socket = await socketDirectory();
    if (!socket) return t.skip(`the server at ${new URL(SERVER_URL).host} has no Unix socket this process can reach`);
    const user = decodeURIComponent(new URL(SERVER_URL).username || 'postgres');
    const created = await postgresTarget.create();
    const name = new URL(created.url).pathname.slice(1);
    const project = await createProject({ migrations: { '001_socket.sql': '-- migrate:up\nCREATE TABLE over_socket (id int);\n-- migrate:down\nDROP TABLE over_socket;\n' } });
    const extra = `${name}_extra`;
    try {
      const host = encodeURIComponent(socket.dir);
      const withCredentials = `postgresql://${user}:Sup3r@S3cretPW@/${name}?host=${host}&port=${socket.port}`;
      const migrated = await runCli(['migrate', '--database', withCredentials], { cwd: project.dir });
      assert.equal(migrated.code, 0, migrated.stderr);
      assert.ok(!(migrated.stdout + migrated.stderr).includes('S3cretPW'));

      const bare = `postgres:///${name}?host=${host}&port=${socket.port}&user=${user}`;
      const status = await runCli(['status', '--json', '--database', bare], { cwd: project.dir });
      assert.equal(status.code, 0, status.stderr);
      assert.equal((JSON.parse(status.stdout) as { database: string }).database, bare);
      const { rows } = await withAdmin((c) => c.query(`SELECT 1 FROM pg_catalog.pg_class WHERE relname = 'over_socket'`));
      assert.equal(rows.length, 0, 'the admin database is not the one migrated');
      const table = await runCli(['inspect', '--json', '--database', bare], { cwd: project.dir });
      assert.equal(table.code, 0, table.stderr);
      assert.match(table.stdout, /over_socket/);

      // db create / db drop name the maintenance database through the same host-less URL; a socket is local.
      const other = `postgresql://${user}:pw@/${extra}?host=${host}&port=${socket.port}`;
      const create = await runCli(['db', 'create', '--database', other], { cwd: project.dir });
      assert.equal(create.code, 0, create.stderr);
      assert.equal((await withAdmin((c) => c.query('SELECT 1 FROM pg_catalog.pg_database WHERE datname = $1', [extra]))).rows.length, 1);
      const drop = await runCli(['db', 'drop', '--database', other], { cwd: project.dir });
      assert.equal(drop.code, 0, drop.stderr);
      assert.equal((await withAdmin((c) => c.query('SELECT 1 FROM pg_catalog.pg_database WHERE datname = $1', [extra]))).rows.length, 0);
    } finally {
      await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${extra} WITH (FORCE)`));
      await project.dispose();
      await created.dispose();
    }
  });
});

describe('sslmode on the server (case 9)', () => {
  it('require, prefer and disable connect or fail in one line, never with node-postgres\'s security warning', async () => {
    const created = await postgresTarget.create();
    const project = await createProject();
    try {
      const { rows } = await withAdmin((c) => c.query<{ ssl: string }>('SHOW ssl'));
      const serverSsl = rows[0]!.ssl === 'on';
      for (const mode of ['require', 'prefer', 'allow', 'disable']) {
        const result = await runCli(['status', '--database', `${created.url}?sslmode=${mode}`], { cwd: project.dir });
        assert.ok(!/SECURITY WARNING|Warning:/.test(result.stderr), `${mode}:\n${result.stderr}`);
        if (mode === 'require' && !serverSsl) {
          assert.equal(result.code, 3, result.stderr);
          assert.match(result.stderr, /^error: could not connect to .*sslmode=require: The server does not support SSL connections\n$/);
        } else {
          assert.equal(result.code, 0, `${mode}:\n${result.stderr}`);
        }
      }
    } finally {
      await project.dispose();
      await created.dispose();
    }
  });
});
