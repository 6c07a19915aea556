-- plain.sql
-- instead, in a migration of its own marked "-- migrate:up transaction:false":
ALTER TABLE events DETACH PARTITION events_2025 CONCURRENTLY;
