import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { introspect, PlanUnverifiedError, verifyPlan, type Plan } from '../../src/index.js';
import { diffModels } from '../../src/diff/diff.js';
import { planChanges } from '../../src/plan/plan.js';
import { modelOf, targets, withDriver } from '../support/databases.js';
import { createProject } from '../support/project.js';
import { runCli } from '../support/cli.js';

const A = `
CREATE TABLE customers (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer REFERENCES customers (id), total numeric);
CREATE INDEX orders_customer ON orders (customer_id);
CREATE VIEW big_orders AS SELECT id FROM orders WHERE total > 100;
GRANT SELECT ON customers TO PUBLIC;
`;

const B = `
CREATE TABLE customers (id integer PRIMARY KEY, name text NOT NULL, email text);
CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer REFERENCES customers (id), total numeric);
CREATE INDEX orders_customer ON orders (customer_id);
CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 100;
COMMENT ON TABLE customers IS 'who pays';
`;


const roles = { names: [] };
const without = (plan: Plan, section: 'up' | 'down', pattern: RegExp): Plan => {
  const kept = plan[section].filter((s) => !pattern.test(s.sql));
  assert.equal(kept.length, plan[section].length - 1, `exactly one ${section} statement matches ${pattern}`);
  return { ...plan, [section]: kept };
};

async function refusal(work: Promise<unknown>): Promise<PlanUnverifiedError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(error instanceof PlanUnverifiedError, `expected a PlanUnverifiedError, got ${String(error)}`);
  return error;
}

for (const target of targets) {
  describe(`plan verification [${target.name}]`, () => {
    it('proves a correct plan from a live database to declarative SQL, and refuses one missing an up or a down statement', async () => {
      const b = await modelOf(target, B);
      const db = await target.create();
      try {
        await withDriver(db.url, async (live) => {
          await live.runScript(A);
          const a = await introspect(live);
          const plan = await planChanges(diffModels(a, b), a, b);
          const source = { model: a, live };
          const goal = { model: b, load: (shadow: typeof live) => shadow.runScript(B) };

          const { notes } = await verifyPlan(source, goal, plan, { roles });
          const versions = await live.query<{ v: number }>("SELECT current_setting('server_version_num')::int / 10000 AS v");
          // The shadow is PGlite: a server of another major version cannot be compared with it, and says so.
          if (target.name === 'postgres' && versions.rows[0]!.v < 17) assert.match(notes.join('\n'), /was not compared/);
          else assert.deepEqual(notes, []);

          const noColumn = await refusal(verifyPlan(source, goal, without(plan, 'up', /ADD COLUMN email/), { roles }));
          assert.match(noColumn.message, /^plan verification failed: the plan does not produce the target schema/);
          assert.ok(noColumn.differences.some((d) => d.object === 'column public.customers.email' && d.problem === 'missing'), noColumn.message);

          const commentStays = await refusal(verifyPlan(source, goal, without(plan, 'down', /COMMENT ON TABLE/), { roles }));
          assert.match(commentStays.message, /^plan verification failed: the down plan does not restore the source schema/);
          assert.deepEqual(commentStays.differences, [{ object: 'relation public.customers', problem: 'differs', facts: ['comment'] }]);
        });
      } finally {
        await db.dispose();
      }
    });

    it("compares a live source with its shadow copy, and refuses when the model cannot rebuild it", async () => {
      const b = await modelOf(target, B);
      const db = await target.create();
      try {
        await withDriver(db.url, async (live) => {
          // CLUSTER ON is outside the model (unsupported: 'warn'): the creation script cannot carry it.
          await live.runScript(`${A}\nALTER TABLE orders CLUSTER ON orders_customer;`);
          const a = await introspect(live, { unsupported: 'warn', onWarning: () => {} });
          const plan = await planChanges(diffModels(a, b), a, b);
          const goal = { model: b, load: (shadow: typeof live) => shadow.runScript(B) };
          const version = (await live.query<{ v: number }>("SELECT current_setting('server_version_num')::int / 10000 AS v")).rows[0]!.v;
          const shadowVersion = await withDriver('pglite:memory', async (s) => (await s.query<{ v: number }>("SELECT current_setting('server_version_num')::int / 10000 AS v")).rows[0]!.v);
          if (version === shadowVersion) {
            const error = await refusal(verifyPlan({ model: a, live }, goal, plan, { roles }));
            assert.match(error.message, /^plan verification failed: the source database cannot be rebuilt from Tidemark's model of it: 1 object differs/);
            assert.deepEqual(error.differences, [{ object: 'index public.orders_customer', problem: 'differs', facts: ['clustered'] }]);
          } else {
            const { notes } = await verifyPlan({ model: a, live }, goal, plan, { roles });
            assert.deepEqual(notes, [`the source database runs PostgreSQL ${version} and the shadow ${shadowVersion}: the shadow's copy of it was not compared with it`]);
          }
        });
      } finally {
        await db.dispose();
      }
    });

    it('refuses a plan whose SQL fails in the shadow, naming the section', async () => {
      const [a, b] = [await modelOf(target, A), await modelOf(target, B)];
      const plan = await planChanges(diffModels(a, b), a, b);
      const broken: Plan = { ...plan, up: [...plan.up, { sql: 'ALTER TABLE public.nowhere ADD COLUMN x integer;', transactional: true, origin: 0, phase: 'main', hazards: {} }] };
      const error = await refusal(verifyPlan({ model: a }, { model: b }, broken, { roles }));
      assert.match(error.message, /^plan verification failed: the up plan fails in a shadow database: relation "public\.nowhere" does not exist/);
    });

    describe('through the CLI', () => {
      /** A project on a database holding A, migrations that build A, and declarative SQL `schema`. */
      async function withProject(schema: string, test: (cli: (...a: string[]) => ReturnType<typeof runCli>, project: { dir: string; url: string }) => Promise<void>): Promise<void> {
        const db = await target.create();
        const project = await createProject({ config: { database: db.url, unsupported: 'warn' }, migrations: { '001_a.sql': `-- migrate:up\n${A}\n-- migrate:down\nDROP VIEW big_orders; DROP TABLE orders; DROP TABLE customers;\n` } });
        try {
          await withDriver(db.url, (d) => d.runScript(A));
          await fs.mkdir(path.join(project.dir, 'schema'));
          await fs.writeFile(path.join(project.dir, 'schema', 'schema.sql'), schema);
          await test((...args) => runCli(args, { cwd: project.dir }), { dir: project.dir, url: db.url });
        } finally {
          await project.dispose();
          await db.dispose();
        }
      }

      it('diff, generate and push report a verified plan in JSON', () =>
        withProject(B, async (cli) => {
          const diff = await cli('diff', '--format', 'json');
          assert.equal(diff.code, 0, diff.stderr);
          assert.equal(JSON.parse(diff.stdout).verified, true);
          const generate = await cli('--json', 'generate', 'add_email');
          assert.equal(generate.code, 0, generate.stderr);
          assert.equal(JSON.parse(generate.stdout).verified, true);
          const push = await cli('--json', 'push');
          assert.equal(push.code, 0, push.stderr);
          assert.deepEqual([JSON.parse(push.stdout).verified, JSON.parse(push.stdout).applied], [true, true]);
        }));

      // The model leaves CLUSTER ON out (config unsupported: 'warn'), so no plan can reach this
      // schema: the verification sees it by fingerprint and refuses every command.
      const unreachable = `${B}\nALTER TABLE orders CLUSTER ON orders_customer;\n`;

      it('refuses a plan that does not reach the target: exit 1, one line, the objects, no stack', () =>
        withProject(unreachable, async (cli, { dir, url }) => {
          const diff = await cli('diff');
          assert.equal(diff.code, 1, diff.stderr);
          const lines = diff.stderr.split('\n').filter((l) => !l.startsWith('warning') && !/unsupported/.test(l) && l !== '');
          assert.match(lines[0]!, /^error: plan verification failed: the plan does not produce the target schema: 1 object differs \(rerun with --no-verify/);
          assert.equal(lines[1], '  differs index public.orders_customer (clustered)');
          assert.doesNotMatch(diff.stderr, /^\s+at /m);
          assert.equal(diff.stdout, '', 'nothing is printed of a refused plan');

          const generate = await cli('generate', 'add_email');
          assert.equal(generate.code, 1, generate.stderr);
          assert.deepEqual(await fs.readdir(path.join(dir, 'migrations')), ['001_a.sql'], 'no migration is written');

          const push = await cli('push');
          assert.equal(push.code, 1, push.stderr);
          const columns = await withDriver(url, async (d) => (await d.query("SELECT 1 FROM pg_attribute WHERE attrelid = 'public.customers'::regclass AND attname = 'email'")).rows);
          assert.deepEqual(columns, [], 'nothing is applied');

          const json = await cli('--json', 'diff');
          assert.equal(json.code, 1);
          const { error } = JSON.parse(json.stdout);
          assert.deepEqual([error.code, error.verified, error.differences], ['E_PLAN_UNVERIFIED', false, [{ object: 'index public.orders_customer', problem: 'differs', facts: ['clustered'] }]]);
        }));

      it('--no-verify skips the check', () =>
        withProject(unreachable, async (cli) => {
          const diff = await cli('diff', '--no-verify', '--format', 'json');
          assert.equal(diff.code, 0, diff.stderr);
          assert.equal(JSON.parse(diff.stdout).verified, 'skipped');
          const push = await cli('--json', 'push', '--no-verify');
          assert.equal(push.code, 0, push.stderr);
          assert.equal(JSON.parse(push.stdout).verified, 'skipped');
        }));
    });
  });
}
