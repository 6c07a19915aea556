-- migrate:up
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

-- migrate:down
DROP TABLE admins;
