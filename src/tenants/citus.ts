import { quoteIdent, quoteLiteral } from '../sql/quote.js';

/**
 * Citus schema-based sharding (Citus 12+) for tenant fleets, config `tenants.citus: 'schema'`.
 * Each tenant schema is handed to `citus_schema_distribute(regnamespace)` right after it is
 * created and before any tenant migration runs, so Citus places the empty schema on a worker
 * node and distributes every table the migrations later create in it (single-shard tables,
 * co-located per schema). Tidemark connects only to the configured URLs, which must be Citus
 * coordinators: the coordinator routes each tenant's DDL and queries to the node holding its
 * schema. Citus cannot be installed in Tidemark's test environment, so the SQL is what is tested
 * (against a stand-in function); see the README's Citus section.
 */

/** CitusMode is config `tenants.citus`: 'schema' for schema-based sharding. */
export type CitusMode = 'schema';

/** CITUS_DISTRIBUTE is the function `tenants add` calls on a new tenant schema. */
export const CITUS_DISTRIBUTE = 'citus_schema_distribute';

/**
 * createTenantSchemaSql is the script `tenants add` runs on the tenant's database: CREATE SCHEMA,
 * then, under Citus schema-based sharding, `SELECT citus_schema_distribute('<schema>'::regnamespace)`.
 * Sent as one script, the statements form one implicit transaction (a multi-statement simple
 * query), so a failed distribution leaves no schema behind.
 *
 * @example createTenantSchemaSql('tenant_acme', 'schema')
 * // CREATE SCHEMA IF NOT EXISTS "tenant_acme";
 * // SELECT citus_schema_distribute('"tenant_acme"'::regnamespace)
 */
export function createTenantSchemaSql(schema: string, citus: CitusMode | undefined): string {
  const create = `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`;
  if (citus === undefined) return create;
  // regnamespace reads its input as an identifier: the literal holds the quoted name.
  return `${create};\nSELECT ${CITUS_DISTRIBUTE}(${quoteLiteral(quoteIdent(schema))}::regnamespace)`;
}
