import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openDriver, type Driver } from '../../src/index.js';
import { targets, type TestDatabase } from '../support/databases.js';
import { dumpSchema, assertSameDump, assertSameSchema, type DumpOptions } from '../support/pg-dump.js';

// The judge of the round-trip and convergence tests, judged: it must see what Tidemark's model
// does not hold (here a GRANT), honour its options, and leave a PGlite session as it found it.
const BASE = `
  create schema app;
  create table app.t (id int primary key, note text);
  create schema other;
  create table other.x (id int);
`;

for (const target of targets) {
  describe(`pg_dump judge [${target.name}]`, () => {
    let a: TestDatabase;
    let b: TestDatabase;
    // Held open: reopening a PGlite directory for every dump would cost a second apiece.
    let da: Driver | undefined;
    let db: Driver | undefined;
    before(async () => {
      [a, b] = [await target.create(), await target.create()];
      [da, db] = [await openDriver(a.url), await openDriver(b.url)];
      await da.runScript(BASE);
      await db.runScript(`${BASE} grant select on app.t to public; create table other.y (id int);`);
    });
    after(async () => {
      await da?.close();
      await db?.close();
      await a.dispose();
      await b.dispose();
    });
    const dumpA = (options: DumpOptions = {}) => dumpSchema(a.url, { ...options, open: da });
    const dumps = async (options: DumpOptions = {}) => [await dumpA(options), await dumpSchema(b.url, { ...options, open: db })] as const;

    it('sees a difference in privileges, and in a schema left out, only when asked to', async () => {
      const all = await dumps();
      assert.throws(() => assertSameDump(...all, 'grant'), /^\+GRANT SELECT ON TABLE app\.t TO PUBLIC;$/m);
      assertSameDump(...(await dumps({ privileges: false, schemas: ['app'] })), 'without privileges, app only');
      const noPrivileges = await dumps({ privileges: false });
      assert.throws(() => assertSameDump(...noPrivileges, 'other'), /^\+CREATE TABLE other\.y \($/m);
    });

    it('leaves out owners unless asked, and Tidemark\'s control schema always', async () => {
      await da!.runScript('create schema tidemark; create table tidemark.history (id int);');
      assert.doesNotMatch(await dumpA(), /OWNER TO|tidemark/);
      assert.match(await dumpA({ owners: true }), /^ALTER TABLE app\.t OWNER TO postgres;$/m);
    });

    it('dumps an open database through its driver and leaves the session writable, its settings kept', async () => {
      await da!.runScript('set search_path = other, public; set statement_timeout = 123456');
      assert.match(await dumpA(), /^CREATE TABLE app\.t \($/m);
      await da!.runScript('create table made_after_dump (id int)');
      const [row] = (await da!.query<{ path: string; timeout: string; schema: string }>(
        `select current_setting('search_path') as path, current_setting('statement_timeout') as timeout,
                (select relnamespace::regnamespace::text from pg_class where relname = 'made_after_dump') as schema`,
      )).rows;
      assert.deepEqual(row, { path: 'other, public', timeout: '123456ms', schema: 'other' });
    });

    it('dumps a closed database by its URL alone', async () => {
      await da!.close();
      await db!.close();
      [da, db] = [undefined, undefined];
      await assert.rejects(assertSameSchema(a.url, b.url, 'app', { schemas: ['app'] }), /^\+GRANT SELECT ON TABLE app\.t TO PUBLIC;$/m);
    });
  });
}
