import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { emptyModel } from '../../src/model/normalize.js';
import type { SchemaModel, TableDef } from '../../src/model/types.js';
import { writeSchemaSql } from '../../src/sql/write-schema.js';
import { writeDropSql } from '../../src/sql/write-drop.js';

/**
 * Database-free checks of how the extra kinds are ordered and printed, from hand-built models: the
 * database tests in extras.test.ts prove the SQL loads; these pin the order in milliseconds.
 */
const table = (name: string, columns: string[]): TableDef => ({
  schema: 'public',
  name,
  columns: columns.map((c) => ({ name: c, type: 'integer', userType: null, notNull: false, default: null, identity: null, generated: null, collation: null, comment: null, inheritance: 'local' as const, notNullInheritedOnly: false, storage: null, compression: null, statistics: null })),
  constraints: [],
  indexes: [],
  triggers: [],
  policies: [],
  rowSecurity: false,
  forceRowSecurity: false,
  partitioning: null,
  partitionOf: null,
  unlogged: false,
  comment: null,
  inherits: [],
  options: [],
  replicaIdentity: 'default',
});

const model: SchemaModel = {
  ...emptyModel(),
  schemas: [{ name: 'public', comment: null }],
  functions: [
    {
      schema: 'public',
      name: 'step',
      kind: 'function',
      identityArguments: 'integer, integer',
      definition: 'CREATE OR REPLACE FUNCTION public.step(integer, integer)\n RETURNS integer\n LANGUAGE sql\nAS $$ SELECT $1 + $2 $$\n',
      comment: null,
    },
  ],
  aggregates: [{ schema: 'public', name: 'agg', identityArguments: 'integer', arguments: 'integer', options: 'SFUNC = public.step, STYPE = integer', comment: 'sums' }],
  tables: [
    {
      ...table('t', ['a', 'b']),
      statistics: [{ schema: 'public', name: 't_ab', columns: ['a', 'b'], definition: 'CREATE STATISTICS public.t_ab (ndistinct) ON a, b FROM public.t', target: 300, comment: null }],
      rules: [{ name: 'keep', definition: 'CREATE RULE keep AS\n    ON DELETE TO public.t DO INSTEAD NOTHING;', enabled: 'disabled', comment: null }],
    },
  ],
  publications: [{ name: 'feed', allTables: false, publish: ['insert'], viaRoot: false, generatedColumns: 'none', tables: [{ schema: 'public', name: 't', columns: ['a'], where: '(a > 0)' }], schemas: [], comment: null }],
  // What pg_depend says: the aggregate needs its transition function.
  dependencies: [['function:public.agg(integer)', 'function:public.step(integer, integer)']],
};

describe('extra object kinds in a creation script, without a database', () => {
  it('orders each after what it needs and prints its settings', async () => {
    const lines = (await writeSchemaSql(model)).split('\n');
    const at = (prefix: string) => {
      const i = lines.findIndex((l) => l.startsWith(prefix));
      assert.ok(i >= 0, `${prefix} missing from:\n${lines.join('\n')}`);
      return i;
    };
    assert.ok(at('CREATE OR REPLACE FUNCTION public.step') < at('CREATE AGGREGATE public.agg(integer) (SFUNC = public.step, STYPE = integer);'));
    assert.ok(at('CREATE TABLE public.t') < at('CREATE STATISTICS public.t_ab'));
    assert.ok(at('CREATE STATISTICS public.t_ab') < at('ALTER STATISTICS public.t_ab SET STATISTICS 300;'));
    assert.ok(at('CREATE RULE keep') < at('ALTER TABLE public.t DISABLE RULE keep;'));
    assert.ok(at('CREATE PUBLICATION feed WITH (publish = \'insert\');') < at('ALTER PUBLICATION feed ADD TABLE ONLY public.t (a) WHERE ((a > 0));'));
    assert.ok(at('CREATE TABLE public.t') < at('ALTER PUBLICATION feed ADD TABLE'));
    assert.ok(at('CREATE AGGREGATE') < at("COMMENT ON AGGREGATE public.agg(integer) IS 'sums';"));
  });

  it('drops each before what it needs', async () => {
    const lines = (await writeDropSql(model)).split('\n');
    const at = (prefix: string) => lines.findIndex((l) => l.startsWith(prefix));
    assert.ok(at('DROP AGGREGATE public.agg(integer);') >= 0 && at('DROP AGGREGATE') < at('DROP FUNCTION public.step'), lines.join('\n'));
    assert.ok(at('DROP PUBLICATION feed;') >= 0 && at('DROP PUBLICATION') < at('DROP TABLE public.t'), lines.join('\n'));
    // The table's DROP takes its rules and statistics along.
    assert.equal(at('DROP RULE'), -1);
    assert.equal(at('DROP STATISTICS'), -1);
  });
});
