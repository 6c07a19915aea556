import { up, USERS, type RuleCases } from '../support.js';

/** Cases for the rules about locks and table rewrites. */
export const lockingCases: readonly RuleCases[] = [
  {
    rule: 'require-concurrent-index-creation',
    fires: [
      { before: [USERS], file: up('create index users_name_idx on users (name);'), line: 2 },
      // Not created by any replayed migration: it must exist for the statement to work.
      { file: up('create index on legacy (x);') },
      { before: [USERS], file: up('create unique index users_email_key on users (lower(email));') },
    ],
    passes: [
      { file: up('create table t (id bigint primary key, a int);\ncreate index t_a_idx on t (a);') },
      { before: [USERS], file: up('create index concurrently if not exists users_name_idx on users (name);', { transactional: false }) },
      // Dropped and created again in this migration: empty.
      { before: [USERS], file: up('drop table users;\ncreate table users (id bigint primary key, a int);\ncreate index on users (a);') },
    ],
  },
  {
    rule: 'require-concurrent-index-deletion',
    fires: [{ before: [USERS, up('create index users_name_idx on users (name);')], file: up('drop index users_name_idx;'), line: 2 }],
    passes: [
      { before: [USERS], file: up('drop index concurrently if exists users_name_idx;', { transactional: false }) },
      { file: '-- migrate:up\ncreate table t (id bigint primary key, a int);\ncreate index t_a_idx on t (a);\n-- migrate:down\ndrop index t_a_idx;\ndrop table t;\n' },
    ],
  },
  {
    rule: 'require-concurrent-reindex',
    fires: [{ file: up('reindex table users;') }, { file: up('reindex index users_pkey;') }],
    passes: [{ file: up('reindex table concurrently users;', { transactional: false }) }],
  },
  {
    rule: 'require-concurrent-partition-detach',
    fires: [{ file: up('alter table events detach partition events_2020;') }],
    passes: [{ file: up('alter table events detach partition events_2020 concurrently;', { transactional: false }) }],
  },
  {
    rule: 'concurrently-in-transaction',
    fires: [
      { file: up('create index concurrently i on users (name);'), line: 2 },
      { file: up('drop index concurrently i;') },
      { file: up('reindex index concurrently i;') },
      { file: up('alter table events detach partition e1 concurrently;') },
    ],
    passes: [{ file: up('create index concurrently if not exists i on users (name);', { transactional: false }) }, { file: up('create index i on users (name);') }],
  },
  {
    rule: 'adding-volatile-default',
    fires: [
      { before: [USERS], file: up('alter table users add column token uuid default gen_random_uuid();'), line: 2 },
      { before: [USERS], file: up('alter table users add column seq bigserial;') },
      { before: [USERS], file: up('alter table users add column n bigint generated always as identity;') },
      { before: [USERS], file: up('alter table users add column total numeric generated always as (price * 2) stored;') },
      { before: [USERS], file: up('alter table users add column r float8 default random() + 1;') },
    ],
    passes: [
      { before: [USERS], file: up("alter table users add column status text not null default 'active';") },
      { before: [USERS], file: up('alter table users add column seen_at timestamptz default now();') },
      { before: [USERS], file: up('alter table users add column seen_at timestamptz default current_timestamp;') },
      { file: up('create table t (id uuid primary key default gen_random_uuid());') },
    ],
  },
  {
    rule: 'adding-required-field',
    fires: [
      { before: [USERS], file: up('alter table users add column plan text not null;'), line: 2 },
      { before: [USERS], file: up('alter table users add column plan text not null default null;') },
    ],
    passes: [
      { before: [USERS], file: up("alter table users add column plan text not null default 'free';") },
      { before: [USERS], file: up('alter table users add column plan text;') },
      { before: [USERS], file: up('alter table users add column n bigint not null generated always as identity;') },
      { file: up('create table t (id bigint primary key, plan text not null);') },
    ],
  },
  {
    rule: 'set-not-null-without-check',
    fires: [
      { before: [USERS], file: up('alter table users alter column name set not null;'), line: 2 },
      // A NOT VALID check proves nothing until validated.
      { before: [USERS, up('alter table users add constraint name_nn check (name is not null) not valid;')], file: up('alter table users alter column name set not null;') },
    ],
    passes: [
      { before: [USERS, up('alter table users add constraint name_nn check (name is not null) not valid;'), up('alter table users validate constraint name_nn;')], file: up('alter table users alter column name set not null;') },
      { file: up('create table t (id bigint primary key);\nalter table t add column nick text;\nalter table t alter column nick set not null;') },
    ],
  },
  {
    rule: 'ban-drop-not-null',
    fires: [{ before: [USERS], file: up('alter table users alter column email drop not null;'), line: 2 }],
    passes: [{ file: up('create table t (id bigint primary key, a int not null);\nalter table t alter column a drop not null;') }],
  },
  {
    rule: 'constraint-missing-not-valid',
    fires: [
      { before: [USERS], file: up('alter table users add constraint age_positive check (age > 0);'), line: 2 },
      { before: [USERS, up('create table orgs (id bigint primary key);')], file: up('alter table users add constraint users_org_fk foreign key (org_id) references orgs (id);') },
    ],
    passes: [
      { before: [USERS], file: up('alter table users add constraint age_positive check (age > 0) not valid;') },
      { file: up('create table t (id bigint primary key, a int);\nalter table t add constraint a_pos check (a > 0);') },
      { before: [USERS], file: up('alter table users validate constraint age_positive;') },
    ],
  },
  {
    rule: 'constraint-builds-index',
    fires: [
      { before: [USERS], file: up('alter table users add constraint users_email_key unique (email);'), line: 2 },
      { before: [up('create table t (a int);')], file: up('alter table t add primary key (a);') },
      { before: [USERS], file: up('alter table users add column handle text unique;') },
      { before: [USERS], file: up('alter table users add constraint no_overlap exclude using gist (age with =);') },
    ],
    passes: [
      { before: [USERS], file: up('alter table users add constraint users_email_key unique using index users_email_idx;') },
      { file: up('create table t (a int);\nalter table t add primary key (a);') },
    ],
  },
  {
    rule: 'changing-column-type',
    fires: [
      { before: [USERS], file: up('alter table users alter column age type bigint;'), line: 2 },
      { before: [USERS], file: up('alter table users alter column code type varchar(5);') },
      { before: [USERS], file: up('alter table users alter column price type numeric(10,4);') },
      { before: [USERS], file: up('alter table users alter column age type text using age::text;') },
      { file: up('alter table legacy alter column x type text;') },
    ],
    passes: [
      { before: [USERS], file: up('alter table users alter column code type varchar(50);') },
      { before: [USERS], file: up('alter table users alter column code type text;') },
      { before: [USERS], file: up('alter table users alter column price type numeric(12,2);') },
      { before: [USERS], file: up('alter table users alter column price type numeric;') },
      { file: up('create table t (id bigint primary key, a int);\nalter table t alter column a type bigint;') },
    ],
  },
  {
    rule: 'ban-alter-domain-add-constraint',
    fires: [{ file: up('alter domain positive add constraint p check (value > 0);'), line: 2 }],
    passes: [{ file: up('alter domain positive add constraint p check (value > 0) not valid;') }],
  },
  {
    rule: 'ban-vacuum-full',
    fires: [{ file: up('vacuum full users;', { transactional: false }) }, { file: up('vacuum (full, analyze) users;', { transactional: false }) }, { file: up('cluster users using users_pkey;') }],
    passes: [{ file: up('vacuum analyze users;', { transactional: false }) }],
  },
];
