import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openTidemark, MigrationExecutionError, MigrationFileError } from '../../src/index.js';
import { targets } from '../support/databases.js';
import { withScenario } from '../support/scenario.js';
import { catalogSnapshot, queryRows } from '../support/inspect.js';

// Files that must be refused before anything runs (a near-miss marker, a .ts that does not
// compile), and a .ts migration that tries to commit half of itself. The marker cases themselves
// are unit tests in test/unit/sections.test.ts; this runs the CLI once per refusal and engine.
const BROKEN_TS = `import type { MigrationDb } from 'tidemark';
export async function up(db: MigrationDb): Promise<void> {
  const rows = ;
  await db.exec('create table never (id int)');
}
`;

const COMMITTING_TS = `import type { MigrationDb } from 'tidemark';
export async function up(db: MigrationDb): Promise<void> {
  await db.exec('create table half (id int)');
  await db.query('insert into fine values ($1)', [1]);
  let savepointRefused = false;
  try {
    await db.query('SAVEPOINT s1');
  } catch {
    savepointRefused = true;
  }
  if (!savepointRefused) throw new Error('SAVEPOINT was not refused');
  await db.exec('select 1; COMMIT');
  throw new Error('a later failure');
}
`;

for (const target of targets) {
  describe(`hostile migration files [${target.name}]`, () => {
    it('a near-miss marker and a .ts that does not compile stop the run with exit 2 before anything runs; COMMIT from a .ts is refused', () =>
      withScenario(target, { migrations: {
          '1_fine.sql': 'create table fine (id int);',
          '2_near.sql': '-- migrate:up\ncreate table t2 (id int);\n\n-- Migrate:Down\ndrop table fine;\n',
        } }, async ({ db, project, cli }) => {
        const before = await catalogSnapshot(db.url);
        const near = await cli('migrate');
        assert.equal(near.code, 2, near.stderr);
        assert.match(near.stderr, /^error: migrations\/2_near\.sql:4:1: "-- Migrate:Down" looks like a section marker but is not one; /);
        assert.equal(near.stderr.trim().split('\n').length, 1, 'one line, no stack trace');
        assert.deepEqual(await catalogSnapshot(db.url), before, 'nothing applied, not even 1_fine or the control schema');

        await project.remove('2_near.sql');
        await project.write('2_seed.ts', BROKEN_TS);
        const tm = await openTidemark({ cwd: project.dir });
        try {
          await assert.rejects(tm.migrate(), (error: unknown) => {
            assert.ok(error instanceof MigrationFileError);
            assert.equal(error.exitCode, 2);
            assert.match(error.message, /^migrations\/2_seed\.ts:3:16: .*Unexpected token/);
            assert.doesNotMatch(error.message, /\n/);
            return true;
          });
          assert.deepEqual((await tm.status()).migrations.map((m) => m.state), ['pending', 'pending'], 'nothing applied');

          await project.write('2_seed.ts', COMMITTING_TS);
          await assert.rejects(tm.migrate(), (error: unknown) => {
            assert.ok(error instanceof MigrationExecutionError);
            assert.equal(error.exitCode, 1);
            assert.match(error.message, /^migrations\/2_seed\.ts:12:3: applying 2_seed failed: db\.exec\("COMMIT"\): transaction control is refused; Tidemark runs up\(db\) in one transaction/);
            return true;
          });
          assert.deepEqual((await tm.status()).migrations.map((m) => m.state), ['applied', 'pending']);
        } finally {
          await tm.close();
        }
        const [left] = await queryRows<{ half: number; rows: number }>(db.url, "select (select count(*)::int from pg_class where relname = 'half') as half, (select count(*)::int from fine) as rows");
        assert.deepEqual(left, { half: 0, rows: 0 }, 'nothing of 2_seed committed');
      }));
  });
}
