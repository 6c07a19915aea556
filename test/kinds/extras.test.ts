import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { introspect } from '../../src/index.js';
import { diffModels } from '../../src/diff/diff.js';
import { planChanges } from '../../src/plan/plan.js';
import { modelOf, targets, withDriver } from '../support/databases.js';
import { convergesBothWays } from '../support/converge.js';
import { FIXTURES } from '../support/project.js';

/**
 * Aggregates, text search dictionaries and configurations, event triggers, rules, extended
 * statistics and publications: each fixture pair under test/fixtures/kinds/extras differs in
 * creates, drops and in-place alters of one kind. Convergence runs both ways (A→B and B→A, each
 * with its down plan), and each side makes an inspect round trip; pg_dump judges both.
 */
const CASES = path.join(FIXTURES, 'kinds', 'extras');
const cases = (await fs.readdir(CASES)).sort();
const read = (name: string, file: string) => fs.readFile(path.join(CASES, name, file), 'utf8');



for (const target of targets) {
  describe(`extra object kinds: convergence both ways and inspect round trips [${target.name}]`, () => {
    for (const name of cases) {
      it(`${name}: converges both ways; drop and inspect scripts`, async () => convergesBothWays(target, await read(name, 'a.sql'), await read(name, 'b.sql')));
    }
  });

  describe(`extra object kinds: what the model holds and plans [${target.name}]`, () => {
    it('aggregates are their own kind, with function identities, and views calling them are rebuilt', async () => {
      const [a, b] = [await modelOf(target, await read('aggregates', 'a.sql')), await modelOf(target, await read('aggregates', 'b.sql'))];
      assert.deepEqual(a.functions.map((f) => f.name), ['add_money']);
      assert.deepEqual(b.aggregates.map((g) => `${g.name}(${g.identityArguments})`), ['biggest(integer)', 'counted()', 'my_rank(VARIADIC "any" ORDER BY VARIADIC "any")', 'pick(double precision ORDER BY anyelement)', 'running(integer)', 'total(numeric)']);
      const plan = await planChanges(diffModels(a, b), a, b);
      const kinds = plan.changes.map((c) => `${c.change.op}-${c.change.kind}`);
      assert.ok(kinds.includes('drop-view') && kinds.includes('create-view'), kinds.join(', '));
      const up = plan.up.map((s) => s.sql);
      const createTotal = up.findIndex((s) => s.startsWith('CREATE AGGREGATE public.total'));
      assert.ok(createTotal > up.findIndex((s) => s.includes('FUNCTION public.halve')), up.join('\n'));
      assert.ok(createTotal < up.findIndex((s) => s.includes('CREATE VIEW public.order_total')), up.join('\n'));
    });

    it('text search mappings change in place when only they differ', async () => {
      const [a, b] = [await modelOf(target, await read('text-search', 'a.sql')), await modelOf(target, await read('text-search', 'b.sql'))];
      const plan = await planChanges(diffModels(a, b), a, b);
      const codes = plan.changes.filter((c) => c.change.kind === 'text-search-configuration' && c.summary.includes("'search.codes'"));
      assert.deepEqual(codes.map((c) => c.change.op), ['alter']);
      assert.deepEqual(codes[0]!.forward, [
        'ALTER TEXT SEARCH CONFIGURATION search.codes DROP MAPPING FOR email;',
        'ALTER TEXT SEARCH CONFIGURATION search.codes ADD MAPPING FOR word WITH search.keep;',
        'ALTER TEXT SEARCH CONFIGURATION search.codes ALTER MAPPING FOR "int" WITH pg_catalog.simple;',
        'ALTER TEXT SEARCH CONFIGURATION search.codes ADD MAPPING FOR uint WITH pg_catalog.simple;',
      ]);
    });

    it('publications change in place; FOR ALL TABLES switched recreates', async () => {
      const [a, b] = [await modelOf(target, await read('publications', 'a.sql')), await modelOf(target, await read('publications', 'b.sql'))];
      const ops = (await planChanges(diffModels(a, b), a, b)).changes.map((c) => `${c.change.op}-${c.change.kind}`).sort();
      assert.deepEqual(ops, ['alter-publication', 'alter-publication', 'create-publication', 'create-schema', 'drop-publication']);
      assert.deepEqual(b.publications.find((p) => p.name === 'billing')!.tables, [{ schema: 'public', name: 'accounts', columns: ['id', 'email'], where: '(id > 0)' }]);
    });

    it('event triggers and publications that reach outside the selected schemas are left out', async () => {
      const sql = `${await read('event-triggers', 'a.sql')}\n${await read('publications', 'a.sql')}`;
      const db = await target.create();
      try {
        await withDriver(db.url, async (d) => {
          await d.runScript(sql);
          const onlyPublic = await introspect(d, { include: ['public'] });
          assert.deepEqual(onlyPublic.eventTriggers, []);
          assert.deepEqual(onlyPublic.publications.map((p) => p.name), ['billing', 'everything']);
          const all = await introspect(d);
          assert.deepEqual(all.eventTriggers.map((e) => e.name), ['note_drops', 'note_tables']);
          assert.deepEqual(all.publications.map((p) => p.name), ['analytics', 'billing', 'everything']);
        });
      } finally {
        await db.dispose();
      }
    });
  });
}
