-- migrate:up
CREATE TABLE folders (
    folder_id UUID NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (tenant_id) ON DELETE CASCADE,
    user_id UUID NOT NULL REFERENCES users (user_id) ON DELETE SET NULL,
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
    user_id UUID NOT NULL REFERENCES users (user_id) ON DELETE SET NULL,
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

-- migrate:down
DROP TABLE files;
DROP TABLE folders;
