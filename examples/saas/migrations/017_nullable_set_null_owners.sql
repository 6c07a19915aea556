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
ALTER TABLE agent_tools ALTER COLUMN user_id SET NOT NULL;
ALTER TABLE agents ALTER COLUMN user_id SET NOT NULL;
ALTER TABLE files ALTER COLUMN user_id SET NOT NULL;
ALTER TABLE folders ALTER COLUMN user_id SET NOT NULL;
