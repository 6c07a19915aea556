import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { introspect, writeSchemaSql, diffModels, planChanges, compareModels, formatDifferences, openTidemark, UsageError } from '../../src/index.js';
import { SERVER_URL, targets, type DatabaseTarget, withDriver } from '../support/databases.js';
import { converge, convergesBothWays, loaded } from '../support/converge.js';
import { dumpSchema, assertSameDump } from '../support/pg-dump.js';
import { createProject, FIXTURES } from '../support/project.js';

const CASES = ['schema-table', 'column', 'sequence', 'function', 'type', 'view', 'default-privileges', 'recreated-view'];
const ROLES = ['reader', 'writer', 'owner'];

async function fixture(name: string, side: 'a' | 'b'): Promise<string> {
  return fs.readFile(path.join(FIXTURES, 'kinds', 'privileges', name, `${side}.sql`), 'utf8');
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * withRoles gives the fixtures' roles (tm_role_reader…) names of their own for one test. Roles on
 * the server are cluster-wide: created once and dropped afterwards. A PGlite database is a cluster
 * of its own, so there each script creates them first.
 */
async function withRoles(
  target: DatabaseTarget,
  work: (sql: (text: string) => string, role: (name: string) => string, setup: (text: string) => string) => Promise<void>,
): Promise<void> {
  const prefix = `tm_role_${randomBytes(4).toString('hex')}_`;
  const role = (name: string) => `${prefix}${name}`;
  const create = ROLES.map((r) => `CREATE ROLE ${role(r)};`).join('\n');
  const rename = (text: string) => text.replaceAll('tm_role_', prefix);
  if (target.name === 'postgres') {
    await admin(create);
    try {
      await work(rename, role, (text) => text);
    } finally {
      await admin(ROLES.map((r) => `DROP ROLE IF EXISTS ${role(r)};`).join('\n'));
    }
  } else {
    await work((text) => `${create}\n${rename(text)}`, role, (text) => `${create}\n${text}`);
  }
}

for (const target of targets) {
  describe(`privileges converge both ways [${target.name}]`, () => {
    for (const name of CASES) {
      it(name, async () => {
        await withRoles(target, async (sql) => {
          const [a, b] = [sql(await fixture(name, 'a')), sql(await fixture(name, 'b'))];
          await convergesBothWays(target, a, b);
        });
      });
    }

    it('a recreated view gets its grants back: the plan grants again after creating it', async () => {
      await withRoles(target, async (sql, role) => {
        const db = await target.create();
        try {
          const [a, b] = [await loaded(db.url, sql(await fixture('recreated-view', 'a'))), await target.create()];
          try {
            const { model: to } = await loaded(b.url, sql(await fixture('recreated-view', 'b')));
            const plan = await planChanges(diffModels(a.model, to), a.model, to);
            const up = plan.up.map((s) => s.sql);
            const create = up.findIndex((s) => s.startsWith('CREATE VIEW public.recent'));
            const grant = up.indexOf(`GRANT SELECT ON TABLE public.recent TO ${role('reader')};`);
            assert.ok(create >= 0 && grant > create, up.join('\n'));
            assert.ok(up.includes(`GRANT SELECT (kind) ON TABLE public.kinds TO ${role('reader')};`), up.join('\n'));
          } finally {
            await b.dispose();
          }
        } finally {
          await db.dispose();
        }
      });
    });

    it('owners on: the model holds them and plans set them (ALTER … OWNER TO), both ways', async () => {
      await withRoles(target, async (sql, role) => {
        const [a, b] = [sql(await fixture('owners', 'a')), sql(await fixture('owners', 'b'))];
        await convergesBothWays(target, a, b, { owners: true });
        const db = await target.create();
        try {
          const { model } = await loaded(db.url, b, { owners: true });
          assert.deepEqual(
            model.owners.filter((o) => o.on.object !== 'schema' || o.on.name === 'app').map((o) => [o.on.object, o.on.name, o.owner]),
            [
              ['enum', 'state', role('owner')],
              ['function', 'one', role('writer')],
              ['schema', 'app', role('writer')],
              ['sequence', 'numbers', role('owner')],
              ['table', 'orders', role('writer')],
              ['view', 'big', role('owner')],
            ],
          );
          const script = await writeSchemaSql(model);
          assert.match(script, new RegExp(`ALTER SEQUENCE app\\.numbers OWNER TO ${role('owner')};`));
          assert.doesNotMatch(script, /ALTER SEQUENCE app\.orders_id_seq OWNER/, 'a serial sequence follows its table');
        } finally {
          await db.dispose();
        }
      });
    });

    it('owners off (the default): the model holds none, plans print none, and pg_dump without owners agrees', async () => {
      await withRoles(target, async (sql) => {
        const [a, b] = [sql(await fixture('owners', 'a')), sql(await fixture('owners', 'b'))];
        await converge(target, a, b);
        const [dbA, dbB] = [await target.create(), await target.create()];
        try {
          const [from, to] = [(await loaded(dbA.url, a)).model, (await loaded(dbB.url, b)).model];
          assert.deepEqual([from.owners, to.owners], [[], []]);
          const plan = await planChanges(diffModels(from, to), from, to);
          assert.ok(plan.up.length > 0, 'the view still differs');
          assert.ok(![...plan.up, ...plan.down].some((s) => / OWNER TO /.test(s.sql)), plan.up.map((s) => s.sql).join('\n'));
        } finally {
          await dbA.dispose();
          await dbB.dispose();
        }
      });
    });

    it('inspect round trip: every fixture B as SQL loads into an empty database with the same pg_dump', async () => {
      await withRoles(target, async (sql, _, setup) => {
        const parts = await Promise.all(['schema-table', 'column', 'sequence', 'function', 'type', 'view', 'default-privileges'].map((n) => fixture(n, 'b')));
        // Each fixture creates schema app; one is enough.
        const text = parts.map((p, i) => (i === 0 ? p : p.replaceAll('CREATE SCHEMA app;', ''))).join('\n');
        const [dbA, dbB] = [await target.create(), await target.create()];
        try {
          const [a, dumpA] = await withDriver(dbA.url, async (db) => {
            await db.runScript(sql(text));
            return [await introspect(db), await dumpSchema(dbA.url, { open: db })] as const;
          });
          assert.ok(a.privileges.length >= 20 && a.defaultPrivileges.length >= 5, JSON.stringify(a.privileges.length));
          const script = await writeSchemaSql(a);
          const [b, dumpB] = await withDriver(dbB.url, async (db) => {
            await db.runScript(setup(script));
            return [await introspect(db), await dumpSchema(dbB.url, { open: db })] as const;
          });
          const differences = compareModels(a, b);
          assert.equal(differences.length, 0, formatDifferences(differences));
          assertSameDump(dumpA, dumpB, 'the database loaded from the inspected SQL differs from the original', 'original', 'round trip');
        } finally {
          await dbA.dispose();
          await dbB.dispose();
        }
      });
    });
  });
}

describe('roles for shadow databases', () => {
  const schemaWith = async (text: string) => {
    const project = await createProject();
    await fs.mkdir(path.join(project.dir, 'schema'));
    await fs.writeFile(path.join(project.dir, 'schema', 'a.sql'), text);
    return project;
  };
  const ghost = `tm_role_${randomBytes(4).toString('hex')}_ghost`;
  const schema = `CREATE TABLE public.t (id bigint);\nGRANT SELECT ON public.t TO ${ghost};\n`;

  it('a role that exists nowhere is one usage error naming it', async () => {
    const project = await schemaWith(schema);
    try {
      const tm = await openTidemark({ cwd: project.dir, config: {} });
      try {
        await assert.rejects(tm.model('dir:schema'), (e: unknown) => {
          assert.ok(e instanceof UsageError, String(e));
          assert.equal(e.exitCode, 2);
          assert.equal(e.message, `role "${ghost}" does not exist: add it to config roles (schema/a.sql:2:1)`);
          return true;
        });
      } finally {
        await tm.close();
      }
    } finally {
      await project.dispose();
    }
  });

  it('config roles are created in the shadow, and the grant is in the model', async () => {
    const project = await schemaWith(schema);
    try {
      const tm = await openTidemark({ cwd: project.dir, config: { roles: [ghost] } });
      try {
        const model = await tm.model('dir:schema');
        assert.deepEqual(model.privileges.map((p) => [p.on.object, p.grantee, p.privileges]), [['table', ghost, [{ privilege: 'SELECT', grantable: false }]]]);
      } finally {
        await tm.close();
      }
    } finally {
      await project.dispose();
    }
  });

  it("the configured database's roles are used when config roles lack one", async () => {
    const project = await schemaWith(schema);
    try {
      const url = `pglite:${path.join(project.dir, 'live')}`;
      await withDriver(url, (db) => db.runScript(`CREATE ROLE ${ghost};`));
      const tm = await openTidemark({ cwd: project.dir, config: { database: url } });
      try {
        const model = await tm.model('migrations:migrations');
        assert.deepEqual(model.privileges, []);
        await fs.writeFile(path.join(project.dir, 'migrations', '001_grant.sql'), `-- migrate:up\n${schema}\n-- migrate:down\nDROP TABLE public.t;\n`);
        const replayed = await tm.model('migrations:migrations');
        assert.deepEqual(replayed.privileges.map((p) => p.grantee), [ghost]);
      } finally {
        await tm.close();
      }
    } finally {
      await project.dispose();
    }
  });
});
