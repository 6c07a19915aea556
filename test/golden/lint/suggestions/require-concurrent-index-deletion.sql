-- plain.sql
-- instead, in a migration of its own marked "-- migrate:up transaction:false":
DROP INDEX CONCURRENTLY IF EXISTS users_email_idx;
