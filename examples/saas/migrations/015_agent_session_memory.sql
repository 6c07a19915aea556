-- migrate:up
CREATE OR REPLACE FUNCTION update_updated_at_column()
RETURNS TRIGGER
LANGUAGE plpgsql
AS $$
BEGIN
    NEW.updated_at = now();
    RETURN NEW;
END;
$$;

COMMENT ON FUNCTION update_updated_at_column() IS 'Trigger function: sets updated_at to now() on row update';

CREATE TABLE agent_session_memory (
    memory_id UUID NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    session_id UUID NOT NULL REFERENCES agent_sessions (session_id) ON DELETE CASCADE,
    memory_key TEXT NOT NULL,
    memory_value JSONB NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (session_id, memory_key)
);

CREATE INDEX idx_session_memory_session_id ON agent_session_memory (session_id);
CREATE INDEX idx_session_memory_session_key ON agent_session_memory (session_id, memory_key);

CREATE TRIGGER update_agent_session_memory_updated_at
    BEFORE UPDATE ON agent_session_memory
    FOR EACH ROW
    EXECUTE FUNCTION update_updated_at_column();

COMMENT ON TABLE agent_session_memory IS 'Short-term working memory for agent sessions (execution plans, scratchpad).';
COMMENT ON COLUMN agent_session_memory.memory_id IS 'Primary key';
COMMENT ON COLUMN agent_session_memory.session_id IS 'Reference to agent_sessions';
COMMENT ON COLUMN agent_session_memory.memory_key IS 'Key identifier (execution_plan, scratchpad)';
COMMENT ON COLUMN agent_session_memory.memory_value IS 'Structured data for the memory entry';
COMMENT ON COLUMN agent_session_memory.created_at IS 'Record creation time';
COMMENT ON COLUMN agent_session_memory.updated_at IS 'Last update time';

-- migrate:down
DROP TRIGGER update_agent_session_memory_updated_at ON agent_session_memory;
DROP TABLE agent_session_memory;
DROP FUNCTION update_updated_at_column();
