import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { openScratch, targets, type DatabaseTarget } from '../support/databases.js';
import { convergesBothWays, loadedFresh } from '../support/converge.js';
import { createProject, FIXTURES } from '../support/project.js';
import { runCli } from '../support/cli.js';
import { queryRows } from '../support/inspect.js';
import { openDriver, introspect, type Driver } from '../../src/index.js';
import { diffModels } from '../../src/diff/diff.js';
import { planChanges } from '../../src/plan/plan.js';
import { applyStatements } from '../../src/plan/apply.js';
import { serverVersionNum } from '../../src/catalog/version.js';

/**
 * A change of how a table is partitioned is a table rebuild: the table is built again with its
 * partitions, its rows copied, and what stands on it (keys, indexes, foreign keys of other tables,
 * triggers, policies, grants, comments, views) rebuilt around it. Every fixture holds rows. Each
 * pair converges both ways on each target (judged by the model and by pg_dump); the rows survive
 * the up plan and its down plan; and `push` refuses it without --accept-data-loss.
 */
const CASES = path.join(FIXTURES, 'kinds', 'partition-rebuild');
const read = (name: string, file: string) => fs.readFile(path.join(CASES, name, file), 'utf8');

/** The tables of each pair whose rows are counted, and a row each must still accept afterwards. */
const ROWS: Readonly<Record<string, { tables: readonly string[]; insert: string }>> = {
  'plain-to-range': { tables: ['orders', 'order_notes'], insert: "INSERT INTO orders (placed, amount) VALUES ('2024-05-01', 5) RETURNING id" },
  'range-to-list': { tables: ['events'], insert: "INSERT INTO events VALUES (5, 'us', '2024-05-01', NULL) RETURNING id" },
  'partitioned-to-plain': { tables: ['readings', 'alarms'], insert: "INSERT INTO readings (sensor, taken) VALUES (4, now()) RETURNING id" },
};

async function counts(db: Driver, tables: readonly string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of tables) out[t] = Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${t}`)).rows[0]!.n);
  return out;
}

/** Plans A→B on A (which holds rows), applies it, checks the rows and a new one, then the down plan likewise. */
async function rowsSurvive(target: DatabaseTarget, name: string): Promise<void> {
  const { tables, insert } = ROWS[name]!;
  const b = await loadedFresh(target, await read(name, 'b.sql'));
  const scratch = await openScratch(target);
  try {
    const db = scratch.db;
    await db.runScript(await read(name, 'a.sql'));
    const a = await introspect(db);
    const before = await counts(db, tables);
    assert.ok(Object.values(before).every((n) => n > 0), 'the fixture holds rows');
    const plan = await planChanges(diffModels(a, b.model), a, b.model, { serverVersion: await serverVersionNum(db) });
    assert.equal(plan.destructive, true, 'a rebuild is marked destructive');
    await applyStatements(db, plan.up);
    assert.deepEqual(await counts(db, tables), before, 'rows after the up plan');
    // A new row gets the next key: the identity or serial sequence went on past the copied rows.
    const id = Number((await db.query<{ id: number }>(insert)).rows[0]!.id);
    assert.ok(id > before[tables[0]!]!, `a new row's key (${id}) follows the copied ones`);
    await db.query(`DELETE FROM ${tables[0]} WHERE id = ${id}`);
    await applyStatements(db, plan.down);
    assert.deepEqual(await counts(db, tables), before, 'rows after the down plan');
  } finally {
    await scratch.dispose();
  }
}

const cases = Object.keys(ROWS);

for (const target of targets) {
  describe(`partitioning changes rebuild the table [${target.name}]`, () => {
    for (const name of cases) {
      it(`${name}: converges both ways with rows in the tables; drop and inspect scripts`, async () => convergesBothWays(target, await read(name, 'a.sql'), await read(name, 'b.sql')));
      it(`${name}: the rows survive the up plan and the down plan`, () => rowsSurvive(target, name));
    }

    it('push refuses the rebuild without --accept-data-loss (exit 1, one line, nothing applied), verifies and applies it with', async () => {
      const db = await target.create();
      const project = await createProject({ config: { database: db.url } });
      try {
        // The view is left out: its text differs between the server and the PGlite shadow the files load in.
        const withoutView = (sql: string) => sql.replace(/^CREATE VIEW .*$/gm, '');
        const live = await openDriver(db.url);
        await live.runScript(withoutView(await read('range-to-list', 'a.sql'))).finally(() => live.close());
        const schema = withoutView(await read('range-to-list', 'b.sql')).replace(/^INSERT .*$/gm, '');
        await fs.mkdir(path.join(project.dir, 'schema'));
        await fs.writeFile(path.join(project.dir, 'schema', 'schema.sql'), schema);
        const partitionKey = async () => (await queryRows<{ key: string }>(db.url, "SELECT pg_get_partkeydef('events'::regclass) AS key")).map((r) => r.key);
        const refused = await runCli(['push'], { cwd: project.dir });
        assert.equal(refused.code, 1, refused.stderr);
        assert.match(refused.stderr, /^error: push would lose data: .*Rebuilt table 'events' with its rows copied: partitioned by RANGE \(happened\) → partitioned by LIST \(region\)\..* Rerun with --accept-data-loss/);
        assert.equal(refused.stderr.trim().split('\n').length, 1, refused.stderr);
        assert.deepEqual(await partitionKey(), ['RANGE (happened)'], 'nothing applied');
        const accepted = await runCli(['push', '--accept-data-loss'], { cwd: project.dir });
        assert.equal(accepted.code, 0, accepted.stderr);
        assert.deepEqual(await partitionKey(), ['LIST (region)']);
        const rows = await queryRows<{ part: string; n: string }>(db.url, 'SELECT tableoid::regclass::text AS part, count(*) AS n FROM events GROUP BY 1 ORDER BY 1');
        assert.deepEqual(rows.map((r) => [r.part, Number(r.n)]), [['events_a', 2], ['events_b', 1], ['events_other', 1]]);
        const again = await runCli(['push'], { cwd: project.dir });
        assert.equal(again.code, 0, again.stderr);
        assert.match(again.stdout, /No changes/);
      } finally {
        await project.dispose();
        await db.dispose();
      }
    });
  });
}
