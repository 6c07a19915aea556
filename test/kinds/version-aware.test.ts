import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { openScratch, targets } from '../support/databases.js';
import { convergesBothWays, loadedFresh } from '../support/converge.js';
import { FIXTURES } from '../support/project.js';
import { openDriver, introspect, openTidemark } from '../../src/index.js';
import { createProject } from '../support/project.js';
import { diffModels } from '../../src/diff/diff.js';
import { planChanges } from '../../src/plan/plan.js';
import { applyStatements } from '../../src/plan/apply.js';
import { serverVersionNum } from '../../src/catalog/version.js';

/**
 * Column changes whose SQL depends on the server or on the rows in the table: generated
 * expressions (SET EXPRESSION from 17, drop and re-add before), columns becoming generated or an
 * identity, identity bounds the current value must fit. Every fixture holds rows, so a statement
 * that fails on a table with data fails here. Each pair converges both ways on each target for its
 * own version; on PGlite (17+) the generated-column pair is also planned for PostgreSQL 15.
 */
const CASES = path.join(FIXTURES, 'kinds', 'version-aware');
const cases = (await fs.readdir(CASES)).sort();
const read = (name: string, file: string) => fs.readFile(path.join(CASES, name, file), 'utf8');

/** upThen plans fixture A→B for the target's server, applies it to A and runs `check` on A. */
async function upThen(target: (typeof targets)[number], name: string, check: (query: (sql: string) => Promise<Record<string, unknown>[]>) => Promise<void>, serverVersion?: number) {
  const b = await loadedFresh(target, await read(name, 'b.sql'));
  const scratch = await openScratch(target);
  try {
    const db = scratch.db;
    await db.runScript(await read(name, 'a.sql'));
    const a = await introspect(db);
    const plan = await planChanges(diffModels(a, b.model), a, b.model, { serverVersion: serverVersion ?? (await serverVersionNum(db)) });
    await applyStatements(db, plan.up);
    await check(async (sql) => (await db.query<Record<string, unknown>>(sql)).rows);
  } finally {
    await scratch.dispose();
  }
}

for (const target of targets) {
  describe(`version-aware column changes [${target.name}]`, () => {
    for (const name of cases) {
      it(`${name}: converges both ways with rows in the tables; drop and inspect scripts`, async () => convergesBothWays(target, await read(name, 'a.sql'), await read(name, 'b.sql')));
    }

    if (target.name === 'pglite') {
      it('generated-expression: planned for PostgreSQL 15 (drop and re-add), converges both ways', async () =>
        convergesBothWays(target, await read('generated-expression', 'a.sql'), await read('generated-expression', 'b.sql'), { serverVersion: 150000 }));
    }

    for (const serverVersion of target.name === 'pglite' ? [undefined, 150000] : [undefined]) {
      it(`generated-expression: the rows hold the new expression's values${serverVersion ? ' (planned for 15)' : ''}`, async () =>
        upThen(target, 'generated-expression', async (query) => {
          assert.deepEqual((await query('SELECT id, total::text AS total FROM items ORDER BY id')).map((r) => [r['id'], r['total']]), [[1, '36.0'], [2, '240.0'], [3, '4.20']]);
          assert.deepEqual((await query('SELECT id FROM big_items ORDER BY id')).map((r) => r['id']), [2]);
        }, serverVersion));
    }

    it("diff plans for the database's own version, and for config postgresVersion from files", async () => {
      const db = await target.create();
      const sqlA = await read('generated-expression', 'a.sql');
      const sqlB = await read('generated-expression', 'b.sql');
      try {
        const live = await openDriver(db.url);
        await live.runScript(sqlA).finally(() => live.close());
        const newForm = /ALTER COLUMN total SET EXPRESSION AS/;
        const oldForm = /DROP COLUMN total;[\s\S]*ADD COLUMN total numeric GENERATED ALWAYS AS/;
        for (const [postgresVersion, form] of [[15, oldForm], [17, newForm]] as const) {
          const project = await createProject({ config: { database: db.url, postgresVersion }, migrations: { '001_items.sql': `-- migrate:up\n${sqlA}\n-- migrate:down\n` } });
          try {
            await fs.mkdir(path.join(project.dir, 'schema'));
            await fs.writeFile(path.join(project.dir, 'schema', 'items.sql'), sqlB);
            const tm = await openTidemark({ cwd: project.dir });
            try {
              const sql = async (plan: { up: readonly { sql: string }[] }) => plan.up.map((s) => s.sql).join('\n');
              assert.match(await sql(await tm.diff({ from: 'migrations:migrations', to: 'dir:schema' })), form);
              // From the database, its own version decides whatever the config says.
              assert.match(await sql(await tm.diff()), target.name === 'pglite' ? newForm : oldForm);
            } finally {
              await tm.close();
            }
          } finally {
            await project.dispose();
          }
        }
      } finally {
        await db.dispose();
      }
    });

    it('becomes-identity: the next row takes the value after the highest one already there', async () =>
      upThen(target, 'becomes-identity', async (query) => {
        assert.deepEqual((await query("INSERT INTO orders (note) VALUES ('d') RETURNING id")).map((r) => r['id']), [41]);
        assert.deepEqual((await query("INSERT INTO countdown (label) VALUES ('z') RETURNING n::int AS n")).map((r) => r['n']), [-10]);
      }));

    it('identity-bounds: the sequence moves into the new range only where it lies outside', async () =>
      upThen(target, 'identity-bounds', async (query) => {
        assert.deepEqual((await query("INSERT INTO tickets (title) VALUES ('d') RETURNING id")).map((r) => r['id']), [100]);
        assert.deepEqual((await query('INSERT INTO badges DEFAULT VALUES RETURNING id::int AS id')).map((r) => r['id']), [7]);
      }));
  });
}
