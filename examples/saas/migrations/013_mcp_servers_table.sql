-- migrate:up
CREATE TABLE mcp_servers (
    mcp_server_id UUID NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    tool_id UUID NOT NULL REFERENCES agent_tools (tool_id) ON DELETE CASCADE,
    tenant_id UUID NOT NULL REFERENCES tenants (tenant_id) ON DELETE CASCADE,
    server_name TEXT NOT NULL,
    server_url TEXT NOT NULL,
    auth_type TEXT NOT NULL DEFAULT 'none' CHECK (auth_type IN ('none', 'api_key', 'bearer', 'basic')),
    auth_config JSONB,
    health_status TEXT NOT NULL DEFAULT 'unknown' CHECK (health_status IN ('healthy', 'unhealthy', 'unknown')),
    last_health_check TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX idx_mcp_servers_tenant_id ON mcp_servers (tenant_id);
CREATE INDEX idx_mcp_servers_tool_id ON mcp_servers (tool_id);
CREATE INDEX idx_mcp_servers_health ON mcp_servers (tenant_id, health_status);

COMMENT ON TABLE mcp_servers IS 'MCP server configurations for agent tools.';
COMMENT ON COLUMN mcp_servers.mcp_server_id IS 'Primary key';
COMMENT ON COLUMN mcp_servers.tool_id IS 'Reference to agent_tools';
COMMENT ON COLUMN mcp_servers.tenant_id IS 'Reference to tenant';
COMMENT ON COLUMN mcp_servers.server_name IS 'Display name';
COMMENT ON COLUMN mcp_servers.server_url IS 'MCP server endpoint URL';
COMMENT ON COLUMN mcp_servers.auth_type IS '''none'' / ''api_key'' / ''bearer'' / ''basic''';
COMMENT ON COLUMN mcp_servers.auth_config IS 'Encrypted auth configuration';
COMMENT ON COLUMN mcp_servers.health_status IS '''healthy'' / ''unhealthy'' / ''unknown''';
COMMENT ON COLUMN mcp_servers.last_health_check IS 'Last health check time';
COMMENT ON COLUMN mcp_servers.created_at IS 'Record creation time';
COMMENT ON COLUMN mcp_servers.updated_at IS 'Last update time';

-- migrate:down
DROP TABLE mcp_servers;
