import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { openDriver, introspect, compareModels, formatDifferences, readMigrationDir, type SchemaModel } from '../../src/index.js';
import { targets } from '../support/databases.js';
import { copyExample, createProject, FIXTURES } from '../support/project.js';
import { runCli } from '../support/cli.js';
import { catalogSnapshot } from '../support/inspect.js';

async function load(url: string, sql: string): Promise<SchemaModel> {
  const db = await openDriver(url);
  try {
    await db.runScript(sql);
    return await introspect(db);
  } finally {
    await db.close();
  }
}

async function model(url: string): Promise<SchemaModel> {
  const db = await openDriver(url);
  try {
    return await introspect(db);
  } finally {
    await db.close();
  }
}

/** userObjects is the catalog snapshot less Tidemark's control schema and the ever-present public schema. */
async function userObjects(url: string): Promise<string[]> {
  return (await catalogSnapshot(url)).filter((item) => !item.startsWith('tidemark.') && item !== 'schema:tidemark' && item !== 'schema:public');
}

for (const target of targets) {
  describe(`tidemark baseline [${target.name}]`, () => {
    it('adopts a database: one stamped migration whose down drops everything and whose up recreates it exactly', async () => {
      const db = await target.create();
      const project = await createProject({ config: { database: db.url } });
      const cli = (...args: string[]) => runCli(args, { cwd: project.dir });
      try {
        const original = await load(db.url, await fs.readFile(path.join(FIXTURES, 'catalog', 'everything.sql'), 'utf8'));
        const run = await cli('baseline', '--json');
        assert.equal(run.code, 0, run.stderr);
        const result = JSON.parse(run.stdout);
        assert.match(result.file, /^migrations\/\d{14}_baseline\.sql$/);
        assert.equal(result.stamped.length, 1);
        assert.deepEqual(result.objects, { tables: original.tables.length, views: original.views.length, functions: original.functions.length, types: 4 });
        const files = await readMigrationDir(project.migrationsDir, project.dir);
        assert.equal(files.length, 1);
        assert.ok(files[0]!.sections?.down, 'the baseline has a down section');
        assert.deepEqual(await (async () => JSON.parse((await cli('status', '--json')).stdout).counts)(), { applied: 1, changed: 0, missing: 0, pending: 0, 'out-of-order': 0 });
        assert.equal((await cli('verify')).code, 0);
        assert.equal((await cli('migrate')).code, 0, 'nothing to run: the baseline is stamped, not applied');
        assert.equal(compareModels(original, await model(db.url)).length, 0, 'stamping changed nothing');

        const down = await cli('down');
        assert.equal(down.code, 0, down.stderr);
        assert.deepEqual(await userObjects(db.url), [], 'the down section dropped every user object');

        const up = await cli('migrate');
        assert.equal(up.code, 0, up.stderr);
        const differences = compareModels(original, await model(db.url));
        assert.equal(differences.length, 0, formatDifferences(differences));
      } finally {
        await project.dispose();
        await db.dispose();
      }
    });

    it('refuses when migrations exist, when the history is not empty, and on an empty database; --force overrides', async () => {
      const db = await target.create();
      const project = await copyExample();
      const cli = (...args: string[]) => runCli(['--database', db.url, ...args], { cwd: project.dir });
      try {
        const empty = await cli('baseline');
        assert.equal(empty.code, 1);
        assert.match(empty.stderr, /^error: migrations already holds 11 migration\(s\): a baseline must be the first migration/);

        assert.equal((await cli('migrate')).code, 0);
        await fs.rm(project.migrationsDir, { recursive: true });
        const managed = await cli('baseline');
        assert.equal(managed.code, 1);
        assert.match(managed.stderr, /history already records 11 applied migration\(s\) \(newest 017_nullable_set_null_owners\)/);
        assert.deepEqual(await fs.readdir(project.migrationsDir), [], 'nothing written');

        const forced = await cli('baseline', '--force', '--name', 'adopted', '--json');
        assert.equal(forced.code, 0, forced.stderr);
        assert.match(JSON.parse(forced.stdout).file, /^migrations\/\d{14}_adopted\.sql$/);
        const status = JSON.parse((await cli('status', '--json')).stdout);
        assert.equal(status.counts.applied, 1);
        assert.equal(status.counts.missing, 11, 'the old history stays; its files are gone');
      } finally {
        await project.dispose();
        await db.dispose();
      }

      const bare = await target.create();
      const nothing = await createProject({ config: { database: bare.url } });
      try {
        const result = await runCli(['baseline'], { cwd: nothing.dir });
        assert.equal(result.code, 1);
        assert.match(result.stderr, /has no tables, views, functions or types to baseline/);
        assert.deepEqual(await fs.readdir(nothing.migrationsDir), []);
      } finally {
        await nothing.dispose();
        await bare.dispose();
      }
    });

    it('with --force over existing files, the files below the baseline are stamped too', async () => {
      const db = await target.create();
      const project = await copyExample();
      const cli = (...args: string[]) => runCli(['--database', db.url, ...args], { cwd: project.dir });
      try {
        // The database got its schema some other way (say, a dump): same objects, no history.
        const replay = await cli('migrate');
        assert.equal(replay.code, 0);
        await openDriver(db.url).then(async (d) => {
          await d.runScript('DROP SCHEMA tidemark CASCADE');
          await d.close();
        });
        const forced = await cli('baseline', '--force', '--json');
        assert.equal(forced.code, 0, forced.stderr);
        assert.equal(JSON.parse(forced.stdout).stamped.length, 12);
        const counts = JSON.parse((await cli('status', '--json')).stdout).counts;
        assert.equal(counts.applied, 12);
        assert.equal(counts.pending, 0);
        assert.equal((await cli('sum', '--check')).code, 0, 'the sum records the baseline too');
        assert.equal((await cli('migrate')).code, 0, 'migrate accepts the sum');

        // An edited file is never blessed by adding one: a second baseline is refused on the sum.
        const [first] = (await fs.readdir(project.migrationsDir)).filter((f) => f.endsWith('.sql')).sort();
        await fs.appendFile(path.join(project.migrationsDir, first!), '\n-- edited\n');
        const again = await cli('baseline', '--force');
        assert.equal(again.code, 2, again.stderr);
        assert.match(again.stderr, /tidemark\.sum/);
      } finally {
        await project.dispose();
        await db.dispose();
      }
    });
  });
}
