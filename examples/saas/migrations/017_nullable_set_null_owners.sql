-- migrate:up
-- The reference document declares user_id NOT NULL together with
-- ON DELETE SET NULL on folders, files, agents and agent_tools, so deleting
-- a user who owns any such row fails with a not-null violation.
-- Dropping NOT NULL lets ON DELETE SET NULL work as intended.
ALTER TABLE folders ALTER COLUMN user_id DROP NOT NULL;
ALTER TABLE files ALTER COLUMN user_id DROP NOT NULL;
ALTER TABLE agents ALTER COLUMN user_id DROP NOT NULL;
ALTER TABLE agent_tools ALTER COLUMN user_id DROP NOT NULL;

-- migrate:down
-- Reverting restores the reference document's schema, flaw included, on purpose;
-- tidemark lint would otherwise report each line (set-null-on-not-null).
-- tidemark-lint-disable-next-line set-null-on-not-null, set-not-null-without-check
ALTER TABLE agent_tools ALTER COLUMN user_id SET NOT NULL;
-- tidemark-lint-disable-next-line set-null-on-not-null, set-not-null-without-check
ALTER TABLE agents ALTER COLUMN user_id SET NOT NULL;
-- tidemark-lint-disable-next-line set-null-on-not-null, set-not-null-without-check
ALTER TABLE files ALTER COLUMN user_id SET NOT NULL;
-- tidemark-lint-disable-next-line set-null-on-not-null, set-not-null-without-check
ALTER TABLE folders ALTER COLUMN user_id SET NOT NULL;
