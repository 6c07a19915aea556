import { up, type RuleCases } from '../support.js';

/** Cases for the rules about the migration file and its transactions. */
export const structureCases: readonly RuleCases[] = [
  {
    rule: 'missing-down-section',
    fires: [
      { file: '-- migrate:up\ncreate table t (id bigint primary key);\n', line: 1 },
      { file: 'create table t (id bigint primary key);\n', line: 1 },
      { file: '-- migrate:up\ncreate table t (id bigint primary key);\n-- migrate:down\n-- nothing to undo\n' },
    ],
    passes: [{ file: '-- migrate:up\ncreate table t (id bigint primary key);\n-- migrate:down\ndrop table t;\n' }],
  },
  {
    rule: 'transaction-control',
    fires: [{ file: up('begin;\ncreate table t (id bigint primary key);\ncommit;'), line: 2 }, { file: up('rollback;', { transactional: false }) }],
    passes: [{ file: up('savepoint a;\nrelease savepoint a;') }],
  },
  {
    rule: 'multiple-statements-without-transaction',
    fires: [{ file: up('create index concurrently if not exists a on t (a);\ncreate index concurrently if not exists b on t (b);', { transactional: false }), line: 3 }],
    passes: [
      { file: up('create index concurrently if not exists a on t (a);', { transactional: false }) },
      { file: up('create table a (id bigint primary key);\ncreate table b (id bigint primary key);') },
    ],
  },
  {
    rule: 'prefer-robust-stmts',
    fires: [
      { file: up('create index concurrently a on t (a);', { transactional: false }), line: 2 },
      { file: up('drop index concurrently a;', { transactional: false }) },
      { file: up('alter table t add column a int;', { transactional: false }) },
      { file: up("alter type mood add value 'x' after 'y';", { transactional: false }) },
      { file: up('alter table t add constraint c check (a > 0) not valid;', { transactional: false }) },
    ],
    passes: [
      { file: up('create index concurrently if not exists a on t (a);', { transactional: false }) },
      { file: up('alter table t add column if not exists a int;', { transactional: false }) },
      { file: up('alter table t drop constraint if exists c, add constraint c check (a > 0) not valid;', { transactional: false }) },
      { file: up('create index a on t (a);') },
    ],
  },
  {
    rule: 'syntax-error',
    fires: [
      { file: up('create table t (id bigint primary key,, x int);'), line: 2 },
      { file: '-- migrate:up\ncreate table t (id bigint primary key);\n-- migrate:down\ndrop tabel t;\n', line: 4 },
    ],
    passes: [{ file: up('create table t (id bigint primary key);') }],
  },
  {
    rule: 'invalid-directive',
    fires: [{ file: up('-- tidemark-lint-disable-next-line no-such-rule\ncreate table t (id bigint primary key);'), line: 2 }],
    passes: [{ file: up('-- tidemark-lint-disable-next-line prefer-jsonb\ncreate table t (id bigint primary key, d json);') }],
  },
];
