-- migrate:up
CREATE TABLE agent_tools (
    tool_id UUID NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (tenant_id) ON DELETE CASCADE,
    user_id UUID NOT NULL REFERENCES users (user_id) ON DELETE SET NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    tool_type TEXT NOT NULL CHECK (tool_type IN ('mcp_server', 'python_script')),
    input_schema JSONB NOT NULL,
    is_active BOOLEAN NOT NULL DEFAULT true,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, name)
);

CREATE INDEX idx_agent_tools_tenant_id ON agent_tools (tenant_id);
CREATE INDEX idx_agent_tools_user_id ON agent_tools (user_id);
CREATE INDEX idx_agent_tools_type ON agent_tools (tenant_id, tool_type);
CREATE INDEX idx_agent_tools_active ON agent_tools (tenant_id, is_active);

COMMENT ON TABLE agent_tools IS 'Tool registry for agent capabilities.';
COMMENT ON COLUMN agent_tools.tool_id IS 'Primary key';
COMMENT ON COLUMN agent_tools.tenant_id IS 'Reference to tenant';
COMMENT ON COLUMN agent_tools.user_id IS 'Creator of tool';
COMMENT ON COLUMN agent_tools.name IS 'Tool name (function name)';
COMMENT ON COLUMN agent_tools.description IS 'What the tool does (for LLM)';
COMMENT ON COLUMN agent_tools.tool_type IS '''mcp_server'' / ''python_script''';
COMMENT ON COLUMN agent_tools.input_schema IS 'JSON Schema for tool inputs';
COMMENT ON COLUMN agent_tools.is_active IS 'Whether tool is available';
COMMENT ON COLUMN agent_tools.created_at IS 'Record creation time';
COMMENT ON COLUMN agent_tools.updated_at IS 'Last update time';

CREATE TABLE agent_tool_assignments (
    assignment_id UUID NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    agent_id UUID NOT NULL REFERENCES agents (agent_id) ON DELETE CASCADE,
    tool_id UUID NOT NULL REFERENCES agent_tools (tool_id) ON DELETE CASCADE,
    is_required BOOLEAN NOT NULL DEFAULT false,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (agent_id, tool_id)
);

CREATE INDEX idx_tool_assignments_agent_id ON agent_tool_assignments (agent_id);
CREATE INDEX idx_tool_assignments_tool_id ON agent_tool_assignments (tool_id);

COMMENT ON TABLE agent_tool_assignments IS 'Maps which tools each agent can use.';
COMMENT ON COLUMN agent_tool_assignments.assignment_id IS 'Primary key';
COMMENT ON COLUMN agent_tool_assignments.agent_id IS 'Reference to agent';
COMMENT ON COLUMN agent_tool_assignments.tool_id IS 'Reference to tool';
COMMENT ON COLUMN agent_tool_assignments.is_required IS 'Whether tool is required for agent';
COMMENT ON COLUMN agent_tool_assignments.created_at IS 'Record creation time';

-- migrate:down
DROP TABLE agent_tool_assignments;
DROP TABLE agent_tools;
