-- migrate:up
CREATE TABLE agents (
    agent_id UUID NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (tenant_id) ON DELETE CASCADE,
    user_id UUID NOT NULL REFERENCES users (user_id) ON DELETE SET NULL,
    name TEXT NOT NULL,
    description TEXT,
    goal TEXT NOT NULL,
    system_prompt TEXT NOT NULL,
    model_provider TEXT NOT NULL CHECK (model_provider IN ('openai', 'anthropic', 'gemini')),
    model_name TEXT NOT NULL,
    max_steps INTEGER NOT NULL DEFAULT 10 CHECK (max_steps > 0 AND max_steps <= 100),
    temperature DECIMAL(3,2) NOT NULL DEFAULT 0.7 CHECK (temperature >= 0 AND temperature <= 2),
    is_active BOOLEAN NOT NULL DEFAULT true,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, name)
);

CREATE INDEX idx_agents_tenant_id ON agents (tenant_id);
CREATE INDEX idx_agents_user_id ON agents (user_id);
CREATE INDEX idx_agents_is_active ON agents (tenant_id, is_active);

COMMENT ON TABLE agents IS 'Agent definitions for Agent Mode Chat feature.';
COMMENT ON COLUMN agents.agent_id IS 'Primary key';
COMMENT ON COLUMN agents.tenant_id IS 'Reference to tenant';
COMMENT ON COLUMN agents.user_id IS 'Creator of agent';
COMMENT ON COLUMN agents.name IS 'Agent display name';
COMMENT ON COLUMN agents.description IS 'Agent purpose description';
COMMENT ON COLUMN agents.goal IS 'The agent''s primary goal/objective';
COMMENT ON COLUMN agents.system_prompt IS 'System prompt for LLM';
COMMENT ON COLUMN agents.model_provider IS '''openai'' / ''anthropic'' / ''gemini''';
COMMENT ON COLUMN agents.model_name IS 'Specific model (e.g., ''gpt-4o'', ''claude-3-5-sonnet'')';
COMMENT ON COLUMN agents.max_steps IS 'Maximum iterations before forced stop';
COMMENT ON COLUMN agents.temperature IS 'LLM temperature setting';
COMMENT ON COLUMN agents.is_active IS 'Whether agent is available for use';
COMMENT ON COLUMN agents.created_at IS 'Record creation time';
COMMENT ON COLUMN agents.updated_at IS 'Last update time';

-- migrate:down
DROP TABLE agents;
