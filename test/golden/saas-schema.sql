SET check_function_bodies = false;
CREATE SCHEMA IF NOT EXISTS public;
CREATE TYPE public.membership_role AS ENUM ('owner', 'member');
CREATE OR REPLACE FUNCTION public.update_updated_at_column()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    NEW.updated_at = now();
    RETURN NEW;
END;
$function$;
CREATE TABLE public.admins (
  admin_id uuid DEFAULT gen_random_uuid() NOT NULL,
  user_id uuid NOT NULL,
  granted_by uuid,
  granted_at timestamp with time zone DEFAULT now() NOT NULL
);
CREATE TABLE public.agent_long_term_memory (
  memory_id uuid DEFAULT gen_random_uuid() NOT NULL,
  agent_id uuid NOT NULL,
  tenant_id uuid NOT NULL,
  memory_type text DEFAULT 'fact'::text NOT NULL,
  content text NOT NULL,
  source_session_id uuid,
  importance integer DEFAULT 5 NOT NULL,
  last_accessed_at timestamp with time zone,
  access_count integer DEFAULT 0 NOT NULL,
  is_active boolean DEFAULT true NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL
);
CREATE TABLE public.agent_session_memory (
  memory_id uuid DEFAULT gen_random_uuid() NOT NULL,
  session_id uuid NOT NULL,
  memory_key text NOT NULL,
  memory_value jsonb NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL
);
CREATE TABLE public.agent_session_messages (
  message_id uuid DEFAULT gen_random_uuid() NOT NULL,
  session_id uuid NOT NULL,
  step_number integer NOT NULL,
  role text NOT NULL,
  content text NOT NULL,
  tool_name text,
  tool_input jsonb,
  tool_output jsonb,
  reasoning text,
  tokens_used integer,
  created_at timestamp with time zone DEFAULT now() NOT NULL
);
CREATE TABLE public.agent_sessions (
  session_id uuid DEFAULT gen_random_uuid() NOT NULL,
  agent_id uuid NOT NULL,
  user_id uuid NOT NULL,
  tenant_id uuid NOT NULL,
  title text,
  status text DEFAULT 'active'::text NOT NULL,
  current_step integer DEFAULT 0 NOT NULL,
  goal_met boolean DEFAULT false NOT NULL,
  started_at timestamp with time zone DEFAULT now() NOT NULL,
  ended_at timestamp with time zone,
  created_at timestamp with time zone DEFAULT now() NOT NULL
);
CREATE TABLE public.agent_tool_assignments (
  assignment_id uuid DEFAULT gen_random_uuid() NOT NULL,
  agent_id uuid NOT NULL,
  tool_id uuid NOT NULL,
  is_required boolean DEFAULT false NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL
);
CREATE TABLE public.agent_tools (
  tool_id uuid DEFAULT gen_random_uuid() NOT NULL,
  tenant_id uuid NOT NULL,
  user_id uuid,
  name text NOT NULL,
  description text NOT NULL,
  tool_type text NOT NULL,
  input_schema jsonb NOT NULL,
  is_active boolean DEFAULT true NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL
);
CREATE TABLE public.agents (
  agent_id uuid DEFAULT gen_random_uuid() NOT NULL,
  tenant_id uuid NOT NULL,
  user_id uuid,
  name text NOT NULL,
  description text,
  goal text NOT NULL,
  system_prompt text NOT NULL,
  model_provider text NOT NULL,
  model_name text NOT NULL,
  max_steps integer DEFAULT 10 NOT NULL,
  temperature numeric(3,2) DEFAULT 0.7 NOT NULL,
  is_active boolean DEFAULT true NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL
);
CREATE TABLE public.files (
  file_id uuid DEFAULT gen_random_uuid() NOT NULL,
  tenant_id uuid NOT NULL,
  user_id uuid,
  blob_key text NOT NULL,
  file_name text NOT NULL,
  file_path text DEFAULT '/'::text NOT NULL,
  mime_type text,
  file_size bigint,
  etag text,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL
);
CREATE TABLE public.folders (
  folder_id uuid DEFAULT gen_random_uuid() NOT NULL,
  tenant_id uuid NOT NULL,
  user_id uuid,
  folder_name text NOT NULL,
  folder_path text NOT NULL,
  parent_path text DEFAULT '/'::text NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL
);
CREATE TABLE public.mcp_servers (
  mcp_server_id uuid DEFAULT gen_random_uuid() NOT NULL,
  tool_id uuid NOT NULL,
  tenant_id uuid NOT NULL,
  server_name text NOT NULL,
  server_url text NOT NULL,
  auth_type text DEFAULT 'none'::text NOT NULL,
  auth_config jsonb,
  health_status text DEFAULT 'unknown'::text NOT NULL,
  last_health_check timestamp with time zone,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL
);
CREATE TABLE public.memberships (
  membership_id uuid DEFAULT gen_random_uuid() NOT NULL,
  tenant_id uuid NOT NULL,
  user_id uuid NOT NULL,
  role public.membership_role DEFAULT 'member'::public.membership_role NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL
);
CREATE TABLE public.tenants (
  tenant_id uuid DEFAULT gen_random_uuid() NOT NULL,
  name text NOT NULL,
  slug text NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL
);
CREATE TABLE public.users (
  user_id uuid DEFAULT gen_random_uuid() NOT NULL,
  email text NOT NULL,
  password_hash text NOT NULL,
  full_name text NOT NULL,
  phone text,
  phone_verified_at timestamp with time zone,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL
);
ALTER TABLE public.admins ADD CONSTRAINT admins_pkey PRIMARY KEY (admin_id);
ALTER TABLE public.admins ADD CONSTRAINT admins_user_id_key UNIQUE (user_id);
ALTER TABLE public.agent_long_term_memory ADD CONSTRAINT agent_long_term_memory_access_count_check CHECK ((access_count >= 0));
ALTER TABLE public.agent_long_term_memory ADD CONSTRAINT agent_long_term_memory_importance_check CHECK (((importance >= 1) AND (importance <= 10)));
ALTER TABLE public.agent_long_term_memory ADD CONSTRAINT agent_long_term_memory_memory_type_check CHECK ((memory_type = ANY (ARRAY['fact'::text, 'preference'::text, 'learned'::text, 'user_provided'::text])));
ALTER TABLE public.agent_long_term_memory ADD CONSTRAINT agent_long_term_memory_pkey PRIMARY KEY (memory_id);
ALTER TABLE public.agent_session_memory ADD CONSTRAINT agent_session_memory_pkey PRIMARY KEY (memory_id);
ALTER TABLE public.agent_session_memory ADD CONSTRAINT agent_session_memory_session_id_memory_key_key UNIQUE (session_id, memory_key);
ALTER TABLE public.agent_session_messages ADD CONSTRAINT agent_session_messages_pkey PRIMARY KEY (message_id);
ALTER TABLE public.agent_session_messages ADD CONSTRAINT agent_session_messages_role_check CHECK ((role = ANY (ARRAY['user'::text, 'assistant'::text, 'tool'::text, 'system'::text])));
ALTER TABLE public.agent_session_messages ADD CONSTRAINT agent_session_messages_step_number_check CHECK ((step_number >= 0));
ALTER TABLE public.agent_sessions ADD CONSTRAINT agent_sessions_current_step_check CHECK ((current_step >= 0));
ALTER TABLE public.agent_sessions ADD CONSTRAINT agent_sessions_pkey PRIMARY KEY (session_id);
ALTER TABLE public.agent_sessions ADD CONSTRAINT agent_sessions_status_check CHECK ((status = ANY (ARRAY['active'::text, 'completed'::text, 'failed'::text, 'cancelled'::text])));
ALTER TABLE public.agent_tool_assignments ADD CONSTRAINT agent_tool_assignments_agent_id_tool_id_key UNIQUE (agent_id, tool_id);
ALTER TABLE public.agent_tool_assignments ADD CONSTRAINT agent_tool_assignments_pkey PRIMARY KEY (assignment_id);
ALTER TABLE public.agent_tools ADD CONSTRAINT agent_tools_pkey PRIMARY KEY (tool_id);
ALTER TABLE public.agent_tools ADD CONSTRAINT agent_tools_tenant_id_name_key UNIQUE (tenant_id, name);
ALTER TABLE public.agent_tools ADD CONSTRAINT agent_tools_tool_type_check CHECK ((tool_type = ANY (ARRAY['mcp_server'::text, 'python_script'::text])));
ALTER TABLE public.agents ADD CONSTRAINT agents_max_steps_check CHECK (((max_steps > 0) AND (max_steps <= 100)));
ALTER TABLE public.agents ADD CONSTRAINT agents_model_provider_check CHECK ((model_provider = ANY (ARRAY['openai'::text, 'anthropic'::text, 'gemini'::text])));
ALTER TABLE public.agents ADD CONSTRAINT agents_pkey PRIMARY KEY (agent_id);
ALTER TABLE public.agents ADD CONSTRAINT agents_temperature_check CHECK (((temperature >= (0)::numeric) AND (temperature <= (2)::numeric)));
ALTER TABLE public.agents ADD CONSTRAINT agents_tenant_id_name_key UNIQUE (tenant_id, name);
ALTER TABLE public.files ADD CONSTRAINT files_blob_key_key UNIQUE (blob_key);
ALTER TABLE public.files ADD CONSTRAINT files_pkey PRIMARY KEY (file_id);
ALTER TABLE public.folders ADD CONSTRAINT folders_pkey PRIMARY KEY (folder_id);
ALTER TABLE public.folders ADD CONSTRAINT folders_tenant_id_folder_path_key UNIQUE (tenant_id, folder_path);
ALTER TABLE public.mcp_servers ADD CONSTRAINT mcp_servers_auth_type_check CHECK ((auth_type = ANY (ARRAY['none'::text, 'api_key'::text, 'bearer'::text, 'basic'::text])));
ALTER TABLE public.mcp_servers ADD CONSTRAINT mcp_servers_health_status_check CHECK ((health_status = ANY (ARRAY['healthy'::text, 'unhealthy'::text, 'unknown'::text])));
ALTER TABLE public.mcp_servers ADD CONSTRAINT mcp_servers_pkey PRIMARY KEY (mcp_server_id);
ALTER TABLE public.memberships ADD CONSTRAINT memberships_pkey PRIMARY KEY (membership_id);
ALTER TABLE public.memberships ADD CONSTRAINT memberships_tenant_id_user_id_key UNIQUE (tenant_id, user_id);
ALTER TABLE public.tenants ADD CONSTRAINT tenants_pkey PRIMARY KEY (tenant_id);
ALTER TABLE public.tenants ADD CONSTRAINT tenants_slug_key UNIQUE (slug);
ALTER TABLE public.users ADD CONSTRAINT users_email_key UNIQUE (email);
ALTER TABLE public.users ADD CONSTRAINT users_pkey PRIMARY KEY (user_id);
CREATE INDEX idx_admins_user_id ON public.admins USING btree (user_id);
CREATE INDEX idx_long_term_memory_active ON public.agent_long_term_memory USING btree (agent_id, is_active);
CREATE INDEX idx_long_term_memory_agent_id ON public.agent_long_term_memory USING btree (agent_id);
CREATE INDEX idx_long_term_memory_importance ON public.agent_long_term_memory USING btree (agent_id, importance DESC);
CREATE INDEX idx_long_term_memory_tenant_id ON public.agent_long_term_memory USING btree (tenant_id);
CREATE INDEX idx_long_term_memory_type ON public.agent_long_term_memory USING btree (agent_id, memory_type);
CREATE INDEX idx_session_memory_session_id ON public.agent_session_memory USING btree (session_id);
CREATE INDEX idx_session_memory_session_key ON public.agent_session_memory USING btree (session_id, memory_key);
CREATE INDEX idx_session_messages_role ON public.agent_session_messages USING btree (session_id, role);
CREATE INDEX idx_session_messages_session_id ON public.agent_session_messages USING btree (session_id);
CREATE INDEX idx_session_messages_step ON public.agent_session_messages USING btree (session_id, step_number);
CREATE INDEX idx_agent_sessions_agent_id ON public.agent_sessions USING btree (agent_id);
CREATE INDEX idx_agent_sessions_status ON public.agent_sessions USING btree (agent_id, status);
CREATE INDEX idx_agent_sessions_tenant_id ON public.agent_sessions USING btree (tenant_id);
CREATE INDEX idx_agent_sessions_user_id ON public.agent_sessions USING btree (user_id);
CREATE INDEX idx_tool_assignments_agent_id ON public.agent_tool_assignments USING btree (agent_id);
CREATE INDEX idx_tool_assignments_tool_id ON public.agent_tool_assignments USING btree (tool_id);
CREATE INDEX idx_agent_tools_active ON public.agent_tools USING btree (tenant_id, is_active);
CREATE INDEX idx_agent_tools_tenant_id ON public.agent_tools USING btree (tenant_id);
CREATE INDEX idx_agent_tools_type ON public.agent_tools USING btree (tenant_id, tool_type);
CREATE INDEX idx_agent_tools_user_id ON public.agent_tools USING btree (user_id);
CREATE INDEX idx_agents_is_active ON public.agents USING btree (tenant_id, is_active);
CREATE INDEX idx_agents_tenant_id ON public.agents USING btree (tenant_id);
CREATE INDEX idx_agents_user_id ON public.agents USING btree (user_id);
CREATE UNIQUE INDEX idx_files_blob_key ON public.files USING btree (blob_key);
CREATE INDEX idx_files_path ON public.files USING btree (tenant_id, file_path);
CREATE INDEX idx_files_tenant_id ON public.files USING btree (tenant_id);
CREATE INDEX idx_files_user_id ON public.files USING btree (user_id);
CREATE INDEX idx_folders_path ON public.folders USING btree (tenant_id, folder_path);
CREATE INDEX idx_folders_tenant_id ON public.folders USING btree (tenant_id);
CREATE INDEX idx_mcp_servers_health ON public.mcp_servers USING btree (tenant_id, health_status);
CREATE INDEX idx_mcp_servers_tenant_id ON public.mcp_servers USING btree (tenant_id);
CREATE INDEX idx_mcp_servers_tool_id ON public.mcp_servers USING btree (tool_id);
CREATE INDEX idx_memberships_tenant_id ON public.memberships USING btree (tenant_id);
CREATE INDEX idx_memberships_user_id ON public.memberships USING btree (user_id);
CREATE INDEX idx_tenants_slug ON public.tenants USING btree (slug);
CREATE INDEX idx_users_email ON public.users USING btree (email);
ALTER TABLE public.admins ADD CONSTRAINT admins_granted_by_fkey FOREIGN KEY (granted_by) REFERENCES public.users(user_id) ON DELETE SET NULL;
ALTER TABLE public.admins ADD CONSTRAINT admins_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(user_id) ON DELETE CASCADE;
ALTER TABLE public.agent_long_term_memory ADD CONSTRAINT agent_long_term_memory_agent_id_fkey FOREIGN KEY (agent_id) REFERENCES public.agents(agent_id) ON DELETE CASCADE;
ALTER TABLE public.agent_long_term_memory ADD CONSTRAINT agent_long_term_memory_source_session_id_fkey FOREIGN KEY (source_session_id) REFERENCES public.agent_sessions(session_id) ON DELETE SET NULL;
ALTER TABLE public.agent_long_term_memory ADD CONSTRAINT agent_long_term_memory_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(tenant_id) ON DELETE CASCADE;
ALTER TABLE public.agent_session_memory ADD CONSTRAINT agent_session_memory_session_id_fkey FOREIGN KEY (session_id) REFERENCES public.agent_sessions(session_id) ON DELETE CASCADE;
ALTER TABLE public.agent_session_messages ADD CONSTRAINT agent_session_messages_session_id_fkey FOREIGN KEY (session_id) REFERENCES public.agent_sessions(session_id) ON DELETE CASCADE;
ALTER TABLE public.agent_sessions ADD CONSTRAINT agent_sessions_agent_id_fkey FOREIGN KEY (agent_id) REFERENCES public.agents(agent_id) ON DELETE CASCADE;
ALTER TABLE public.agent_sessions ADD CONSTRAINT agent_sessions_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(tenant_id) ON DELETE CASCADE;
ALTER TABLE public.agent_sessions ADD CONSTRAINT agent_sessions_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(user_id) ON DELETE CASCADE;
ALTER TABLE public.agent_tool_assignments ADD CONSTRAINT agent_tool_assignments_agent_id_fkey FOREIGN KEY (agent_id) REFERENCES public.agents(agent_id) ON DELETE CASCADE;
ALTER TABLE public.agent_tool_assignments ADD CONSTRAINT agent_tool_assignments_tool_id_fkey FOREIGN KEY (tool_id) REFERENCES public.agent_tools(tool_id) ON DELETE CASCADE;
ALTER TABLE public.agent_tools ADD CONSTRAINT agent_tools_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(tenant_id) ON DELETE CASCADE;
ALTER TABLE public.agent_tools ADD CONSTRAINT agent_tools_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(user_id) ON DELETE SET NULL;
ALTER TABLE public.agents ADD CONSTRAINT agents_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(tenant_id) ON DELETE CASCADE;
ALTER TABLE public.agents ADD CONSTRAINT agents_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(user_id) ON DELETE SET NULL;
ALTER TABLE public.files ADD CONSTRAINT files_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(tenant_id) ON DELETE CASCADE;
ALTER TABLE public.files ADD CONSTRAINT files_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(user_id) ON DELETE SET NULL;
ALTER TABLE public.folders ADD CONSTRAINT folders_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(tenant_id) ON DELETE CASCADE;
ALTER TABLE public.folders ADD CONSTRAINT folders_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(user_id) ON DELETE SET NULL;
ALTER TABLE public.mcp_servers ADD CONSTRAINT mcp_servers_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(tenant_id) ON DELETE CASCADE;
ALTER TABLE public.mcp_servers ADD CONSTRAINT mcp_servers_tool_id_fkey FOREIGN KEY (tool_id) REFERENCES public.agent_tools(tool_id) ON DELETE CASCADE;
ALTER TABLE public.memberships ADD CONSTRAINT memberships_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(tenant_id) ON DELETE CASCADE;
ALTER TABLE public.memberships ADD CONSTRAINT memberships_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(user_id) ON DELETE CASCADE;
CREATE TRIGGER update_agent_long_term_memory_updated_at BEFORE UPDATE ON public.agent_long_term_memory FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();
CREATE TRIGGER update_agent_session_memory_updated_at BEFORE UPDATE ON public.agent_session_memory FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();
CREATE TRIGGER update_agent_tools_updated_at BEFORE UPDATE ON public.agent_tools FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();
CREATE TRIGGER update_agents_updated_at BEFORE UPDATE ON public.agents FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();
CREATE TRIGGER update_files_updated_at BEFORE UPDATE ON public.files FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();
CREATE TRIGGER update_mcp_servers_updated_at BEFORE UPDATE ON public.mcp_servers FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();
CREATE TRIGGER update_users_updated_at BEFORE UPDATE ON public.users FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();
COMMENT ON SCHEMA public IS 'standard public schema';
COMMENT ON TYPE public.membership_role IS 'Role of a user within a tenant: owner = Full administrative access; member = Standard member access';
COMMENT ON FUNCTION public.update_updated_at_column() IS 'Trigger function: sets updated_at to now() on row update';
COMMENT ON TABLE public.admins IS 'System-wide administrator access (cross-tenant).';
COMMENT ON TABLE public.agent_long_term_memory IS 'Persistent knowledge for agents across sessions.';
COMMENT ON TABLE public.agent_session_memory IS 'Short-term working memory for agent sessions (execution plans, scratchpad).';
COMMENT ON TABLE public.agent_session_messages IS 'Messages within agent sessions.';
COMMENT ON TABLE public.agent_sessions IS 'Agent chat sessions (session memory).';
COMMENT ON TABLE public.agent_tool_assignments IS 'Maps which tools each agent can use.';
COMMENT ON TABLE public.agent_tools IS 'Tool registry for agent capabilities.';
COMMENT ON TABLE public.agents IS 'Agent definitions for Agent Mode Chat feature.';
COMMENT ON TABLE public.files IS 'File metadata with references to Netlify Blob storage.';
COMMENT ON TABLE public.folders IS 'Virtual directory structure for file organization.';
COMMENT ON TABLE public.mcp_servers IS 'MCP server configurations for agent tools.';
COMMENT ON TABLE public.memberships IS 'User-tenant relationship with roles.';
COMMENT ON TABLE public.tenants IS 'Multi-tenant organization records.';
COMMENT ON TABLE public.users IS 'User account information.';
COMMENT ON COLUMN public.admins.admin_id IS 'Primary key';
COMMENT ON COLUMN public.admins.user_id IS 'Reference to user (unique)';
COMMENT ON COLUMN public.admins.granted_by IS 'Admin who granted access';
COMMENT ON COLUMN public.admins.granted_at IS 'When admin was granted';
COMMENT ON COLUMN public.agent_long_term_memory.memory_id IS 'Primary key';
COMMENT ON COLUMN public.agent_long_term_memory.agent_id IS 'Reference to agent';
COMMENT ON COLUMN public.agent_long_term_memory.tenant_id IS 'Reference to tenant';
COMMENT ON COLUMN public.agent_long_term_memory.memory_type IS '''fact'' / ''preference'' / ''learned'' / ''user_provided''';
COMMENT ON COLUMN public.agent_long_term_memory.content IS 'The memory content';
COMMENT ON COLUMN public.agent_long_term_memory.source_session_id IS 'Session where memory was created';
COMMENT ON COLUMN public.agent_long_term_memory.importance IS '1-10 importance score';
COMMENT ON COLUMN public.agent_long_term_memory.last_accessed_at IS 'When memory was last used';
COMMENT ON COLUMN public.agent_long_term_memory.access_count IS 'How many times memory was retrieved';
COMMENT ON COLUMN public.agent_long_term_memory.is_active IS 'Whether memory is active';
COMMENT ON COLUMN public.agent_long_term_memory.created_at IS 'Record creation time';
COMMENT ON COLUMN public.agent_long_term_memory.updated_at IS 'Last update time';
COMMENT ON COLUMN public.agent_session_memory.memory_id IS 'Primary key';
COMMENT ON COLUMN public.agent_session_memory.session_id IS 'Reference to agent_sessions';
COMMENT ON COLUMN public.agent_session_memory.memory_key IS 'Key identifier (execution_plan, scratchpad)';
COMMENT ON COLUMN public.agent_session_memory.memory_value IS 'Structured data for the memory entry';
COMMENT ON COLUMN public.agent_session_memory.created_at IS 'Record creation time';
COMMENT ON COLUMN public.agent_session_memory.updated_at IS 'Last update time';
COMMENT ON COLUMN public.agent_session_messages.message_id IS 'Primary key';
COMMENT ON COLUMN public.agent_session_messages.session_id IS 'Reference to session';
COMMENT ON COLUMN public.agent_session_messages.step_number IS 'Which step this message belongs to';
COMMENT ON COLUMN public.agent_session_messages.role IS '''user'' / ''assistant'' / ''tool'' / ''system''';
COMMENT ON COLUMN public.agent_session_messages.content IS 'Message content';
COMMENT ON COLUMN public.agent_session_messages.tool_name IS 'Tool name if role=''tool''';
COMMENT ON COLUMN public.agent_session_messages.tool_input IS 'Tool input parameters';
COMMENT ON COLUMN public.agent_session_messages.tool_output IS 'Tool execution result';
COMMENT ON COLUMN public.agent_session_messages.reasoning IS 'LLM''s reasoning (chain-of-thought)';
COMMENT ON COLUMN public.agent_session_messages.tokens_used IS 'Token count for this message';
COMMENT ON COLUMN public.agent_session_messages.created_at IS 'Record creation time';
COMMENT ON COLUMN public.agent_sessions.session_id IS 'Primary key';
COMMENT ON COLUMN public.agent_sessions.agent_id IS 'Reference to agent';
COMMENT ON COLUMN public.agent_sessions.user_id IS 'User who started session';
COMMENT ON COLUMN public.agent_sessions.tenant_id IS 'Reference to tenant';
COMMENT ON COLUMN public.agent_sessions.title IS 'Session title (auto-generated or user-set)';
COMMENT ON COLUMN public.agent_sessions.status IS '''active'' / ''completed'' / ''failed'' / ''cancelled''';
COMMENT ON COLUMN public.agent_sessions.current_step IS 'Current step in the loop';
COMMENT ON COLUMN public.agent_sessions.goal_met IS 'Whether the goal was achieved';
COMMENT ON COLUMN public.agent_sessions.started_at IS 'Session start time';
COMMENT ON COLUMN public.agent_sessions.ended_at IS 'Session end time';
COMMENT ON COLUMN public.agent_sessions.created_at IS 'Record creation time';
COMMENT ON COLUMN public.agent_tool_assignments.assignment_id IS 'Primary key';
COMMENT ON COLUMN public.agent_tool_assignments.agent_id IS 'Reference to agent';
COMMENT ON COLUMN public.agent_tool_assignments.tool_id IS 'Reference to tool';
COMMENT ON COLUMN public.agent_tool_assignments.is_required IS 'Whether tool is required for agent';
COMMENT ON COLUMN public.agent_tool_assignments.created_at IS 'Record creation time';
COMMENT ON COLUMN public.agent_tools.tool_id IS 'Primary key';
COMMENT ON COLUMN public.agent_tools.tenant_id IS 'Reference to tenant';
COMMENT ON COLUMN public.agent_tools.user_id IS 'Creator of tool';
COMMENT ON COLUMN public.agent_tools.name IS 'Tool name (function name)';
COMMENT ON COLUMN public.agent_tools.description IS 'What the tool does (for LLM)';
COMMENT ON COLUMN public.agent_tools.tool_type IS '''mcp_server'' / ''python_script''';
COMMENT ON COLUMN public.agent_tools.input_schema IS 'JSON Schema for tool inputs';
COMMENT ON COLUMN public.agent_tools.is_active IS 'Whether tool is available';
COMMENT ON COLUMN public.agent_tools.created_at IS 'Record creation time';
COMMENT ON COLUMN public.agent_tools.updated_at IS 'Last update time';
COMMENT ON COLUMN public.agents.agent_id IS 'Primary key';
COMMENT ON COLUMN public.agents.tenant_id IS 'Reference to tenant';
COMMENT ON COLUMN public.agents.user_id IS 'Creator of agent';
COMMENT ON COLUMN public.agents.name IS 'Agent display name';
COMMENT ON COLUMN public.agents.description IS 'Agent purpose description';
COMMENT ON COLUMN public.agents.goal IS 'The agent''s primary goal/objective';
COMMENT ON COLUMN public.agents.system_prompt IS 'System prompt for LLM';
COMMENT ON COLUMN public.agents.model_provider IS '''openai'' / ''anthropic'' / ''gemini''';
COMMENT ON COLUMN public.agents.model_name IS 'Specific model (e.g., ''gpt-4o'', ''claude-3-5-sonnet'')';
COMMENT ON COLUMN public.agents.max_steps IS 'Maximum iterations before forced stop';
COMMENT ON COLUMN public.agents.temperature IS 'LLM temperature setting';
COMMENT ON COLUMN public.agents.is_active IS 'Whether agent is available for use';
COMMENT ON COLUMN public.agents.created_at IS 'Record creation time';
COMMENT ON COLUMN public.agents.updated_at IS 'Last update time';
COMMENT ON COLUMN public.files.file_id IS 'Primary key';
COMMENT ON COLUMN public.files.tenant_id IS 'Reference to tenant';
COMMENT ON COLUMN public.files.user_id IS 'User who uploaded file';
COMMENT ON COLUMN public.files.blob_key IS 'UUID key in Netlify Blobs';
COMMENT ON COLUMN public.files.file_name IS 'Original filename';
COMMENT ON COLUMN public.files.file_path IS 'Virtual directory path';
COMMENT ON COLUMN public.files.mime_type IS 'MIME type';
COMMENT ON COLUMN public.files.file_size IS 'Size in bytes';
COMMENT ON COLUMN public.files.etag IS 'Blob ETag for versioning';
COMMENT ON COLUMN public.files.created_at IS 'Record creation time';
COMMENT ON COLUMN public.files.updated_at IS 'Last update time';
COMMENT ON COLUMN public.folders.folder_id IS 'Primary key';
COMMENT ON COLUMN public.folders.tenant_id IS 'Reference to tenant';
COMMENT ON COLUMN public.folders.user_id IS 'User who created folder';
COMMENT ON COLUMN public.folders.folder_name IS 'Folder display name';
COMMENT ON COLUMN public.folders.folder_path IS 'Full path (e.g., /docs/reports/)';
COMMENT ON COLUMN public.folders.parent_path IS 'Parent folder path';
COMMENT ON COLUMN public.folders.created_at IS 'Record creation time';
COMMENT ON COLUMN public.mcp_servers.mcp_server_id IS 'Primary key';
COMMENT ON COLUMN public.mcp_servers.tool_id IS 'Reference to agent_tools';
COMMENT ON COLUMN public.mcp_servers.tenant_id IS 'Reference to tenant';
COMMENT ON COLUMN public.mcp_servers.server_name IS 'Display name';
COMMENT ON COLUMN public.mcp_servers.server_url IS 'MCP server endpoint URL';
COMMENT ON COLUMN public.mcp_servers.auth_type IS '''none'' / ''api_key'' / ''bearer'' / ''basic''';
COMMENT ON COLUMN public.mcp_servers.auth_config IS 'Encrypted auth configuration';
COMMENT ON COLUMN public.mcp_servers.health_status IS '''healthy'' / ''unhealthy'' / ''unknown''';
COMMENT ON COLUMN public.mcp_servers.last_health_check IS 'Last health check time';
COMMENT ON COLUMN public.mcp_servers.created_at IS 'Record creation time';
COMMENT ON COLUMN public.mcp_servers.updated_at IS 'Last update time';
COMMENT ON COLUMN public.memberships.membership_id IS 'Primary key';
COMMENT ON COLUMN public.memberships.tenant_id IS 'Reference to tenant';
COMMENT ON COLUMN public.memberships.user_id IS 'Reference to user';
COMMENT ON COLUMN public.memberships.role IS 'User''s role in tenant';
COMMENT ON COLUMN public.memberships.created_at IS 'Record creation time';
COMMENT ON COLUMN public.tenants.tenant_id IS 'Primary key';
COMMENT ON COLUMN public.tenants.name IS 'Organization name';
COMMENT ON COLUMN public.tenants.slug IS 'URL-safe identifier';
COMMENT ON COLUMN public.tenants.created_at IS 'Record creation time';
COMMENT ON COLUMN public.users.user_id IS 'Primary key';
COMMENT ON COLUMN public.users.email IS 'Unique email address';
COMMENT ON COLUMN public.users.password_hash IS 'bcrypt hashed password';
COMMENT ON COLUMN public.users.full_name IS 'User''s display name';
COMMENT ON COLUMN public.users.phone IS 'Phone number';
COMMENT ON COLUMN public.users.phone_verified_at IS 'When phone was verified';
COMMENT ON COLUMN public.users.created_at IS 'Record creation time';
COMMENT ON COLUMN public.users.updated_at IS 'Last update time';
