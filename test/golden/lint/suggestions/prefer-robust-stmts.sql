-- add-columns.sql
alter table users add column if not exists nickname text, add if not exists bio text;

-- create-schema.sql
create schema if not exists reporting;

-- create-table.sql
create table if not exists notes (id bigint generated always as identity primary key);

-- drop-index.sql
drop index concurrently if exists users_email_idx;

-- index-named.sql
create index concurrently if not exists users_age_idx on users (age);

-- index-unnamed.sql
CREATE INDEX CONCURRENTLY IF NOT EXISTS users_org_id_idx ON users (org_id);
