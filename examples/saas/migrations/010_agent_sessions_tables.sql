-- migrate:up
CREATE TABLE agent_sessions (
    session_id UUID NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    agent_id UUID NOT NULL REFERENCES agents (agent_id) ON DELETE CASCADE,
    user_id UUID NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    tenant_id UUID NOT NULL REFERENCES tenants (tenant_id) ON DELETE CASCADE,
    title TEXT,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'completed', 'failed', 'cancelled')),
    current_step INTEGER NOT NULL DEFAULT 0 CHECK (current_step >= 0),
    goal_met BOOLEAN NOT NULL DEFAULT false,
    started_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    ended_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX idx_agent_sessions_agent_id ON agent_sessions (agent_id);
CREATE INDEX idx_agent_sessions_user_id ON agent_sessions (user_id);
CREATE INDEX idx_agent_sessions_tenant_id ON agent_sessions (tenant_id);
CREATE INDEX idx_agent_sessions_status ON agent_sessions (agent_id, status);

COMMENT ON TABLE agent_sessions IS 'Agent chat sessions (session memory).';
COMMENT ON COLUMN agent_sessions.session_id IS 'Primary key';
COMMENT ON COLUMN agent_sessions.agent_id IS 'Reference to agent';
COMMENT ON COLUMN agent_sessions.user_id IS 'User who started session';
COMMENT ON COLUMN agent_sessions.tenant_id IS 'Reference to tenant';
COMMENT ON COLUMN agent_sessions.title IS 'Session title (auto-generated or user-set)';
COMMENT ON COLUMN agent_sessions.status IS '''active'' / ''completed'' / ''failed'' / ''cancelled''';
COMMENT ON COLUMN agent_sessions.current_step IS 'Current step in the loop';
COMMENT ON COLUMN agent_sessions.goal_met IS 'Whether the goal was achieved';
COMMENT ON COLUMN agent_sessions.started_at IS 'Session start time';
COMMENT ON COLUMN agent_sessions.ended_at IS 'Session end time';
COMMENT ON COLUMN agent_sessions.created_at IS 'Record creation time';

CREATE TABLE agent_session_messages (
    message_id UUID NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    session_id UUID NOT NULL REFERENCES agent_sessions (session_id) ON DELETE CASCADE,
    step_number INTEGER NOT NULL CHECK (step_number >= 0),
    role TEXT NOT NULL CHECK (role IN ('user', 'assistant', 'tool', 'system')),
    content TEXT NOT NULL,
    tool_name TEXT,
    tool_input JSONB,
    tool_output JSONB,
    reasoning TEXT,
    tokens_used INTEGER,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX idx_session_messages_session_id ON agent_session_messages (session_id);
CREATE INDEX idx_session_messages_step ON agent_session_messages (session_id, step_number);
CREATE INDEX idx_session_messages_role ON agent_session_messages (session_id, role);

COMMENT ON TABLE agent_session_messages IS 'Messages within agent sessions.';
COMMENT ON COLUMN agent_session_messages.message_id IS 'Primary key';
COMMENT ON COLUMN agent_session_messages.session_id IS 'Reference to session';
COMMENT ON COLUMN agent_session_messages.step_number IS 'Which step this message belongs to';
COMMENT ON COLUMN agent_session_messages.role IS '''user'' / ''assistant'' / ''tool'' / ''system''';
COMMENT ON COLUMN agent_session_messages.content IS 'Message content';
COMMENT ON COLUMN agent_session_messages.tool_name IS 'Tool name if role=''tool''';
COMMENT ON COLUMN agent_session_messages.tool_input IS 'Tool input parameters';
COMMENT ON COLUMN agent_session_messages.tool_output IS 'Tool execution result';
COMMENT ON COLUMN agent_session_messages.reasoning IS 'LLM''s reasoning (chain-of-thought)';
COMMENT ON COLUMN agent_session_messages.tokens_used IS 'Token count for this message';
COMMENT ON COLUMN agent_session_messages.created_at IS 'Record creation time';

-- migrate:down
DROP TABLE agent_session_messages;
DROP TABLE agent_sessions;
