import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { diffModels, planChanges, emptyModel, writeSchemaSql, type SchemaModel, type TableDef, type ColumnDef, type FunctionDef } from '../../src/index.js';

// Plans ordered from fixture models, no database: each case is a dependency the catalog records
// (model.dependencies) or a kind declares, and the statement order it must produce.

const col = (name: string, type = 'integer', extra: Partial<ColumnDef> = {}): ColumnDef => ({
  name, type, userType: null, notNull: false, default: null, identity: null, generated: null, collation: null, comment: null,
  inheritance: 'local', notNullInheritedOnly: false, storage: null, compression: null, statistics: null, ...extra,
});
const table = (name: string, columns: ColumnDef[], extra: Partial<TableDef> = {}): TableDef => ({
  schema: 'public', name, columns, constraints: [], indexes: [], triggers: [], policies: [], rowSecurity: false, forceRowSecurity: false,
  partitioning: null, partitionOf: null, unlogged: false, comment: null, inherits: [], options: [], replicaIdentity: 'default', ...extra,
});
const fn = (name: string, args: string, body: string, returns = 'integer'): FunctionDef => ({
  schema: 'public', name, kind: 'function', identityArguments: args, comment: null,
  definition: `CREATE OR REPLACE FUNCTION public.${name}(${args})\n RETURNS ${returns}\n LANGUAGE sql\nAS $function$${body}$function$\n`,
});
const model = (parts: Partial<SchemaModel>): SchemaModel => ({ ...emptyModel(), schemas: [{ name: 'public', comment: null }], ...parts });
const sequence = { schema: 'public', name: 'n_seq', type: 'bigint', start: '1', increment: '1', min: '1', max: '9223372036854775807', cache: '1', cycle: false, comment: null };

async function plan(from: SchemaModel, to: SchemaModel) {
  const p = await planChanges(diffModels(from, to), from, to);
  return { up: p.up.map((s) => s.sql), down: p.down.map((s) => s.sql), plan: p };
}

/** before asserts that the statement matching `a` comes before the one matching `b`. */
function before(statements: readonly string[], a: string, b: string): void {
  const i = statements.findIndex((s) => s.includes(a));
  const j = statements.findIndex((s) => s.includes(b));
  assert.ok(i >= 0, `no statement with ${a}:\n${statements.join('\n')}`);
  assert.ok(j >= 0, `no statement with ${b}:\n${statements.join('\n')}`);
  assert.ok(i < j, `expected "${a}" before "${b}":\n${statements.join('\n')}`);
}

describe('plan order from fixture models (no database)', () => {
  it('a serial: the sequence, then the table whose default uses it, then OWNED BY', async () => {
    const t = table('t', [col('id', 'bigint', { default: "nextval('public.n_seq'::regclass)" })]);
    const to = model({ tables: [t], sequences: [{ ...sequence, ownedBy: { schema: 'public', table: 't', column: 'id' } }], dependencies: [['column:public.t.id', 'sequence:public.n_seq']] });
    const { up, down } = await plan(model({}), to);
    before(up, 'CREATE SEQUENCE public.n_seq', 'CREATE TABLE public.t');
    before(up, 'CREATE TABLE public.t', 'OWNED BY public.t.id');
    // Going back, DROP TABLE takes the owned sequence along: no DROP SEQUENCE of its own.
    assert.deepEqual(down, ['DROP TABLE public.t;']);
  });

  it('a default stops using a sequence that is dropped: the default goes first', async () => {
    const a = model({ tables: [table('t', [col('id', 'bigint', { default: "nextval('public.n_seq'::regclass)" })])], sequences: [{ ...sequence, ownedBy: null }], dependencies: [['column:public.t.id', 'sequence:public.n_seq']] });
    const b = model({ tables: [table('t', [col('id', 'bigint')])] });
    const { up, down } = await plan(a, b);
    before(up, 'DROP DEFAULT', 'DROP SEQUENCE public.n_seq');
    before(down, 'CREATE SEQUENCE public.n_seq', 'SET DEFAULT nextval');
  });

  it('a function called by a default is dropped after the default is', async () => {
    const f = fn('next_code', '', 'SELECT 1');
    const a = model({ functions: [f], tables: [table('t', [col('code', 'integer', { default: 'public.next_code()' })])], dependencies: [['column:public.t.code', 'function:public.next_code()']] });
    const b = model({ tables: [table('t', [col('code')])] });
    const { up, down } = await plan(a, b);
    before(up, 'DROP DEFAULT', 'DROP FUNCTION public.next_code()');
    before(down, 'CREATE OR REPLACE FUNCTION public.next_code()', 'SET DEFAULT public.next_code()');
  });

  it('two dropped tables with foreign keys both ways: the keys go first, without CASCADE', async () => {
    const fk = (name: string, target: string) => ({
      name, type: 'foreign key' as const, definition: `FOREIGN KEY (ref) REFERENCES public.${target}(id)`, columns: ['ref'],
      foreignKey: { table: { schema: 'public', name: target }, columns: ['id'], onUpdate: 'no action' as const, onDelete: 'no action' as const, match: 'simple' as const },
      check: null, nullsNotDistinct: false, deferrable: false, initiallyDeferred: false, validated: true, comment: null,
    });
    const pk = { name: 'pk', type: 'primary key' as const, definition: 'PRIMARY KEY (id)', columns: ['id'], foreignKey: null, check: null, nullsNotDistinct: false, deferrable: false, initiallyDeferred: false, validated: true, comment: null };
    const a = model({
      tables: [
        table('a', [col('id'), col('ref')], { constraints: [{ ...pk, name: 'a_pk' }, fk('a_b_fk', 'b')] }),
        table('b', [col('id'), col('ref')], { constraints: [{ ...pk, name: 'b_pk' }, fk('b_a_fk', 'a')] }),
      ],
    });
    const { up, down } = await plan(a, model({}));
    before(up, 'DROP CONSTRAINT a_b_fk', 'DROP TABLE public.b');
    before(up, 'DROP CONSTRAINT b_a_fk', 'DROP TABLE public.a');
    assert.ok(!up.some((s) => /CASCADE/.test(s)));
    // Recreating: both tables and their keys before either foreign key.
    before(down, 'ADD CONSTRAINT b_pk', 'ADD CONSTRAINT a_b_fk');
    before(down, 'ADD CONSTRAINT a_pk', 'ADD CONSTRAINT b_a_fk');
  });

  it('a view over a column whose type changes is dropped before and recreated after', async () => {
    const view = { schema: 'public', name: 'v', materialized: false, definition: ' SELECT t.x FROM public.t;', options: [], columns: [{ name: 'x', type: 'integer', comment: null }], indexes: [], dependsOn: [{ schema: 'public', name: 't' }], comment: null };
    const a = model({ tables: [table('t', [col('x')])], views: [view], dependencies: [['relation:public.v', 'column:public.t.x']] });
    const b = model({ tables: [table('t', [col('x', 'bigint')])], views: [{ ...view, columns: [{ name: 'x', type: 'bigint', comment: null }] }], dependencies: [['relation:public.v', 'column:public.t.x']] });
    const { up } = await plan(a, b);
    before(up, 'DROP VIEW public.v', 'TYPE bigint');
    before(up, 'TYPE bigint', 'CREATE VIEW public.v');
  });

  it('a trigger follows its function when the function is recreated', async () => {
    const trigger = { name: 'tg', timing: 'before' as const, events: ['insert' as const], columns: [], level: 'row' as const, when: null, function: { schema: 'public', name: 'f' }, constraint: false, enabled: 'origin' as const, definition: 'CREATE TRIGGER tg BEFORE INSERT ON public.t FOR EACH ROW EXECUTE FUNCTION public.f()', comment: null };
    const a = model({ functions: [fn('f', '', 'SELECT 1', 'trigger')], tables: [table('t', [col('x')], { triggers: [trigger] })] });
    const b = model({ functions: [fn('f', '', 'SELECT 1', 'event_trigger')], tables: [table('t', [col('x')], { triggers: [trigger] })] });
    const { up } = await plan(a, b);
    before(up, 'DROP TRIGGER tg', 'DROP FUNCTION public.f()');
    before(up, 'CREATE OR REPLACE FUNCTION public.f()', 'CREATE TRIGGER tg');
  });

  it('a policy reading another table: both dropped, the policy\'s table first', async () => {
    const policy = { name: 'p', command: 'all' as const, permissive: true, roles: ['public'], using: '(EXISTS ( SELECT 1 FROM public.z))', withCheck: null, comment: null };
    const a = model({ tables: [table('a', [col('x')], { policies: [policy], rowSecurity: true }), table('z', [col('y')])], dependencies: [['policy:public.a.p', 'relation:public.z']] });
    const { up } = await plan(a, model({}));
    before(up, 'DROP TABLE public.a', 'DROP TABLE public.z');
  });

  it('a function taking a table\'s row type is created after the table in inspect output', async () => {
    const f = fn('aa_total', 't public.zz', 'SELECT 1');
    const m = model({ functions: [f], tables: [table('zz', [col('x')])], dependencies: [['function:public.aa_total(t public.zz)', 'relation:public.zz']] });
    const sql = (await writeSchemaSql(m)).split('\n');
    before(sql, 'CREATE TABLE public.zz', 'FUNCTION public.aa_total');
  });

  it('renames run first going up and last going down', async () => {
    const a = model({ tables: [table('old', [col('x')])] });
    const b = model({ tables: [table('new', [col('x'), col('y')])] });
    const p = await planChanges(diffModels(a, b, { tables: new Map([['public.old', 'new']]) }), a, b);
    const up = p.up.map((s) => s.sql);
    const down = p.down.map((s) => s.sql);
    assert.deepEqual(up, ['ALTER TABLE public.old RENAME TO new;', 'ALTER TABLE public.new ADD COLUMN y integer;']);
    assert.deepEqual(down, ['ALTER TABLE public.new DROP COLUMN y;', 'ALTER TABLE public.new RENAME TO old;']);
  });

  it('renaming a table moves what refers to it along: children, partitions and publications are not rebuilt', async () => {
    const ref = (name: string) => ({ schema: 'public', name });
    const publication = (table: string) => ({
      name: 'pub', allTables: false, publish: ['insert', 'update', 'delete', 'truncate'], viaRoot: false, generatedColumns: 'none' as const,
      tables: [{ ...ref(table), columns: ['x'], where: null }], schemas: [], comment: null,
    });
    const given = { inheritance: 'inherited' as const };
    const side = (parent: string) =>
      model({
        tables: [
          table(parent, [col('x')]),
          table('child', [col('x', 'integer', given)], { inherits: [ref(parent)] }),
          table('p_' + parent, [col('k', 'text')], { partitioning: { strategy: 'list', key: 'LIST (k)' } }),
          table('part', [col('k', 'text', given)], { partitionOf: { table: ref('p_' + parent), bound: "FOR VALUES IN ('a')" } }),
        ],
        publications: [publication(parent)],
      });
    const [a, b] = [side('old'), side('new')];
    const hints = { tables: new Map([['public.old', 'new'], ['public.p_old', 'p_new']]) };
    const p = await planChanges(diffModels(a, b, hints), a, b);
    assert.deepEqual(p.up.map((s) => s.sql), ['ALTER TABLE public.old RENAME TO new;', 'ALTER TABLE public.p_old RENAME TO p_new;']);
    assert.deepEqual(p.down.map((s) => s.sql).sort(), ['ALTER TABLE public.new RENAME TO old;', 'ALTER TABLE public.p_new RENAME TO p_old;']);
  });

  it('a column added to a partitioned table is added once, not again on each partition', async () => {
    const parent = (cols: ColumnDef[]) => table('p', cols, { partitioning: { strategy: 'list', key: 'LIST (k)' } });
    const part = (cols: ColumnDef[]) => table('p1', cols, { partitionOf: { table: { schema: 'public', name: 'p' }, bound: "FOR VALUES IN ('a')" } });
    // A partition's columns are its parent's (pg_attribute.attislocal is false), as the catalog says.
    const given = { inheritance: 'inherited' as const };
    const a = model({ tables: [parent([col('k', 'text')]), part([col('k', 'text', given)])] });
    const b = model({ tables: [parent([col('k', 'text'), col('v')]), part([col('k', 'text', given), col('v', 'integer', given)])] });
    const { up } = await plan(a, b);
    assert.deepEqual(up, ['ALTER TABLE public.p ADD COLUMN v integer;']);
  });

  it('an extension version difference is a note, never a change', async () => {
    const ext = (version: string) => model({ extensions: [{ name: 'citext', schema: 'public', version }] });
    const { up, plan: p } = await plan(ext('1.6'), ext('1.8'));
    assert.deepEqual(up, []);
    assert.deepEqual(p.notes, ["extension 'citext' is version 1.6 on one side and 1.8 on the other; versions are not planned"]);
    assert.ok(!(await writeSchemaSql(ext('1.6'))).includes('VERSION'));
    assert.ok((await writeSchemaSql(ext('1.6'), { pinVersions: true })).includes("VERSION '1.6'"));
  });
});
