import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { introspect, PlanUnverifiedError, verifyClosure, type Driver, type Plan, type SchemaModel, type Verification } from '../../src/index.js';
import { diffModels } from '../../src/diff/diff.js';
import { planChanges } from '../../src/plan/plan.js';
import { targets, withDriver, type DatabaseTarget } from '../support/databases.js';
import { createProject } from '../support/project.js';
import { runCli } from '../support/cli.js';

// Six tables, of which the plan changes customers (a column added, one retyped under a view that
// reads it and orders); the rest is untouched.
const BASE = `
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE TABLE customers (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL, feeling mood);
CREATE TABLE orders (id serial PRIMARY KEY, customer_id bigint REFERENCES customers (id), total numeric);
CREATE INDEX orders_total ON orders (total);
CREATE TABLE products (id integer PRIMARY KEY, title text, price numeric CHECK (price > 0));
CREATE TABLE warehouses (id integer PRIMARY KEY, city text);
CREATE TABLE stock (product_id integer REFERENCES products (id), warehouse_id integer REFERENCES warehouses (id), amount integer);
CREATE TABLE audit (id bigint PRIMARY KEY, at timestamptz DEFAULT now());
COMMENT ON TABLE products IS 'what we sell';
`;
const A = `${BASE}
CREATE VIEW customer_names AS SELECT c.id, c.name, o.total FROM customers c JOIN orders o ON o.customer_id = c.id;
`;
const B = `${BASE}
ALTER TABLE customers ADD COLUMN email text;
ALTER TABLE customers ALTER COLUMN name TYPE varchar(80);
CREATE VIEW customer_names AS SELECT c.id, c.name, o.total FROM customers c JOIN orders o ON o.customer_id = c.id;
`;

const roles = { names: [] };

async function refusal(work: Promise<unknown>): Promise<PlanUnverifiedError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(error instanceof PlanUnverifiedError, `expected a PlanUnverifiedError, got ${String(error)}`);
  return error;
}

/** Two databases of `target` holding `a` and `b`, closed, for `test`; dropped after. */
async function withDatabases(target: DatabaseTarget, a: string, b: string, test: (urlA: string, urlB: string) => Promise<void>): Promise<void> {
  const [dbA, dbB] = [await target.create(), await target.create()];
  try {
    await withDriver(dbA.url, (d) => d.runScript(a));
    await withDriver(dbB.url, (d) => d.runScript(b));
    await test(dbA.url, dbB.url);
  } finally {
    await Promise.all([dbA.dispose(), dbB.dispose()]);
  }
}

type Side = { model: SchemaModel; live: Driver };

/** The same two databases, open, with their models. */
const withPair = (target: DatabaseTarget, a: string, b: string, test: (from: Side, to: Side) => Promise<void>) =>
  withDatabases(target, a, b, (urlA, urlB) =>
    withDriver(urlA, (liveA) => withDriver(urlB, async (liveB) => test({ model: await introspect(liveA), live: liveA }, { model: await introspect(liveB), live: liveB }))),
  );

const plan = (from: SchemaModel, to: SchemaModel) => planChanges(diffModels(from, to), from, to);

/** verify runs closure verification and says why when it does not apply. */
async function verify(from: { model: SchemaModel; live: Driver }, to: { model: SchemaModel; live: Driver }, p: Plan): Promise<{ result: Verification | undefined; why: string }> {
  let why = '';
  const result = await verifyClosure(from, to, p, { roles }, (reason) => (why = reason));
  return { result, why };
}

const without = (p: Plan, pattern: RegExp): Plan => {
  const kept = p.up.filter((s) => !pattern.test(s.sql));
  assert.equal(kept.length, p.up.length - 1, `exactly one up statement matches ${pattern}`);
  return { ...p, up: kept };
};

for (const target of targets) {
  describe(`closure verification [${target.name}]`, () => {
    it('proves a correct plan by its closure: the changed tables and what stands on them, not the untouched ones', () =>
      withPair(target, A, B, async (from, to) => {
        const { result, why } = await verify(from, to, await plan(from.model, to.model));
        assert.equal(why, '');
        assert.equal(result?.mode, 'closure');
        // customers (changed) and orders (the view recreated over customers reads it); never products, stock, warehouses or audit.
        assert.equal(result?.detail, '2 of 6 tables loaded into the shadow');
      }));

    it('catches a broken plan: one statement removed, or a dependent view not recreated', () =>
      withPair(target, A, B, async (from, to) => {
        const p = await plan(from.model, to.model);
        const missingColumn = await refusal(verify(from, to, without(p, /ADD COLUMN email/)));
        assert.match(missingColumn.message, /the plan does not produce the target schema/);
        assert.ok(missingColumn.differences.some((d) => d.object === 'column public.customers.email' && d.problem === 'missing'), JSON.stringify(missingColumn.differences));
        const missingView = await refusal(verify(from, to, without(p, /^CREATE VIEW public\.customer_names/)));
        assert.ok(missingView.differences.some((d) => d.object === 'relation public.customer_names' && d.problem === 'missing'), JSON.stringify(missingView.differences));
      }));

    it('catches what differs outside the closure when the plan does not touch it', () =>
      withPair(target, A, `${B}\nCOMMENT ON TABLE warehouses IS 'where it is';\nALTER TABLE audit ADD COLUMN note text;`, async (from, to) => {
        // The plan is made for a target without those two differences: they are outside its closure.
        const hidden: SchemaModel = {
          ...to.model,
          tables: to.model.tables.map((t) => (t.name === 'warehouses' ? { ...t, comment: null } : t.name === 'audit' ? { ...t, columns: t.columns.filter((c) => c.name !== 'note') } : t)),
        };
        const p = await plan(from.model, hidden);
        const error = await refusal(verify(from, to, p));
        assert.match(error.message, /the source and target databases differ outside what the plan changes/);
        assert.deepEqual(
          error.differences.map((d) => `${d.problem} ${d.object}`),
          ['missing column public.audit.note', 'differs relation public.warehouses'],
        );
      }));

    it('falls back to full verification when the closure cannot be computed safely', () =>
      withPair(
        target,
        `${A}\nCREATE TABLE events (at date NOT NULL, kind text) PARTITION BY RANGE (at);\nCREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');`,
        `${B}\nCREATE TABLE events (at date NOT NULL, kind text, source text) PARTITION BY RANGE (at);\nCREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');`,
        async (from, to) => {
          const { result, why } = await verify(from, to, await plan(from.model, to.model));
          assert.equal(result, undefined, 'nothing is proven by the closure');
          assert.match(why, /^table public\.events(_2024)? in the plan's closure is partitioned or inherits$/);
        },
      ));

    it('through the CLI: --verbose says which mode ran, and a declarative target is verified in full', () =>
      withDatabases(target, A, B, async (urlA, urlB) => {
        const project = await createProject({ config: { database: urlA } });
        try {
          const closure = await runCli(['diff', '--verbose', '--from', urlA, '--to', urlB, '--format', 'json'], { cwd: project.dir });
          assert.equal(closure.code, 0, closure.stderr);
          assert.deepEqual(JSON.parse(closure.stdout).verification, { mode: 'closure', detail: '2 of 6 tables loaded into the shadow' });
          assert.match(closure.stderr, /^verified in closure mode \(2 of 6 tables loaded into the shadow\)/m);

          await fs.mkdir(path.join(project.dir, 'schema'));
          await fs.writeFile(path.join(project.dir, 'schema', 'schema.sql'), B);
          const full = await runCli(['diff', '--verbose', '--from', urlA], { cwd: project.dir });
          assert.equal(full.code, 0, full.stderr);
          assert.match(full.stderr, /^verified in full mode \(the target is not a database\)/m);
        } finally {
          await project.dispose();
        }
      }));
  });
}
