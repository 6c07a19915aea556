import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { introspect, type Driver } from '../../src/index.js';
import { openSnapshot } from '../../src/catalog/snapshot.js';
import { targets, withDriver } from '../support/databases.js';

/** A driver whose second connection cannot be had, as behind a full connection limit. */
const withoutSecondConnection = (db: Driver): Driver => ({ ...db, connectAgain: () => Promise.reject(new Error('too many connections')) });

for (const target of targets) {
  describe(`catalog snapshot (${target.name})`, () => {
    it('both lanes read one snapshot: a table created after it began is seen by neither', async () => {
      const created = await target.create();
      try {
        await withDriver(created.url, async (db) => {
          await db.runScript('CREATE TABLE before_snapshot (id int)');
          const snapshot = await openSnapshot(db);
          try {
            if (target.name === 'postgres') {
              // A third session commits a table while the snapshot is open.
              const other = new pg.Client({ connectionString: created.url });
              await other.connect();
              await other.query('CREATE TABLE after_snapshot (id int)');
              await other.end();
            }
            const tables = "SELECT relname FROM pg_catalog.pg_class WHERE relname IN ('before_snapshot', 'after_snapshot') ORDER BY 1";
            const [main, side] = await Promise.all([snapshot.main(tables), snapshot.side(tables)]);
            assert.deepEqual(main.map((r) => r['relname']), ['before_snapshot']);
            assert.deepEqual(side.map((r) => r['relname']), ['before_snapshot']);
            // The side lane is a connection of its own where the driver can open one.
            const pid = 'SELECT pg_catalog.pg_backend_pid() AS pid';
            const [mainPid, sidePid] = await Promise.all([snapshot.main(pid), snapshot.side(pid)]);
            assert.equal(mainPid[0]!['pid'] !== sidePid[0]!['pid'], target.name === 'postgres');
          } finally {
            await snapshot.end();
          }
        });
      } finally {
        await created.dispose();
      }
    });

    it('without a second connection the model is read in turn on the one it has, and is the same', async () => {
      const created = await target.create();
      try {
        await withDriver(created.url, async (db) => {
          await db.runScript("CREATE TABLE t (id int PRIMARY KEY, name text DEFAULT 'x'); CREATE VIEW v AS SELECT id FROM t; GRANT SELECT ON t TO PUBLIC;");
          const both = await introspect(db);
          const one = await introspect(withoutSecondConnection(db));
          assert.deepEqual(one, both);
          assert.equal(one.tables.length, 1);
          // The connection is left outside any transaction either way.
          await db.runScript('BEGIN; COMMIT;');
        });
      } finally {
        await created.dispose();
      }
    });
  });
}
