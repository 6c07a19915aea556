import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { diffModels, planChanges, emptyModel, type SchemaModel, type TableDef, type ColumnDef } from '../../src/index.js';

// The same change planned for different servers, no database: what each version accepts.

const col = (name: string, extra: Partial<ColumnDef> = {}): ColumnDef => ({
  name, type: 'numeric', userType: null, notNull: false, default: null, identity: null, generated: null, collation: null, comment: null,
  inheritance: 'local', notNullInheritedOnly: false, storage: null, compression: null, statistics: null, ...extra,
});
const table = (name: string, columns: ColumnDef[], extra: Partial<TableDef> = {}): TableDef => ({
  schema: 'public', name, columns, constraints: [], indexes: [], triggers: [], policies: [], rowSecurity: false, forceRowSecurity: false,
  partitioning: null, partitionOf: null, unlogged: false, comment: null, inherits: [], options: [], replicaIdentity: 'default', ...extra,
});
const model = (tables: TableDef[], dependencies: [string, string][] = []): SchemaModel => ({ ...emptyModel(), schemas: [{ name: 'public', comment: null }], tables, dependencies });
const identity = (extra: Partial<NonNullable<ColumnDef['identity']>> = {}): NonNullable<ColumnDef['identity']> => ({
  kind: 'by default', sequence: 'public.t_id_seq', type: 'integer', start: '1', increment: '1', min: '1', max: '2147483647', cache: '1', cycle: false, ...extra,
});

async function plan(from: SchemaModel, to: SchemaModel, serverVersion?: number) {
  const p = await planChanges(diffModels(from, to), from, to, serverVersion === undefined ? {} : { serverVersion });
  return { up: p.up.map((s) => s.sql), down: p.down.map((s) => s.sql), plan: p };
}

const total = (expression: string, extra: Partial<ColumnDef> = {}) => col('total', { generated: { expression, kind: 'stored' }, ...extra });
const items = (totalColumn: ColumnDef, extra: Partial<TableDef> = {}) => table('items', [col('price'), col('qty'), totalColumn], extra);

describe('version-aware plans (no database)', () => {
  it('a new generated expression: SET EXPRESSION on 17, drop and re-add on 15 and on an unknown server', async () => {
    const a = model([items(total('(price * qty)'))]);
    const b = model([items(total('((price * qty) * 1.2)'))]);
    const on17 = await plan(a, b, 170000);
    assert.deepEqual(on17.up, ['ALTER TABLE public.items ALTER COLUMN total SET EXPRESSION AS (((price * qty) * 1.2));']);
    assert.deepEqual(on17.down, ['ALTER TABLE public.items ALTER COLUMN total SET EXPRESSION AS ((price * qty));']);
    const on15 = await plan(a, b, 150020);
    assert.deepEqual(on15.up, [
      'ALTER TABLE public.items DROP COLUMN total;',
      'ALTER TABLE public.items ADD COLUMN total numeric GENERATED ALWAYS AS (((price * qty) * 1.2)) STORED;',
    ]);
    assert.deepEqual((await plan(a, b)).up, on15.up);
    // Adding the stored column computes it for every row: marked as the rewrite it is.
    assert.deepEqual(on15.plan.up.map((s) => s.hazards), [{ lock: 'ACCESS EXCLUSIVE' }, { lock: 'ACCESS EXCLUSIVE', rewrite: true }]);
    // The values are computed again from the other columns: nothing is lost either way.
    assert.equal(on15.plan.destructive, false);
  });

  it('what depends on a re-added column is rebuilt around it, on every version (the diff does not know the server)', async () => {
    const index = { name: 'items_total_idx', unique: false, method: 'btree', elements: [{ column: 'total', expression: null, expressionName: null, opclass: null, collation: null, descending: false, nullsFirst: false }], include: [], predicate: null, nullsNotDistinct: false, definition: 'CREATE INDEX items_total_idx ON public.items USING btree (total)', comment: null };
    const dependencies: [string, string][] = [['index:public.items_total_idx', 'column:public.items.total']];
    const a = model([items(total('(price * qty)'), { indexes: [index] })], dependencies);
    const b = model([items(total('(price * 2)'), { indexes: [index] })], dependencies);
    for (const version of [150000, 170000]) {
      const { up } = await plan(a, b, version);
      assert.equal(up[0], 'DROP INDEX public.items_total_idx;', up.join('\n'));
      assert.equal(up.at(-1), 'CREATE INDEX items_total_idx ON public.items USING btree (total);', up.join('\n'));
    }
  });

  it('a column becoming generated is re-added and destructive; the way back is DROP EXPRESSION in place', async () => {
    const a = model([items(col('total', { notNull: true }))]);
    const b = model([items(total('(price * qty)', { notNull: true }))]);
    for (const version of [150000, 180000]) {
      const { up, down, plan: p } = await plan(a, b, version);
      assert.deepEqual(up, ['ALTER TABLE public.items DROP COLUMN total;', 'ALTER TABLE public.items ADD COLUMN total numeric GENERATED ALWAYS AS ((price * qty)) STORED NOT NULL;']);
      assert.deepEqual(down, ['ALTER TABLE public.items ALTER COLUMN total DROP EXPRESSION;']);
      assert.equal(p.destructive, true);
      assert.equal((await plan(b, a, version)).plan.destructive, false);
    }
  });

  it('identity bounds: widening ones with the other options, then the sequence moved into range, then the narrowing ones', async () => {
    const t = (id: ColumnDef['identity']) => model([table('t', [col('id', { type: 'integer', notNull: true, identity: id })])]);
    const { up, down } = await plan(t(identity()), t(identity({ start: '100', min: '100', max: '5000', cache: '5' })));
    assert.deepEqual(up, [
      'ALTER TABLE public.t ALTER COLUMN id SET START WITH 100 SET CACHE 5;',
      "SELECT pg_catalog.setval('public.t_id_seq', LEAST(GREATEST(last_value, 100), 5000), is_called AND last_value BETWEEN 100 AND 5000) FROM public.t_id_seq;",
      'ALTER TABLE public.t ALTER COLUMN id SET MINVALUE 100 SET MAXVALUE 5000;',
    ]);
    // Widening back needs nothing moved.
    assert.deepEqual(down, ['ALTER TABLE public.t ALTER COLUMN id SET START WITH 1 SET MINVALUE 1 SET MAXVALUE 2147483647 SET CACHE 1;']);
  });

  it('a column becoming an identity in place, its sequence moved past the rows; and back by DROP IDENTITY', async () => {
    const t = (id: ColumnDef['identity']) => model([table('t', [col('id', { type: 'integer', notNull: true, identity: id })])]);
    const { up, down, plan: p } = await plan(t(null), t(identity({ kind: 'always' })));
    assert.deepEqual(up, [
      'ALTER TABLE public.t ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME public.t_id_seq START WITH 1 INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 CACHE 1 NO CYCLE);',
      "SELECT pg_catalog.setval('public.t_id_seq', max(id)) FROM public.t HAVING max(id) BETWEEN 1 AND 2147483647;",
    ]);
    assert.deepEqual(down, ['ALTER TABLE public.t ALTER COLUMN id DROP IDENTITY;']);
    assert.equal(p.destructive, false);
  });

  it('a change of partitioning rebuilds the table: renamed aside, built again with its partition, rows copied, old one dropped; destructive; and back', async () => {
    const partitioned = { strategy: 'range' as const, key: 'RANGE (price)' };
    const inherited = (c: ColumnDef): ColumnDef => ({ ...c, inheritance: 'inherited' });
    const a = model([items(total('(price * qty)'), { comment: 'stock' })]);
    const b = model([
      items(total('(price * qty)'), { comment: 'stock', partitioning: partitioned }),
      table('items_low', [col('price'), col('qty'), total('(price * qty)')].map(inherited), { partitionOf: { table: { schema: 'public', name: 'items' }, bound: 'FOR VALUES FROM (0) TO (100)' } }),
    ]);
    const { up, down, plan: p } = await plan(a, b, 150000);
    // The swap is silenced for lint, with the reason: the old table never shows outside the transaction.
    const swap = (rule: string) => `-- tidemark-lint-disable-next-line ${rule} -- table rebuild: the old table is swapped out in this transaction\n`;
    assert.deepEqual(up, [
      'COMMENT ON TABLE public.items IS NULL;',
      `${swap('renaming-table')}ALTER TABLE public.items RENAME TO items__tidemark_old;`,
      'CREATE TABLE public.items (\n  price numeric,\n  qty numeric,\n  total numeric GENERATED ALWAYS AS ((price * qty)) STORED\n) PARTITION BY RANGE (price);',
      'CREATE TABLE public.items_low PARTITION OF public.items FOR VALUES FROM (0) TO (100);',
      // The generated column is computed again, not copied.
      'INSERT INTO public.items (price, qty) SELECT price, qty FROM public.items__tidemark_old;',
      `${swap('ban-drop-table')}DROP TABLE public.items__tidemark_old;`,
      "COMMENT ON TABLE public.items IS 'stock';",
    ]);
    assert.deepEqual(down.slice(1, 4), [
      `${swap('renaming-table')}ALTER TABLE public.items RENAME TO items__tidemark_old;`,
      'CREATE TABLE public.items (\n  price numeric,\n  qty numeric,\n  total numeric GENERATED ALWAYS AS ((price * qty)) STORED\n);',
      'INSERT INTO public.items (price, qty) SELECT price, qty FROM public.items__tidemark_old;',
    ]);
    assert.equal(p.destructive, true);
    const rebuild = p.up.filter((s) => s.sql.includes('items__tidemark_old'));
    assert.ok(rebuild.every((s) => s.hazards.lock === 'ACCESS EXCLUSIVE' && s.hazards.rewrite === true && s.hazards.dataLoss === true), JSON.stringify(rebuild));
    assert.match(p.changes.find((c) => !c.implied && c.change.kind === 'table')!.summary, /^Rebuilt table 'items' with its rows copied: not partitioned → partitioned by RANGE \(price\)\.$/);
    // On PostgreSQL 18 the old NOT NULL constraints are dropped first, freeing their names.
    const nn = model([items(total('(price * qty)'), { columns: [col('price', { notNull: true }), col('qty')] })]);
    const nnPartitioned = model([items(total('(price * qty)'), { columns: [col('price', { notNull: true }), col('qty')], partitioning: partitioned })]);
    assert.ok((await plan(nn, nnPartitioned, 180000)).up.some((s) => s.endsWith('\nALTER TABLE public.items__tidemark_old ALTER COLUMN price DROP NOT NULL;')));
    assert.ok(!(await plan(nn, nnPartitioned, 170000)).up.some((s) => s.includes('DROP NOT NULL')));
  });
});
