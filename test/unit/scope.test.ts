import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { emptyModel, type ColumnDef, type SchemaModel, type TableDef } from '../../src/index.js';
import { auditPathOutOfScope, excludedTables, schemaFilter, TOOL_HISTORY, withoutTables } from '../../src/catalog/scope.js';

const col = (name: string, extra: Partial<ColumnDef> = {}): ColumnDef => ({
  name, type: 'integer', userType: null, notNull: false, default: null, identity: null, generated: null, collation: null, comment: null,
  inheritance: 'local', notNullInheritedOnly: false, storage: null, compression: null, statistics: null, ...extra,
});
const table = (schema: string, name: string, extra: Partial<TableDef> = {}): TableDef => ({
  schema, name, columns: [col('id')], constraints: [], indexes: [], triggers: [], policies: [], rowSecurity: false, forceRowSecurity: false,
  partitioning: null, partitionOf: null, unlogged: false, comment: null, inherits: [], options: [], replicaIdentity: 'default', ...extra,
});

describe('scope (no database)', () => {
  const base = { controlSchema: 'tidemark', tenantSchemas: new Set(['tenant_acme']) };

  it('leaves out the control schema, registered tenants and other tools\' schemas by default', () => {
    const inScope = schemaFilter(base);
    assert.deepEqual(['public', 'billing', 'tidemark', 'tenant_acme', 'tenant_unregistered', 'drizzle', 'supabase_migrations', 'graphile_migrate'].filter(inScope), [
      'public',
      'billing',
      'tenant_unregistered',
    ]);
  });

  it('include and excludeSchemas take globs; a schema named in include is read even when it would be left out', () => {
    const inScope = schemaFilter({ ...base, include: ['app_*', 'tenant_acme'], excludeSchemas: ['app_old*'] });
    assert.deepEqual(['public', 'app_core', 'app_old_billing', 'tenant_acme', 'tidemark'].filter(inScope), ['app_core', 'tenant_acme']);
    assert.deepEqual(['public', 'audit', 'audit_2024'].filter(schemaFilter({ ...base, excludeSchemas: ['audit*'] })), ['public']);
  });

  it('excludeTables matches schema.table or the bare table name; other tools\' history tables are always out', () => {
    const model: SchemaModel = {
      ...emptyModel(),
      tables: [table('public', 'users'), table('public', '_prisma_migrations'), table('public', 'tmp_import'), table('etl', 'staging'), table('app', 'alembic_version')],
    };
    const names = (globs?: string[]) => excludedTables(model, globs).map((t) => `${t.schema}.${t.name}`);
    assert.deepEqual(names(), ['public._prisma_migrations', 'app.alembic_version']);
    assert.deepEqual(names(['tmp_*', 'etl.*']), ['public._prisma_migrations', 'public.tmp_import', 'etl.staging', 'app.alembic_version']);
    assert.ok(TOOL_HISTORY.every((t) => t.tool && (t.schema ?? t.table)), 'every entry names its tool and what it keeps');
  });

  it('a table left out takes its owned sequences, indexes, grants and owner with it, and the audit rows about them', () => {
    const history = table('public', 'pgmigrations', {
      columns: [col('id', { default: "nextval('public.pgmigrations_id_seq'::regclass)" })],
      indexes: [{ name: 'pgmigrations_run_on', unique: false, method: 'btree', elements: [], include: [], predicate: null, nullsNotDistinct: false, definition: '', comment: null }],
    });
    const model: SchemaModel = {
      ...emptyModel(),
      tables: [table('public', 'users'), history],
      sequences: [
        { schema: 'public', name: 'pgmigrations_id_seq', type: 'integer', start: '1', increment: '1', min: '1', max: '2147483647', cache: '1', cycle: false, comment: null, ownedBy: { schema: 'public', table: 'pgmigrations', column: 'id' } },
        { schema: 'public', name: 'invoice_numbers', type: 'bigint', start: '1', increment: '1', min: '1', max: '9', cache: '1', cycle: false, comment: null, ownedBy: null },
      ],
      privileges: [
        { on: { object: 'table', schema: 'public', name: 'pgmigrations' }, grantee: 'app', privileges: [{ privilege: 'SELECT', grantable: false }], defaults: [] },
        { on: { object: 'table', schema: 'public', name: 'users' }, grantee: 'app', privileges: [{ privilege: 'SELECT', grantable: false }], defaults: [] },
      ],
    };
    const { model: scoped, relations } = withoutTables(model, excludedTables(model, []));
    assert.deepEqual(scoped.tables.map((t) => t.name), ['users']);
    assert.deepEqual(scoped.sequences.map((s) => s.name), ['invoice_numbers']);
    assert.deepEqual(scoped.privileges.map((p) => p.on.object === 'table' && p.on.name), ['users']);
    assert.ok(auditPathOutOfScope('index', ['public', 'pgmigrations_run_on'], relations));
    assert.ok(auditPathOutOfScope('trigger', ['public', 'pgmigrations', 'tg'], relations));
    assert.ok(auditPathOutOfScope('privileges', ['column', 'public', 'pgmigrations', 'name'], relations));
    assert.ok(!auditPathOutOfScope('index', ['public', 'users_email'], relations));
    assert.ok(!auditPathOutOfScope('privileges', ['function', 'public', 'pgmigrations', ''], new Set()));
  });
});
