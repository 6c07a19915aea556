-- in-transaction-false.sql
create index concurrently if not exists users_age_idx on users (age);

-- named.sql
-- instead, in a migration of its own marked "-- migrate:up transaction:false":
create index concurrently if not exists users_age_idx on users (age);

-- qualified-partial-unique.sql
-- instead, in a migration of its own marked "-- migrate:up transaction:false":
create unique index concurrently if not exists invoices_total_key on billing.invoices using btree (total desc) include (id) where total > 0;

-- unnamed-expression.sql
-- instead, in a migration of its own marked "-- migrate:up transaction:false":
create index concurrently on users (lower(email));

-- unnamed.sql
-- instead, in a migration of its own marked "-- migrate:up transaction:false":
CREATE INDEX CONCURRENTLY IF NOT EXISTS users_org_id_age_idx ON users (org_id, age);
