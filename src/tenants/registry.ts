import type { Driver } from '../driver/driver.js';
import { UsageError } from '../errors.js';
import { quoteIdent, quoteQualified } from '../sql/quote.js';
import { schemaNameFor, validateSlug } from './names.js';
import { TENANT_REGISTRY } from '../catalog/scope.js';

/** Tenant is one row of the registry (`<control schema>.tenants`). */
export interface Tenant {
  readonly tenantId: string;
  readonly slug: string;
  readonly schema: string;
  /** The shard (a key of the `tenants.shards` config), or null for the project's database. */
  readonly shard: string | null;
  /**
   * While `tenants move` copies the tenant, the shard it is moving to (else null): the application
   * pauses the tenant's writes while it is set. Still set after a move died: the next move drops the
   * partial copy on that shard first.
   */
  readonly movingTo: string | null;
  readonly createdAt: string;
}

const ISO = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * registrySql is the idempotent DDL of the tenant tables in the control schema: the registry,
 * tenant-defined schema versions, and seed 001's audit log `schema_migrations`.
 *
 * `schema_migrations.tenant_schema_id` is nullable (the seed has it NOT NULL): fleet migrations,
 * from the tenant migrations directory, are not a tenant_schemas version, and inventing a version
 * row for each would mix two histories; a fleet attempt's row has tenant_schema_id NULL and
 * version_applied = the highest migration version it attempted. Neither `tenant_schemas` nor the
 * audit log references `tenants`: removing a tenant keeps its audit trail.
 */
export function registrySql(control: string): string {
  const t = (name: string) => quoteQualified(control, name);
  return `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(control)};
CREATE TABLE IF NOT EXISTS ${t(TENANT_REGISTRY)} (
  tenant_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug text NOT NULL CONSTRAINT tenants_slug_key UNIQUE CONSTRAINT tenants_slug_chk CHECK (slug ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
  schema_name text NOT NULL CONSTRAINT tenants_schema_name_key UNIQUE CONSTRAINT tenants_schema_name_chk CHECK (schema_name ~ '^tenant_[a-z0-9_]{1,56}$'),
  shard text NULL,
  created_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);
ALTER TABLE ${t(TENANT_REGISTRY)} ADD COLUMN IF NOT EXISTS moving_to text NULL;
CREATE TABLE IF NOT EXISTS ${t('tenant_schemas')} (
  schema_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL,
  version integer NOT NULL,
  definition text NOT NULL,
  checksum text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT tenant_schemas_tenant_version_key UNIQUE (tenant_id, version)
);
CREATE TABLE IF NOT EXISTS ${t('schema_migrations')} (
  migration_id uuid NOT NULL DEFAULT gen_random_uuid(),
  tenant_schema_id uuid NULL,
  tenant_id uuid NOT NULL,
  version_applied integer NOT NULL,
  status text NOT NULL DEFAULT 'pending',
  details text NULL,
  applied_by varchar(255) NULL,
  created_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT schema_migrations_pkey PRIMARY KEY (migration_id),
  CONSTRAINT schema_migrations_tenant_schema_id_fkey FOREIGN KEY (tenant_schema_id) REFERENCES ${t('tenant_schemas')} (schema_id) ON DELETE RESTRICT,
  CONSTRAINT schema_migrations_status_chk CHECK (status IN ('pending', 'success', 'failed'))
);
CREATE INDEX IF NOT EXISTS schema_migrations_tenant_id_idx ON ${t('schema_migrations')} USING btree (tenant_id);
CREATE INDEX IF NOT EXISTS schema_migrations_schema_id_idx ON ${t('schema_migrations')} USING btree (tenant_schema_id);
CREATE INDEX IF NOT EXISTS schema_migrations_created_at_idx ON ${t('schema_migrations')} USING btree (created_at);`;
}

/** TenantRegistry reads and writes the tenant registry of one control schema. */
export class TenantRegistry {
  readonly control: string;

  constructor(control: string) {
    this.control = control;
  }

  /** table returns a control-schema table name, quoted. */
  table(name: 'tenants' | 'tenant_schemas' | 'schema_migrations'): string {
    return quoteQualified(this.control, name);
  }

  /** exists tells whether the tenant tables were created yet; reads never create them. */
  async exists(db: Driver): Promise<boolean> {
    return (await this.state(db)).present;
  }

  private async state(db: Driver): Promise<{ present: boolean; current: boolean }> {
    const { rows } = await db.query<{ present: boolean; current: boolean }>(
      `SELECT to_regclass($1) IS NOT NULL AND to_regclass($2) IS NOT NULL AS present,
              EXISTS (SELECT FROM pg_attribute WHERE attrelid = to_regclass($1) AND attname = 'moving_to' AND NOT attisdropped) AS current`,
      [this.table('tenants'), this.table('schema_migrations')],
    );
    return { present: rows[0]?.present === true, current: rows[0]?.current === true };
  }

  /** ensure creates the tenant tables when missing, and adds columns a registry of an older Tidemark lacks. */
  async ensure(db: Driver): Promise<void> {
    const { present, current } = await this.state(db);
    if (!present || !current) await db.runScript(registrySql(this.control));
  }

  /** list returns every tenant, by slug. */
  async list(db: Driver): Promise<Tenant[]> {
    if (!(await this.exists(db))) return [];
    // moving_to is read through the row's JSON so that a registry of an older Tidemark, which lacks
    // the column, can be read without being altered (reads never change the registry).
    const { rows } = await db.query<{ tenant_id: string; slug: string; schema_name: string; shard: string | null; moving_to: string | null; created_at: string }>(
      `SELECT tenant_id::text AS tenant_id, slug, schema_name, shard, to_jsonb(t) ->> 'moving_to' AS moving_to, ${ISO('created_at')} AS created_at FROM ${this.table('tenants')} AS t ORDER BY slug`,
    );
    return rows.map((r) => ({ tenantId: r.tenant_id, slug: r.slug, schema: r.schema_name, shard: r.shard, movingTo: r.moving_to, createdAt: r.created_at }));
  }

  /** find returns the tenant with a slug or tenant id, or throws a UsageError. */
  async find(db: Driver, slugOrId: string): Promise<Tenant> {
    const tenant = (await this.list(db)).find((t) => t.slug === slugOrId || t.tenantId === slugOrId);
    if (!tenant) throw new UsageError(`no tenant "${slugOrId}" (see "tidemark tenants list")`);
    return tenant;
  }

  /** add inserts a tenant; the slug and schema name are validated first, and duplicates refused. */
  async add(db: Driver, slug: string, shard: string | null): Promise<Tenant> {
    validateSlug(slug);
    const schema = schemaNameFor(slug);
    await this.ensure(db);
    const clash = (await this.list(db)).find((t) => t.slug === slug || t.schema === schema);
    if (clash) throw new UsageError(`tenant "${slug}" clashes with tenant "${clash.slug}" (schema ${clash.schema})`);
    await db.query(`INSERT INTO ${this.table('tenants')} (slug, schema_name, shard) VALUES ($1, $2, $3)`, [slug, schema, shard]);
    return this.find(db, slug);
  }

  /** markMoving sets (or, with null, clears) the shard a tenant is moving to; see {@link Tenant.movingTo}. */
  async markMoving(db: Driver, tenant: Tenant, to: string | null): Promise<void> {
    await db.query(`UPDATE ${this.table('tenants')} SET moving_to = $2 WHERE tenant_id = $1`, [tenant.tenantId, to]);
  }

  /**
   * switchShard puts a moving tenant on its new shard and clears its mark, in one statement (one
   * transaction), only if the registry still has it on `from` moving to `to`. Returns whether it
   * did; a statement resent after a lost connection finds the switch already made and says so too.
   */
  async switchShard(db: Driver, tenant: Tenant, from: string | null, to: string): Promise<boolean> {
    const { rowCount } = await db.query(
      `UPDATE ${this.table('tenants')} SET shard = $3, moving_to = NULL WHERE tenant_id = $1 AND shard IS NOT DISTINCT FROM $2 AND moving_to = $3`,
      [tenant.tenantId, from, to],
    );
    if (rowCount === 1) return true;
    const now = (await this.list(db)).find((t) => t.tenantId === tenant.tenantId);
    return now?.shard === to && now.movingTo === null;
  }

  /** remove deletes a tenant's registry row; its audit rows and schema versions are kept. */
  async remove(db: Driver, tenant: Tenant): Promise<void> {
    await db.query(`DELETE FROM ${this.table('tenants')} WHERE tenant_id = $1`, [tenant.tenantId]);
  }
}
