import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { introspect, writeSchemaSql, compareModels, formatDifferences, openTidemark, type Driver, type SchemaModel } from '../../src/index.js';
import { targets, type DatabaseTarget, withDriver } from '../support/databases.js';
import { loadedFresh } from '../support/converge.js';
import { FIXTURES, EXAMPLE } from '../support/project.js';
import { assertGolden } from '../support/golden.js';
import { assertSameDump } from '../support/pg-dump.js';

/**
 * roundTrip loads `sql` into A, writes A's model as SQL, applies it to an empty B, and returns both
 * models and both databases' pg_dump, which also sees what the model does not hold.
 */
async function roundTrip(target: DatabaseTarget, sql: string): Promise<{ a: SchemaModel; b: SchemaModel; script: string; dumpA: string; dumpB: string }> {
  const { model: a, dump: dumpA } = await loadedFresh(target, sql);
  const script = await writeSchemaSql(a);
  const { model: b, dump: dumpB } = await loadedFresh(target, script);
  return { a, b, script, dumpA, dumpB };
}

/** assertRoundTripped judges a round trip twice: by Tidemark's model, and by pg_dump of both databases. */
function assertRoundTripped({ a, b, dumpA, dumpB }: { a: SchemaModel; b: SchemaModel; dumpA: string; dumpB: string }): void {
  const differences = compareModels(a, b);
  assert.equal(differences.length, 0, `models differ:\n${formatDifferences(differences)}`);
  assertSameDump(dumpA, dumpB, 'the database loaded from the inspected SQL differs from the original', 'original', 'round trip');
}

async function exampleSql(): Promise<string> {
  const dir = path.join(EXAMPLE, 'migrations');
  const files = (await fs.readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const ups = await Promise.all(files.map(async (f) => (await fs.readFile(path.join(dir, f), 'utf8')).split('-- migrate:down')[0]!.replace('-- migrate:up', '')));
  return ups.join('\n');
}

async function fixture(name: string): Promise<string> {
  return fs.readFile(path.join(FIXTURES, 'catalog', name), 'utf8');
}

async function generated(tables: number): Promise<string> {
  const module = (await import(pathToFileURL(path.join(FIXTURES, 'catalog', 'generate-schema.mjs')).href)) as { generateSchemaSql(n: number): string };
  return module.generateSchemaSql(tables);
}

for (const target of targets) {
  describe(`catalog round trip: inspect → SQL → apply → inspect [${target.name}]`, () => {
    it('the example project (seed 000), with its SQL script as a golden file', async () => {
      const result = await roundTrip(target, await exampleSql());
      assertRoundTripped(result);
      const { a, script } = result;
      assert.equal(a.tables.length, 14);
      await assertGolden('saas-schema.sql', script);
    });

    it('every object kind and option', async () => {
      const result = await roundTrip(target, await fixture('everything.sql'));
      assertRoundTripped(result);
      const { a } = result;
      assert.ok(a.views.some((v) => v.materialized) && a.functions.some((f) => f.kind === 'procedure'));
    });

    it('names that need quoting: reserved words, mixed case, spaces, unicode', async () => {
      const result = await roundTrip(target, await fixture('tricky-names.sql'));
      assertRoundTripped(result);
      const { script } = result;
      assert.match(script, /"limit"/);
      assert.doesNotMatch(script, /"name"|"type"|"value"/, 'unreserved keywords stay bare');
    });

    it('extensions (pgcrypto, citext) and what uses them', async () => {
      const result = await roundTrip(target, await fixture('extensions.sql'));
      assertRoundTripped(result);
      const { a } = result;
      assert.deepEqual(a.extensions.map((e) => e.name), ['citext', 'pgcrypto']);
    });

    it('a generated schema of 300 tables', async () => {
      const result = await roundTrip(target, await generated(300));
      assertRoundTripped(result);
      const { a } = result;
      assert.equal(a.tables.length, 300);
    });
  });

  describe(`introspection scope [${target.name}]`, () => {
    it('leaves out the control schema and honours include/exclude', async () => {
      const db = await target.create();
      try {
        await withDriver(db.url, (d) => d.runScript('create schema app; create table app.a (id int); create table public.p (id int);'));
        const tm = await openTidemark({ database: db.url, config: { migrations: 'migrations' }, cwd: EXAMPLE });
        try {
          await tm.stamp('001');
          const all = await tm.inspect();
          assert.deepEqual(all.schemas.map((s) => s.name), ['app', 'public']);
          assert.ok(!all.tables.some((t) => t.schema === 'tidemark'));
          assert.deepEqual((await tm.inspect({ include: ['app'] })).tables.map((t) => t.name), ['a']);
          assert.deepEqual((await tm.inspect({ exclude: ['app'] })).tables.map((t) => t.name), ['p']);
        } finally {
          await tm.close();
        }
      } finally {
        await db.dispose();
      }
    });

    it('issues the same number of catalog queries for 3 tables as for 60', async () => {
      const counts: number[] = [];
      for (const tables of [3, 60]) {
        const db = await target.create();
        try {
          await withDriver(db.url, async (d) => {
            await d.runScript(await generated(tables));
            let queries = 0;
            const counting: Driver = { ...d, query: (sql, params) => (queries++, d.query(sql, params)) };
            await introspect(counting);
            counts.push(queries);
          });
        } finally {
          await db.dispose();
        }
      }
      assert.equal(counts[0], counts[1]);
    });
  });
}
