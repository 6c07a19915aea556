-- primary-key.sql
-- instead, in a migration of its own marked "-- migrate:up transaction:false":
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS audit_log_pkey ON audit_log USING btree (id);
-- then, in the next migration:
ALTER TABLE audit_log ADD CONSTRAINT audit_log_pkey PRIMARY KEY USING INDEX audit_log_pkey;

-- unique-named.sql
-- instead, in a migration of its own marked "-- migrate:up transaction:false":
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email_key ON users USING btree (email);
-- then, in the next migration:
ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;

-- unique-unnamed-deferrable.sql
-- instead, in a migration of its own marked "-- migrate:up transaction:false":
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_org_id_email_key ON users USING btree (org_id, email);
-- then, in the next migration:
ALTER TABLE users ADD CONSTRAINT users_org_id_email_key UNIQUE USING INDEX users_org_id_email_key DEFERRABLE INITIALLY DEFERRED;
