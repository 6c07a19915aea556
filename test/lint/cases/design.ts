import { up, USERS, type RuleCases } from '../support.js';

const LONG = 'a_name_that_goes_on_and_on_well_past_what_postgresql_keeps_for_names';

/** Cases for the schema design rules. */
export const designCases: readonly RuleCases[] = [
  {
    rule: 'set-null-on-not-null',
    fires: [
      { before: [USERS], file: up('create table files (\n  id bigint primary key,\n  user_id bigint not null references users (id) on delete set null\n);'), line: 4 },
      { before: [USERS], file: up('create table files (id bigint primary key, owner bigint not null, foreign key (owner) references users (id) on delete set default);') },
      { before: [USERS], file: up('create table files (id bigint primary key, owner bigint references users (id) on update set null, primary key (owner));') },
      { before: [USERS, up('create table files (id bigint primary key, owner bigint);')], file: up('alter table files alter column owner set not null;\nalter table files add constraint owner_fk foreign key (owner) references users (id) on delete set null not valid;') },
      // SET NOT NULL on a column whose foreign key already sets it to NULL.
      { before: [USERS, up('create table files (id bigint primary key, owner bigint references users (id) on delete set null);')], file: up('alter table files alter column owner set not null;'), line: 2 },
    ],
    passes: [
      { before: [USERS], file: up('create table files (id bigint primary key, user_id bigint references users (id) on delete set null);') },
      { before: [USERS], file: up('create table files (id bigint primary key, user_id bigint not null references users (id) on delete cascade);') },
      { before: [USERS], file: up('create table files (id bigint primary key, user_id bigint not null default 0 references users (id) on delete set default);') },
      // The fix in the same section: the column ends up nullable.
      { before: [USERS], file: up('create table files (id bigint primary key, user_id bigint not null references users (id) on delete set null);\nalter table files alter column user_id drop not null;') },
      // PostgreSQL 15 column list: only org_id is set to NULL.
      { before: [USERS], file: up('create table files (id bigint primary key, tenant bigint not null, org bigint, foreign key (tenant, org) references users (id, org_id) on delete set null (org));') },
    ],
  },
  {
    rule: 'fk-missing-index',
    fires: [
      { before: [USERS], file: up('create table posts (\n  id bigint primary key,\n  author_id bigint references users (id)\n);'), line: 4 },
      { before: [USERS], file: up('create table posts (id bigint primary key, author_id bigint, editor_id bigint, foreign key (author_id, editor_id) references users (id, org_id));\ncreate index on posts (author_id);') },
    ],
    passes: [
      { before: [USERS], file: up('create table posts (id bigint primary key, author_id bigint references users (id));\ncreate index posts_author_idx on posts (author_id, id);') },
      { before: [USERS], file: up('create table posts (author_id bigint references users (id), n int, primary key (author_id, n));') },
      { before: [USERS], file: up('create table posts (id bigint primary key, a bigint, b bigint, foreign key (b, a) references users (id, org_id));\ncreate index on posts (a, b);') },
    ],
  },
  {
    rule: 'tenant-table-without-rls',
    fires: [
      { file: up('create table invoices (id bigint primary key, tenant_id bigint not null);'), line: 2 },
      { before: [USERS], file: up('alter table users add column tenant_id bigint;') },
    ],
    passes: [
      { file: up('create table invoices (id bigint primary key, tenant_id bigint not null);\nalter table invoices enable row level security;') },
      { file: up('create table tenants (tenant_id uuid primary key, name text);') },
      { file: up('create table notes (id bigint primary key, body text);') },
    ],
  },
  {
    rule: 'table-without-primary-key',
    fires: [{ file: up('create table log (at timestamptz, line text);'), line: 2 }],
    passes: [
      { file: up('create table log (id bigint primary key);') },
      { file: up('create table log (id bigint, at timestamptz);\nalter table log add primary key (id);') },
      { file: up('create temporary table scratch (a int);') },
      { file: up('create table log_2024 partition of log for values in (2024);') },
    ],
  },
  {
    rule: 'prefer-timestamptz',
    fires: [
      { file: up('create table t (id bigint primary key, at timestamp);'), line: 2 },
      { before: [USERS], file: up('alter table users alter column created_at type timestamp without time zone;') },
    ],
    passes: [{ file: up('create table t (id bigint primary key, at timestamptz, b timestamp with time zone);') }],
  },
  {
    rule: 'prefer-text-field',
    fires: [{ file: up('create table t (id bigint primary key, code varchar(3));') }, { file: up('create table t (id bigint primary key, code char(2));') }, { file: up('create table t (id bigint primary key, flag char);') }],
    passes: [{ file: up('create table t (id bigint primary key, code text, v varchar);') }],
  },
  {
    rule: 'prefer-jsonb',
    fires: [{ file: up('create table t (id bigint primary key, doc json);') }, { before: [USERS], file: up('alter table users add column prefs json;') }],
    passes: [{ file: up('create table t (id bigint primary key, doc jsonb);') }],
  },
  {
    rule: 'prefer-identity',
    fires: [{ file: up('create table t (id serial primary key);') }, { file: up('create table t (id bigint primary key, n bigserial);') }],
    passes: [{ file: up('create table t (id bigint generated always as identity primary key);') }],
  },
  {
    rule: 'prefer-bigint-keys',
    fires: [
      { file: up('create table t (id int primary key);'), line: 2 },
      { file: up('create table t (id serial primary key);') },
      { file: up('create table t (id smallint, primary key (id));') },
      { before: [up('create table orgs (id int primary key);')], file: up('create table t (id bigint primary key, org_id int references orgs (id));') },
      { before: [up('create table t (a int);')], file: up('alter table t add primary key (a);') },
    ],
    passes: [{ file: up('create table t (id bigint primary key, n int);') }, { file: up('create table t (id uuid primary key, n smallint);') }],
  },
  {
    rule: 'reserved-keyword-quoted',
    fires: [
      { file: up('create table buckets (id bigint primary key, "limit" int);'), line: 2 },
      { file: up('create table "user" (id bigint primary key);') },
      { before: [USERS], file: up('alter table users rename column name to "order";') },
      { file: up('create table t (id bigint primary key, "left" int);') },
      { file: up('create type "values" as enum (\'a\');') },
      { file: up('create index "select" on t (a);') },
    ],
    passes: [
      // Unreserved keywords and column-name keywords are valid bare column names.
      { file: up('create table t (id bigint primary key, name text, role text, position int, "Limit" int);') },
      { file: up("create type mood as enum ('limit', 'select');") },
    ],
  },
  {
    rule: 'identifier-too-long',
    fires: [
      { file: up(`create table ${LONG} (id bigint primary key);`), line: 2 },
      { file: up(`create table t (id bigint primary key);\ncreate index "${LONG}" on t (id);`), line: 3 },
      // 32 two-byte characters: 64 bytes.
      { file: up(`create table t (id bigint primary key, "${'é'.repeat(32)}" int);`) },
    ],
    passes: [{ file: up(`create table t_${'x'.repeat(61)} (id bigint primary key);`) }, { file: up(`create table t (id bigint primary key, "${'é'.repeat(31)}" int);`) }],
  },
  {
    rule: 'ban-create-domain-with-constraint',
    fires: [{ file: up('create domain positive as int check (value > 0);') }, { file: up('create domain email as text not null;') }],
    passes: [{ file: up('create domain email as text;') }],
  },
  {
    rule: 'require-enum-value-ordering',
    fires: [{ before: [up("create type mood as enum ('sad', 'happy');")], file: up("alter type mood add value 'ecstatic';"), line: 2 }],
    passes: [{ file: up("alter type mood add value 'ok' before 'happy';") }, { file: up("alter type mood rename value 'sad' to 'blue';") }],
  },
  {
    rule: 'duplicate-column-assignment',
    fires: [
      { file: up("update users set name = 'a', email = 'b', name = 'c';"), line: 2 },
      { file: up('insert into users (name, name) values (1, 2);') },
      { file: up('insert into users (id, name) values (1, 2) on conflict (id) do update set name = 1, name = 2;') },
      { file: up('with x as (update users set a = 1, a = 2 returning id) select * from x;') },
      { file: up('create table t (a int, b int, a text);') },
      { file: up('alter table t add column a int, add column b int, add column a text;') },
    ],
    passes: [{ file: up('update users set a[1] = 1, a[2] = 2, b = 3;') }, { file: up('insert into users (a, b) values (1, 2);') }],
  },
];
