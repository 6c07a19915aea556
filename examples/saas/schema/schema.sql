-- Tidemark example "saas": declarative final schema.
-- Equivalent to applying migrations 001-017 in order (including the 016
-- updated_at triggers and the 017 fix that makes user_id nullable on folders,
-- files, agents and agent_tools so ON DELETE SET NULL can work).

CREATE TYPE membership_role AS ENUM ('owner', 'member');

COMMENT ON TYPE membership_role IS 'Role of a user within a tenant: owner = Full administrative access; member = Standard member access';

CREATE FUNCTION update_updated_at_column()
RETURNS TRIGGER
LANGUAGE plpgsql
AS $$
BEGIN
    NEW.updated_at = now();
    RETURN NEW;
END;
$$;

COMMENT ON FUNCTION update_updated_at_column() IS 'Trigger function: sets updated_at to now() on row update';

CREATE TABLE users (
    user_id UUID NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    full_name TEXT NOT NULL,
    phone TEXT,
    phone_verified_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX idx_users_email ON users (email);

CREATE TRIGGER update_users_updated_at
    BEFORE UPDATE ON users
    FOR EACH ROW
    EXECUTE FUNCTION update_updated_at_column();

COMMENT ON TABLE users IS 'User account information.';
COMMENT ON COLUMN users.user_id IS 'Primary key';
COMMENT ON COLUMN users.email IS 'Unique email address';
COMMENT ON COLUMN users.password_hash IS 'bcrypt hashed password';
COMMENT ON COLUMN users.full_name IS 'User''s display name';
COMMENT ON COLUMN users.phone IS 'Phone number';
COMMENT ON COLUMN users.phone_verified_at IS 'When phone was verified';
COMMENT ON COLUMN users.created_at IS 'Record creation time';
COMMENT ON COLUMN users.updated_at IS 'Last update time';

CREATE TABLE tenants (
    tenant_id UUID NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    name TEXT NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX idx_tenants_slug ON tenants (slug);

COMMENT ON TABLE tenants IS 'Multi-tenant organization records.';
COMMENT ON COLUMN tenants.tenant_id IS 'Primary key';
COMMENT ON COLUMN tenants.name IS 'Organization name';
COMMENT ON COLUMN tenants.slug IS 'URL-safe identifier';
COMMENT ON COLUMN tenants.created_at IS 'Record creation time';

CREATE TABLE memberships (
    membership_id UUID NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (tenant_id) ON DELETE CASCADE,
    user_id UUID NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    role membership_role NOT NULL DEFAULT 'member',
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, user_id)
);

CREATE INDEX idx_memberships_tenant_id ON memberships (tenant_id);
CREATE INDEX idx_memberships_user_id ON memberships (user_id);

COMMENT ON TABLE memberships IS 'User-tenant relationship with roles.';
COMMENT ON COLUMN memberships.membership_id IS 'Primary key';
COMMENT ON COLUMN memberships.tenant_id IS 'Reference to tenant';
COMMENT ON COLUMN memberships.user_id IS 'Reference to user';
COMMENT ON COLUMN memberships.role IS 'User''s role in tenant';
COMMENT ON COLUMN memberships.created_at IS 'Record creation time';

CREATE TABLE admins (
    admin_id UUID NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    user_id UUID NOT NULL UNIQUE REFERENCES users (user_id) ON DELETE CASCADE,
    granted_by UUID REFERENCES users (user_id) ON DELETE SET NULL,
    granted_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX idx_admins_user_id ON admins (user_id);

COMMENT ON TABLE admins IS 'System-wide administrator access (cross-tenant).';
COMMENT ON COLUMN admins.admin_id IS 'Primary key';
COMMENT ON COLUMN admins.user_id IS 'Reference to user (unique)';
COMMENT ON COLUMN admins.granted_by IS 'Admin who granted access';
COMMENT ON COLUMN admins.granted_at IS 'When admin was granted';

CREATE TABLE folders (
    folder_id UUID NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (tenant_id) ON DELETE CASCADE,
    user_id UUID REFERENCES users (user_id) ON DELETE SET NULL,
    folder_name TEXT NOT NULL,
    folder_path TEXT NOT NULL,
    parent_path TEXT NOT NULL DEFAULT '/',
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, folder_path)
);

CREATE INDEX idx_folders_tenant_id ON folders (tenant_id);
CREATE INDEX idx_folders_path ON folders (tenant_id, folder_path);

COMMENT ON TABLE folders IS 'Virtual directory structure for file organization.';
COMMENT ON COLUMN folders.folder_id IS 'Primary key';
COMMENT ON COLUMN folders.tenant_id IS 'Reference to tenant';
COMMENT ON COLUMN folders.user_id IS 'User who created folder';
COMMENT ON COLUMN folders.folder_name IS 'Folder display name';
COMMENT ON COLUMN folders.folder_path IS 'Full path (e.g., /docs/reports/)';
COMMENT ON COLUMN folders.parent_path IS 'Parent folder path';
COMMENT ON COLUMN folders.created_at IS 'Record creation time';

CREATE TABLE files (
    file_id UUID NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (tenant_id) ON DELETE CASCADE,
    user_id UUID REFERENCES users (user_id) ON DELETE SET NULL,
    blob_key TEXT NOT NULL UNIQUE,
    file_name TEXT NOT NULL,
    file_path TEXT NOT NULL DEFAULT '/',
    mime_type TEXT,
    file_size BIGINT,
    etag TEXT,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX idx_files_tenant_id ON files (tenant_id);
CREATE INDEX idx_files_user_id ON files (user_id);
CREATE INDEX idx_files_path ON files (tenant_id, file_path);
CREATE UNIQUE INDEX idx_files_blob_key ON files (blob_key);

CREATE TRIGGER update_files_updated_at
    BEFORE UPDATE ON files
    FOR EACH ROW
    EXECUTE FUNCTION update_updated_at_column();

COMMENT ON TABLE files IS 'File metadata with references to Netlify Blob storage.';
COMMENT ON COLUMN files.file_id IS 'Primary key';
COMMENT ON COLUMN files.tenant_id IS 'Reference to tenant';
COMMENT ON COLUMN files.user_id IS 'User who uploaded file';
COMMENT ON COLUMN files.blob_key IS 'UUID key in Netlify Blobs';
COMMENT ON COLUMN files.file_name IS 'Original filename';
COMMENT ON COLUMN files.file_path IS 'Virtual directory path';
COMMENT ON COLUMN files.mime_type IS 'MIME type';
COMMENT ON COLUMN files.file_size IS 'Size in bytes';
COMMENT ON COLUMN files.etag IS 'Blob ETag for versioning';
COMMENT ON COLUMN files.created_at IS 'Record creation time';
COMMENT ON COLUMN files.updated_at IS 'Last update time';

CREATE TABLE agents (
    agent_id UUID NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (tenant_id) ON DELETE CASCADE,
    user_id UUID REFERENCES users (user_id) ON DELETE SET NULL,
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

CREATE TRIGGER update_agents_updated_at
    BEFORE UPDATE ON agents
    FOR EACH ROW
    EXECUTE FUNCTION update_updated_at_column();

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

CREATE TRIGGER update_agent_long_term_memory_updated_at
    BEFORE UPDATE ON agent_long_term_memory
    FOR EACH ROW
    EXECUTE FUNCTION update_updated_at_column();

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

CREATE TABLE agent_tools (
    tool_id UUID NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (tenant_id) ON DELETE CASCADE,
    user_id UUID REFERENCES users (user_id) ON DELETE SET NULL,
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

CREATE TRIGGER update_agent_tools_updated_at
    BEFORE UPDATE ON agent_tools
    FOR EACH ROW
    EXECUTE FUNCTION update_updated_at_column();

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

CREATE TRIGGER update_mcp_servers_updated_at
    BEFORE UPDATE ON mcp_servers
    FOR EACH ROW
    EXECUTE FUNCTION update_updated_at_column();

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
