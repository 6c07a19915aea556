import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { openDriver, introspect, UnsupportedObjectsError, ExitCode, type Driver, type IntrospectOptions } from '../../src/index.js';
import { targets, type DatabaseTarget, withAdmin } from '../support/databases.js';
import { FIXTURES, EXAMPLE, createProject } from '../support/project.js';
import { runCli } from '../support/cli.js';

// Roles are cluster-wide on the server: each run makes its own and drops it at the end.
const ROLE = `tm_audit_${process.pid}_${randomBytes(3).toString('hex')}`;
let serverRoleMade = false;

async function ensureRole(target: DatabaseTarget): Promise<void> {
  if (target.name !== 'postgres' || serverRoleMade) return;
  await admin((c) => c.query(`CREATE ROLE ${ROLE}`));
  serverRoleMade = true;
}

const admin = withAdmin;

after(async () => {
  if (serverRoleMade) await admin((c) => c.query(`DROP ROLE IF EXISTS ${ROLE}`));
});

/** withDatabase loads `sql` into a fresh database of `target` and hands over a driver. */
async function withDatabase<T>(target: DatabaseTarget, sql: string, work: (db: Driver) => Promise<T>): Promise<T> {
  const created = await target.create();
  try {
    const db = await openDriver(created.url);
    try {
      // PGlite is one cluster per database, so its role is made inside it.
      if (target.name === 'pglite' && sql.includes(ROLE)) await db.runScript(`CREATE ROLE ${ROLE}`);
      await db.runScript(sql);
      return await work(db);
    } finally {
      await db.close();
    }
  } finally {
    await created.dispose();
  }
}

/** unsupportedIn introspects in both modes and checks they agree; returns the objects named. */
async function unsupportedIn(db: Driver, options: IntrospectOptions = {}): Promise<string[]> {
  const warnings: string[] = [];
  await introspect(db, { ...options, unsupported: 'warn', onWarning: (m) => warnings.push(m) });
  let thrown: unknown = null;
  await introspect(db, options).catch((e: unknown) => (thrown = e));
  if (warnings.length === 0) {
    assert.equal(thrown, null, 'error mode throws only when warn mode warns');
    return [];
  }
  assert.ok(thrown instanceof UnsupportedObjectsError, `expected UnsupportedObjectsError, got ${String(thrown)}`);
  assert.equal(thrown.exitCode, ExitCode.usage);
  assert.equal(thrown.code, 'E_UNSUPPORTED');
  const lines = thrown.message.split('\n');
  assert.match(lines[0]!, new RegExp(`^${thrown.objects.length} objects? Tidemark cannot represent yet \\(set unsupported: 'warn' to proceed\\):$`));
  assert.deepEqual(lines.slice(1), warnings, 'one line per object, the same in both modes');
  assert.ok(warnings.every((w) => w.startsWith('unsupported: ')));
  return warnings.map((w) => w.slice('unsupported: '.length));
}

const TABLE = 'CREATE TABLE public.t (id integer PRIMARY KEY, a text, b integer);';

/** One case per kind the model cannot hold: the SQL that makes it and exactly what must be named. */
const CASES: readonly { readonly name: string; readonly sql: string; readonly expected: readonly string[] }[] = [
  { name: 'operator', sql: 'CREATE OPERATOR public.=== (LEFTARG = integer, RIGHTARG = integer, FUNCTION = int4eq);', expected: ['operator public.===(integer,integer)'] },
  {
    name: 'cast',
    sql: `CREATE TYPE public.mood AS ENUM ('ok');
          CREATE FUNCTION public.mood_int(public.mood) RETURNS integer LANGUAGE sql AS 'SELECT 1';
          CREATE CAST (public.mood AS integer) WITH FUNCTION public.mood_int(public.mood);`,
    expected: ['cast (public.mood AS integer)'],
  },
  {
    name: 'foreign table',
    sql: `CREATE FOREIGN DATA WRAPPER tm_fdw; CREATE SERVER tm_server FOREIGN DATA WRAPPER tm_fdw;
          CREATE FOREIGN TABLE public.remote (id integer) SERVER tm_server;`,
    expected: ['foreign table public.remote', 'foreign-data wrapper tm_fdw', 'server tm_server'],
  },
  {
    // The model keeps triggers of tables only: one on a view was dropped silently before the audit.
    name: 'trigger on a view',
    sql: `${TABLE} CREATE VIEW public.v AS SELECT id FROM public.t;
          CREATE FUNCTION public.ins() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
          CREATE TRIGGER v_ins INSTEAD OF INSERT ON public.v FOR EACH ROW EXECUTE FUNCTION public.ins();`,
    expected: ['trigger v_ins on public.v'],
  },
];

async function fixture(name: string): Promise<string> {
  return fs.readFile(path.join(FIXTURES, 'catalog', name), 'utf8');
}

async function exampleSql(): Promise<string> {
  const dir = path.join(EXAMPLE, 'migrations');
  const files = (await fs.readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const ups = await Promise.all(files.map(async (f) => (await fs.readFile(path.join(dir, f), 'utf8')).split('-- migrate:down')[0]!.replace('-- migrate:up', '')));
  return ups.join('\n');
}

for (const target of targets) {
  describe(`introspection fails closed on what the model cannot hold [${target.name}]`, () => {
    for (const c of CASES) {
      it(c.name, async () => {
        await ensureRole(target);
        const named = await withDatabase(target, c.sql, (db) => unsupportedIn(db));
        assert.deepEqual(named, c.expected);
      });
    }

    it('privileges and default privileges are modelled, so nothing is reported', async () => {
      await ensureRole(target);
      const sql = `${TABLE} CREATE SCHEMA app; GRANT SELECT ON public.t TO ${ROLE}; GRANT UPDATE (a) ON public.t TO ${ROLE};
                   GRANT USAGE ON SCHEMA app TO ${ROLE}; CREATE TYPE public.mood AS ENUM ('ok');
                   CREATE FUNCTION public.f() RETURNS integer LANGUAGE sql AS 'SELECT 1';
                   REVOKE EXECUTE ON FUNCTION public.f() FROM PUBLIC; REVOKE USAGE ON TYPE public.mood FROM PUBLIC;
                   ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO ${ROLE};
                   ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;`;
      assert.deepEqual(await withDatabase(target, sql, (db) => unsupportedIn(db)), []);
    });

    it('privileges granted and revoked again are the defaults, so nothing is reported', async () => {
      await ensureRole(target);
      const sql = `${TABLE} CREATE SCHEMA app; GRANT SELECT ON public.t TO ${ROLE}; REVOKE SELECT ON public.t FROM ${ROLE};
                   GRANT USAGE ON SCHEMA app TO ${ROLE}; REVOKE USAGE ON SCHEMA app FROM ${ROLE};`;
      assert.deepEqual(await withDatabase(target, sql, (db) => unsupportedIn(db)), []);
    });

    it('database-wide objects count only when the whole database is introspected; the control schema never', async () => {
      const operator = (schema: string) => `CREATE OPERATOR ${schema}.=== (LEFTARG = integer, RIGHTARG = integer, FUNCTION = int4eq);`;
      const sql = `CREATE SCHEMA app; CREATE SCHEMA tidemark; ${operator('tidemark')}
                   CREATE FOREIGN DATA WRAPPER tm_fdw; ${operator('app')}`;
      await withDatabase(target, sql, async (db) => {
        assert.deepEqual(await unsupportedIn(db), ['foreign-data wrapper tm_fdw', 'operator app.===(integer,integer)']);
        assert.deepEqual(await unsupportedIn(db, { include: ['app'] }), ['operator app.===(integer,integer)']);
        assert.deepEqual(await unsupportedIn(db, { exclude: ['app'] }), ['foreign-data wrapper tm_fdw']);
      });
    });

    for (const name of ['everything.sql', 'extensions.sql', 'tricky-names.sql']) {
      it(`the ${name} fixture holds nothing the model cannot represent`, async () => {
        assert.deepEqual(await withDatabase(target, await fixture(name), (db) => unsupportedIn(db)), []);
      });
    }

    it('the example project holds nothing the model cannot represent', async () => {
      assert.deepEqual(await withDatabase(target, await exampleSql(), (db) => unsupportedIn(db)), []);
    });
  });
}

for (const target of targets) {
  describe(`the CLI and config 'unsupported' [${target.name}]`, () => {
    it('exits 2 listing each object; with unsupported: warn it proceeds and warns on stderr', async () => {
      const created = await target.create();
      const project = await createProject({ config: { database: created.url } });
      try {
        const db = await openDriver(created.url);
        await db.runScript(`${TABLE} CREATE OPERATOR public.=== (LEFTARG = integer, RIGHTARG = integer, FUNCTION = int4eq);`).finally(() => db.close());

        const refused = await runCli(['inspect', '--format', 'sql'], { cwd: project.dir });
        assert.equal(refused.code, 2);
        assert.equal(refused.stdout, '');
        assert.deepEqual(refused.stderr.trim().split('\n'), [
          "error: 1 object Tidemark cannot represent yet (set unsupported: 'warn' to proceed):",
          'unsupported: operator public.===(integer,integer)',
        ]);

        await project.write('../tidemark.config.json', JSON.stringify({ database: created.url, unsupported: 'warn' }));
        const warned = await runCli(['inspect', '--format', 'sql'], { cwd: project.dir });
        assert.equal(warned.code, 0, warned.stderr);
        assert.equal(warned.stderr, 'warning: unsupported: operator public.===(integer,integer)\n');
        assert.match(warned.stdout, /CREATE TABLE public\.t/);

        // A comparison that sees no difference does not claim a match it could not check.
        const diff = await runCli(['diff', '--from', created.url, '--to', created.url], { cwd: project.dir });
        assert.equal(diff.code, 0, diff.stderr);
        assert.equal(diff.stdout, '-- no changes — for the objects Tidemark models; 1 unsupported object(s) were not compared (see the warnings above).\n');
        assert.equal(diff.stderr, 'warning: unsupported: operator public.===(integer,integer)\n');
      } finally {
        await project.dispose();
        await created.dispose();
      }
    });
  });
}
