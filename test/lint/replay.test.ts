import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { splitStatements } from '../../src/parser/parser.js';
import { replayStatement } from '../../src/lint/schema/replay.js';
import { SchemaState } from '../../src/lint/schema/state.js';

const replay = async (state: SchemaState, sql: string, file = 'f1') => {
  for (const statement of await splitStatements(sql)) replayStatement(state, statement, file);
  return state;
};
const t = (name: string, schema = 'public') => ({ schema, name });

describe('lint schema replay', () => {
  it('builds tables, columns, keys and indexes from CREATE TABLE and CREATE INDEX', async () => {
    const state = await replay(new SchemaState(), `
      create table s.users (id serial primary key, email varchar(20) not null unique, org bigint references orgs (id) on delete set null, at timestamptz default now());
      create index users_org_idx on s.users (org, lower(email)) where org is not null;`);
    const users = state.table(t('users', 's'))!;
    assert.deepEqual([...users.columns.keys()], ['id', 'email', 'org', 'at']);
    assert.deepEqual(users.columns.get('id'), { name: 'id', type: { name: 'int4', mods: [], array: false }, notNull: true, hasDefault: true, identity: false, generated: false, keyed: true, createdIn: 'f1' });
    assert.equal(users.columns.get('email')!.type.name, 'varchar');
    assert.deepEqual(['email', 'org'].map((c) => users.columns.get(c)!.keyed), [false, true]);
    assert.deepEqual(users.constraints.map((c) => `${c.kind}:${c.columns.join(',')}:${c.onDelete ?? ''}`), ['primary:id:', 'unique:email:', 'foreign:org:set null']);
    assert.deepEqual(users.indexes.map((i) => `${i.name ?? '?'}:${i.columns.map((c) => c ?? 'expr').join(',')}:${i.partial}`), ['users_pkey:id:false', 'users_email_key:email:false', 'users_org_idx:org,expr:true']);
    assert.equal(state.indexTable(t('users_org_idx', 's')), users);
  });

  it('follows ALTER TABLE, renames, schema moves and drops', async () => {
    const state = await replay(new SchemaState(), `
      create table a (id bigint primary key, x int);
      alter table a add column y text not null default 'v', alter column x set not null, alter column x type bigint;
      alter table a add constraint x_nn check (x is not null) not valid;
      alter table a validate constraint x_nn;
      alter table a rename column y to z;
      alter table a rename to b;
      create index b_z_idx on b (z);
      alter index b_z_idx rename to b_z;
      alter table b set schema archive;
      create table gone (id int); drop table gone;`);
    assert.equal(state.table(t('a')), undefined);
    assert.equal(state.table(t('gone')), undefined);
    const b = state.table(t('b', 'archive'))!;
    assert.deepEqual([...b.columns.keys()], ['id', 'x', 'z']);
    assert.deepEqual({ notNull: b.columns.get('x')!.notNull, type: b.columns.get('x')!.type.name }, { notNull: true, type: 'int8' });
    assert.deepEqual(b.constraints.find((c) => c.name === 'x_nn'), { name: 'x_nn', kind: 'check', columns: [], validated: true, notNullOf: 'x', references: undefined, onDelete: undefined, onUpdate: undefined, setColumns: undefined });
    assert.equal(state.indexTable(t('b_z', 'archive'))?.name, 'b');
    await replay(state, 'alter table archive.b drop column z; drop index archive.b_z;');
    assert.deepEqual(b.indexes.map((i) => i.name), ['a_pkey']);
  });

  it('creates tables from CREATE TABLE AS, SELECT INTO and materialized views; a key column stays keyed after its key is dropped', async () => {
    const state = await replay(new SchemaState(), `
      create table copy as select * from users;
      select id into picked from users;
      create materialized view counts as select count(*) from users;
      create table k (id int primary key);
      alter table k drop constraint k_pkey;`, 'f2');
    assert.deepEqual(['copy', 'picked', 'counts'].map((n) => [state.table(t(n))?.createdIn, state.table(t(n))?.materialized]), [['f2', false], ['f2', false], ['f2', true]]);
    const k = state.table(t('k'))!;
    assert.deepEqual([k.constraints.length, k.columns.get('id')!.keyed], [0, true]);
  });

  it('keeps enum labels in order', async () => {
    const state = await replay(new SchemaState(), `
      create type mood as enum ('sad', 'happy');
      alter type mood add value 'ok' before 'happy';
      alter type mood add value 'great';
      alter type mood add value if not exists 'sad';
      alter type mood rename value 'sad' to 'blue';`);
    assert.deepEqual(state.enumLabels(t('mood')), ['blue', 'ok', 'happy', 'great']);
  });

  it('forks for down sections: changes to the fork never reach the original', async () => {
    const state = await replay(new SchemaState(), 'create table a (id bigint primary key, x int); create type e as enum (\'a\');');
    const fork = await replay(state.fork(), "alter table a drop column x; create table b (id int); drop type e; alter table a enable row level security;", 'f2');
    assert.deepEqual([...fork.table(t('a'))!.columns.keys()], ['id']);
    assert.ok(fork.table(t('b')));
    assert.equal(fork.enumLabels(t('e')), undefined);
    assert.deepEqual([...state.table(t('a'))!.columns.keys()], ['id', 'x']);
    assert.equal(state.table(t('a'))!.rowSecurity, false);
    assert.equal(state.table(t('b')), undefined);
    assert.deepEqual(state.enumLabels(t('e')), ['a']);
    assert.deepEqual([...fork.tables()].map((x) => x.name).sort(), ['a', 'b']);
  });

  it('gives tables it never saw created a placeholder that counts as existing', async () => {
    const state = await replay(new SchemaState(), 'alter table legacy add column note text; create index on legacy (note);', 'f9');
    const legacy = state.table(t('legacy'))!;
    assert.equal(legacy.createdIn, '(existing)');
    assert.equal(legacy.opaque, true);
    assert.equal(legacy.columns.get('note')!.createdIn, 'f9');
  });
});
