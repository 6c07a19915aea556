import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { targets } from '../support/databases.js';
import { withScenario } from '../support/scenario.js';
import { catalogSnapshot } from '../support/inspect.js';

const two = { '1_a.sql': 'create table a (id int);', '2_b.sql': 'create table b (id int);' };

for (const target of targets) {
  describe(`history integrity [${target.name}]`, () => {
    it('a tampered applied file: status says changed, verify and migrate fail, stamp accepts the new text', () =>
      withScenario(target, { migrations: two }, async ({ db, project, cli, statuses }) => {
        assert.equal((await cli('migrate')).code, 0);
        await project.write('1_a.sql', 'create table a (id int, sneaky text);');
        await project.write('3_c.sql', 'create table c (id int);');
        assert.deepEqual(await statuses(), ['1:changed', '2:applied', '3:pending']);
        const verify = await cli('verify');
        assert.equal(verify.code, 1);
        assert.match(verify.stdout, /changed\s+migrations\/1_a\.sql/);
        const before = await catalogSnapshot(db.url);
        const migrate = await cli('migrate');
        assert.equal(migrate.code, 1);
        assert.match(migrate.stderr, /applied migration\(s\) changed since they were applied: migrations\/1_a\.sql/);
        assert.deepEqual(await catalogSnapshot(db.url), before, 'nothing applied while history disagrees');
        assert.equal((await cli('stamp', '1')).code, 0);
        assert.equal((await cli('verify')).code, 0);
        assert.equal((await cli('migrate')).code, 0);
      }));

    it('a vanished applied file: status says missing, verify fails, migrate still applies what is pending', () =>
      withScenario(target, { migrations: two }, async ({ project, cli, statuses }) => {
        assert.equal((await cli('migrate')).code, 0);
        await project.remove('1_a.sql');
        await project.write('3_c.sql', 'create table c (id int);');
        assert.deepEqual(await statuses(), ['1:missing', '2:applied', '3:pending']);
        const verify = await cli('verify', '--json');
        assert.equal(verify.code, 1);
        assert.deepEqual(JSON.parse(verify.stdout).problems, [{ version: '1', name: 'a', problem: 'missing' }]);
        assert.equal((await cli('migrate')).code, 0);
      }));

    it('out-of-order versions from a merged branch are refused unless --allow-out-of-order', () =>
      withScenario(
        target,
        { migrations: { '20260101000000_a.sql': 'create table a (id int);', '20260301000000_c.sql': 'create table c (id int);' } },
        async ({ db, project, cli, statuses }) => {
          assert.equal((await cli('migrate')).code, 0);
          await project.write('20260201000000_b.sql', 'create table b (id int);');
          assert.deepEqual(await statuses(), ['20260101000000:applied', '20260201000000:out-of-order', '20260301000000:applied']);
          const refused = await cli('migrate');
          assert.equal(refused.code, 1);
          assert.match(refused.stderr, /20260201000000_b\.sql is older than the newest applied migration 20260301000000_c \(out of order\); rerun with --allow-out-of-order/);
          assert.ok(!(await catalogSnapshot(db.url)).includes('public.b:r'));
          const allowed = await cli('migrate', '--allow-out-of-order');
          assert.equal(allowed.code, 0, allowed.stderr);
          assert.ok((await catalogSnapshot(db.url)).includes('public.b:r'));
        },
      ));

    it('stamp baselines an existing database: it records versions without running them', () =>
      withScenario(target, { migrations: { ...two, '3_c.sql': 'create table c (id int);' } }, async ({ db, cli, statuses }) => {
        const stamp = await cli('stamp', '2');
        assert.equal(stamp.code, 0, stamp.stderr);
        assert.deepEqual(await statuses(), ['1:applied', '2:applied', '3:pending']);
        const snapshot = await catalogSnapshot(db.url);
        assert.ok(!snapshot.includes('public.a:r') && !snapshot.includes('public.b:r'), 'stamped files did not run');
        const history = JSON.parse((await cli('history', '--json')).stdout);
        assert.deepEqual(history.events.map((e: { action: string; version: string }) => `${e.action}:${e.version}`), ['stamp:2', 'stamp:1']);
        assert.equal((await cli('stamp', '9')).code, 2);
      }));
  });
}
