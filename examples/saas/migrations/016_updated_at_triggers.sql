-- migrate:up
-- Keep updated_at current on every remaining table that has one,
-- reusing update_updated_at_column() from 015_agent_session_memory.sql.
CREATE TRIGGER update_users_updated_at
    BEFORE UPDATE ON users
    FOR EACH ROW
    EXECUTE FUNCTION update_updated_at_column();

CREATE TRIGGER update_files_updated_at
    BEFORE UPDATE ON files
    FOR EACH ROW
    EXECUTE FUNCTION update_updated_at_column();

CREATE TRIGGER update_agents_updated_at
    BEFORE UPDATE ON agents
    FOR EACH ROW
    EXECUTE FUNCTION update_updated_at_column();

CREATE TRIGGER update_agent_long_term_memory_updated_at
    BEFORE UPDATE ON agent_long_term_memory
    FOR EACH ROW
    EXECUTE FUNCTION update_updated_at_column();

CREATE TRIGGER update_agent_tools_updated_at
    BEFORE UPDATE ON agent_tools
    FOR EACH ROW
    EXECUTE FUNCTION update_updated_at_column();

CREATE TRIGGER update_mcp_servers_updated_at
    BEFORE UPDATE ON mcp_servers
    FOR EACH ROW
    EXECUTE FUNCTION update_updated_at_column();

-- migrate:down
DROP TRIGGER update_mcp_servers_updated_at ON mcp_servers;
DROP TRIGGER update_agent_tools_updated_at ON agent_tools;
DROP TRIGGER update_agent_long_term_memory_updated_at ON agent_long_term_memory;
DROP TRIGGER update_agents_updated_at ON agents;
DROP TRIGGER update_files_updated_at ON files;
DROP TRIGGER update_users_updated_at ON users;
