-- migrate:up
CREATE TABLE agent_long_term_memory (
    memory_id UUID NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    agent_id UUID NOT NULL REFERENCES agents (agent_id) ON DELETE CASCADE,
    tenant_id UUID NOT NULL REFERENCES tenants (tenant_id) ON DELETE CASCADE,
    memory_type TEXT NOT NULL DEFAULT 'fact' CHECK (memory_type IN ('fact', 'preference', 'learned', 'user_provided')),
    content TEXT NOT NULL,
    source_session_id UUID REFERENCES agent_sessions (session_id) ON DELETE SET NULL,
    importance INTEGER NOT NULL DEFAULT 5 CHECK (importance >= 1 AND importance <= 10),
    last_accessed_at TIMESTAMPTZ,
    access_count INTEGER NOT NULL DEFAULT 0 CHECK (access_count >= 0),
    is_active BOOLEAN NOT NULL DEFAULT true,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX idx_long_term_memory_agent_id ON agent_long_term_memory (agent_id);
CREATE INDEX idx_long_term_memory_tenant_id ON agent_long_term_memory (tenant_id);
CREATE INDEX idx_long_term_memory_type ON agent_long_term_memory (agent_id, memory_type);
CREATE INDEX idx_long_term_memory_importance ON agent_long_term_memory (agent_id, importance DESC);
CREATE INDEX idx_long_term_memory_active ON agent_long_term_memory (agent_id, is_active);

COMMENT ON TABLE agent_long_term_memory IS 'Persistent knowledge for agents across sessions.';
COMMENT ON COLUMN agent_long_term_memory.memory_id IS 'Primary key';
COMMENT ON COLUMN agent_long_term_memory.agent_id IS 'Reference to agent';
COMMENT ON COLUMN agent_long_term_memory.tenant_id IS 'Reference to tenant';
COMMENT ON COLUMN agent_long_term_memory.memory_type IS '''fact'' / ''preference'' / ''learned'' / ''user_provided''';
COMMENT ON COLUMN agent_long_term_memory.content IS 'The memory content';
COMMENT ON COLUMN agent_long_term_memory.source_session_id IS 'Session where memory was created';
COMMENT ON COLUMN agent_long_term_memory.importance IS '1-10 importance score';
COMMENT ON COLUMN agent_long_term_memory.last_accessed_at IS 'When memory was last used';
COMMENT ON COLUMN agent_long_term_memory.access_count IS 'How many times memory was retrieved';
COMMENT ON COLUMN agent_long_term_memory.is_active IS 'Whether memory is active';
COMMENT ON COLUMN agent_long_term_memory.created_at IS 'Record creation time';
COMMENT ON COLUMN agent_long_term_memory.updated_at IS 'Last update time';

-- migrate:down
DROP TABLE agent_long_term_memory;
