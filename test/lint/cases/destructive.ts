import { up, USERS, type RuleCases } from '../support.js';

/** Cases for the destructive and code-breaking rules. */
export const destructiveCases: readonly RuleCases[] = [
  {
    rule: 'ban-drop-table',
    fires: [
      { before: [USERS], file: up('drop table users;'), line: 2 },
      { before: [USERS], file: up('drop table if exists public.users;') },
      { file: up('drop table legacy;') },
    ],
    passes: [
      { file: up('create table t (id bigint primary key);\ndrop table t;') },
      { file: '-- migrate:up\ncreate table t (id bigint primary key);\n-- migrate:down\ndrop table t;\n' },
      { before: [USERS], file: up('drop index users_email_idx;') },
    ],
  },
  {
    rule: 'ban-drop-column',
    fires: [
      { before: [USERS], file: up('alter table users drop column name;'), line: 2 },
      { before: [USERS], file: up('alter table users add column x int, drop column email;') },
    ],
    passes: [
      { before: [USERS], file: '-- migrate:up\nalter table users add column nick text;\n-- migrate:down\nalter table users drop column nick;\n' },
      { file: up('create table t (id bigint primary key, x int);\nalter table t drop column x;') },
    ],
  },
  {
    rule: 'ban-drop-schema',
    fires: [{ file: up('drop schema billing;') }, { before: [up('create schema billing;')], file: up('drop schema billing;') }],
    passes: [{ file: '-- migrate:up\ncreate schema billing;\n-- migrate:down\ndrop schema billing;\n' }],
  },
  {
    rule: 'ban-truncate',
    fires: [{ before: [USERS], file: up('truncate users;'), line: 2 }],
    passes: [{ file: up('create table t (id bigint primary key);\ntruncate t;') }],
  },
  {
    rule: 'ban-drop-cascade',
    fires: [
      { before: [USERS], file: up('drop table users cascade;') },
      { before: [USERS], file: up('truncate users cascade;') },
      { before: [USERS], file: up('alter table users drop column email cascade;') },
      { file: '-- migrate:up\ncreate schema s;\n-- migrate:down\ndrop schema s cascade;\n' },
    ],
    passes: [{ before: [USERS], file: up('drop table users restrict;') }, { before: [USERS], file: up('alter table users drop column email;') }],
  },
  {
    rule: 'ban-drop-database',
    fires: [{ file: up('drop database app;'), line: 2 }],
    passes: [{ file: up('create database app2;') }],
  },
  {
    rule: 'renaming-table',
    fires: [
      { before: [USERS], file: up('alter table users rename to accounts;'), line: 2 },
      { before: [USERS], file: up('alter table users set schema archive;') },
    ],
    passes: [{ file: up('create table t (id bigint primary key);\nalter table t rename to u;') }, { before: [USERS], file: up('alter index users_pkey rename to users_pk;') }],
  },
  {
    rule: 'renaming-column',
    fires: [{ before: [USERS], file: up('select 1;\nalter table users rename column name to full_name;'), line: 3 }],
    passes: [
      { before: [USERS], file: up('alter table users add column nick text;\nalter table users rename column nick to nickname;') },
      { file: up('create table t (id bigint primary key, a int);\nalter table t rename column a to b;') },
    ],
  },
];
