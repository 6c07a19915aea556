-- migrate:up
CREATE TYPE membership_role AS ENUM ('owner', 'member');

COMMENT ON TYPE membership_role IS 'Role of a user within a tenant: owner = Full administrative access; member = Standard member access';

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

-- migrate:down
DROP TABLE memberships;
DROP TABLE tenants;
DROP TABLE users;
DROP TYPE membership_role;
