-- index.sql
-- instead, in a migration of its own marked "-- migrate:up transaction:false":
reindex index concurrently users_email_idx;

-- table-with-options.sql
-- instead, in a migration of its own marked "-- migrate:up transaction:false":
REINDEX (VERBOSE) TABLE CONCURRENTLY billing.invoices;
