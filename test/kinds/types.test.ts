import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { writeSchemaSql, compareModels, formatDifferences, UsageError, type SchemaModel } from '../../src/index.js';
import { diffModels } from '../../src/diff/diff.js';
import { planChanges } from '../../src/plan/plan.js';
import { openScratch, targets, type DatabaseTarget } from '../support/databases.js';
import { convergesBothWays, loadedFresh } from '../support/converge.js';
import { FIXTURES } from '../support/project.js';
import { assertSameDump } from '../support/pg-dump.js';

const CASES = path.join(FIXTURES, 'kinds', 'types');
const cases = (await fs.readdir(CASES)).sort();
const read = (name: string, file: string) => fs.readFile(path.join(CASES, name, file), 'utf8');

/** roundTrip loads `sql`, writes its model as SQL into an empty database, and judges both by model and by pg_dump. */
async function roundTrip(target: DatabaseTarget, sql: string): Promise<{ model: SchemaModel; script: string }> {
  const a = await loadedFresh(target, sql);
  const script = await writeSchemaSql(a.model);
  const b = await loadedFresh(target, script);
  const differences = compareModels(a.model, b.model);
  assert.equal(differences.length, 0, `models differ:\n${formatDifferences(differences)}\n${script}`);
  assertSameDump(a.dump, b.dump, 'the database loaded from the inspected SQL differs from the original', 'original', 'round trip');
  return { model: a.model, script };
}

/** plannedBetween plans A→B for two schemas loaded into fresh databases. */
async function plannedBetween(target: DatabaseTarget, sqlA: string, sqlB: string) {
  const [a, b] = [(await loadedFresh(target, sqlA)).model, (await loadedFresh(target, sqlB)).model];
  return { a, b, plan: () => planChanges(diffModels(a, b), a, b) };
}

async function serverVersion(target: DatabaseTarget): Promise<number> {
  const scratch = await openScratch(target);
  try {
    return Number((await scratch.db.query<{ v: number }>("SELECT current_setting('server_version_num')::int AS v")).rows[0]!.v);
  } finally {
    await scratch.dispose();
  }
}

for (const target of targets) {
  describe(`composite types, range types and collations [${target.name}]`, () => {
    for (const name of cases) {
      it(`${name}: converges both ways; drop and inspect scripts`, async () => convergesBothWays(target, await read(name, 'a.sql'), await read(name, 'b.sql')));
    }

    it('reads each kind as modelled, and a range brings no user functions or types of its own', async () => {
      const { model, script } = await roundTrip(target, await read('range-create', 'b.sql'));
      assert.deepEqual(model.functions.map((f) => f.name).sort(), ['float_diff', 'unit']);
      assert.deepEqual(model.ranges.map((r) => [r.name, r.subtypeDiff, r.collation, r.multirange]), [
        ['floatrange', 'public.float_diff', null, 'public.floatmultirange'],
        ['intrange', null, null, 'public.int_ranges'],
        ['textrange', null, 'pg_catalog."C"', 'public.textmultirange'],
      ]);
      assert.doesNotMatch(script, /LANGUAGE internal/);
      // The function is created before the range that names it as subtype_diff.
      assert.ok(script.indexOf('FUNCTION public.float_diff') < script.indexOf('TYPE public.floatrange AS RANGE'), script);
      const column = model.tables[0]!.columns.find((c) => c.name === 'free')!;
      assert.equal(column.type, 'public.int_ranges');
      // PostgreSQL names a multirange by replacing 'range' in its range's name, else by appending '_multirange'.
    });

    it('reads libc and ICU collations', async () => {
      const { model } = await roundTrip(target, (await read('collation-create', 'b.sql')) + (await read('collation-icu', 'b.sql')).replace('CREATE TABLE public.tags', 'CREATE TABLE public.more_tags'));
      assert.deepEqual(
        model.collations.map((c) => [c.schema, c.name, c.provider, c.locale, c.lcCollate, c.lcCtype, c.deterministic]),
        [
          ['i18n', 'bytes', 'libc', null, 'C', 'C', true],
          ['public', 'ci', 'icu', 'und-u-ks-level2', null, null, false],
          ['public', 'de_phone', 'icu', 'de-u-co-phonebk', null, null, true],
          ['public', 'split', 'libc', null, 'C', 'POSIX', true],
        ],
      );
      assert.equal(model.collations.find((c) => c.name === 'split')!.comment, 'C order, POSIX classes');
    });

    it('summarizes each kind in one line', async () => {
      const { plan } = await plannedBetween(target, await read('composite-alter', 'a.sql'), await read('composite-alter', 'b.sql'));
      const summaries = (await plan()).changes.map((c) => c.summary);
      assert.ok(summaries.includes("Altered composite type 'point3': added attribute 'z', dropped attribute 'label', changed attribute 'x' to bigint."), summaries.join('\n'));
      const created = await plannedBetween(target, '', (await read('range-create', 'b.sql')) + (await read('collation-create', 'b.sql')).replace(/CREATE TABLE[^;]*;\nCREATE INDEX[^;]*;/, ''));
      const lines = (await created.plan()).changes.map((c) => c.summary);
      for (const line of ["Created range type 'floatrange'.", "Created collation 'split'.", "Created collation 'i18n.bytes'."]) assert.ok(lines.includes(line), lines.join('\n'));
    });

    it('refuses to recreate a range, a composite or a collation that columns keep using', async () => {
      const refusals: [string, string, string, RegExp][] = [
        ['CREATE TYPE public.r AS RANGE (subtype = integer); CREATE TABLE public.t (v public.r);', 'CREATE TYPE public.r AS RANGE (subtype = bigint); CREATE TABLE public.t (v public.r);', 'range', /^range type 'r' cannot be recreated with a new definition while public\.t\.v uses it/],
        ['CREATE TYPE public.c AS (a integer, b text); CREATE TABLE public.t (v public.c);', 'CREATE TYPE public.c AS (b text, a integer); CREATE TABLE public.t (v public.c);', 'reordered composite', /^composite type 'c' cannot be recreated .* while public\.t\.v uses it/],
        ['CREATE TYPE public.c AS (a integer); CREATE TABLE public.t (v public.c);', 'CREATE TYPE public.c AS (a bigint); CREATE TABLE public.t (v public.c);', 'retyped composite', /^composite type 'c' cannot be changed \(attribute 'a' retyped\) while public\.t\.v uses it/],
        ["CREATE COLLATION public.k (provider = libc, locale = 'C'); CREATE TABLE public.t (v text COLLATE public.k);", "CREATE COLLATION public.k (provider = libc, lc_collate = 'C', lc_ctype = 'POSIX'); CREATE TABLE public.t (v text COLLATE public.k);", 'collation', /^collation 'k' cannot be recreated with a new definition while public\.t\.v uses it/],
      ];
      for (const [a, b, what, message] of refusals) {
        const { plan } = await plannedBetween(target, a, b);
        await assert.rejects(plan(), (error: unknown) => error instanceof UsageError && message.test(error.message), what);
      }
    });

    it('reads multiranges only where the server has them', async () => {
      const version = await serverVersion(target);
      const { model } = await roundTrip(target, 'CREATE TYPE public.r AS RANGE (subtype = integer);');
      assert.equal(model.ranges[0]!.multirange, version >= 140000 ? 'public.r_multirange' : null);
    });
  });
}
