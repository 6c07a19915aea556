import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { targets } from '../support/databases.js';
import { tenantProject } from './helpers.js';

const V1 = 'create table invoices (id int primary key, total numeric not null);\n';
const V2 = 'create table invoices (id int primary key, total numeric not null, due_date date);\ncreate table payments (id int primary key, invoice_id int references invoices (id));\n';

for (const target of targets) {
  describe(`tenant-defined schemas [${target.name}]`, () => {
    it('stores each version, applies the diff in the tenant schema, audits it as seed 001 does, and refuses destructive plans unless allowed', async () => {
      const db = await target.create();
      const p = await tenantProject({ database: db.url }, {});
      try {
        const fleet = p.tm.tenants();
        const acme = await fleet.add('acme');
        await fleet.add('other');
        const first = await fleet.applyTenantSchema('acme', V1, { appliedBy: 'user:admin@example.com' });
        assert.equal(first.status, 'success');
        assert.equal(first.details, "Applied schema version 1. Created table 'invoices'. Added primary key constraint 'invoices_pkey' to 'invoices'.");
        const second = await fleet.applyTenantSchema(acme.tenantId, V2, { appliedBy: 'user:admin@example.com' });
        assert.equal(second.version, 2);
        assert.match(second.details, /^Applied schema version 2\. /);
        assert.match(second.details, /Created table 'payments'\./);
        assert.match(second.details, /Added column 'due_date' to 'invoices'\./);
        assert.deepEqual(await p.rows("select to_regclass('tenant_acme.payments')::text as a, to_regclass('tenant_other.payments')::text as b"), [{ a: 'tenant_acme.payments', b: null }]);

        const refused = await fleet.applyTenantSchema('acme', V1, { appliedBy: 'svc' });
        assert.equal(refused.status, 'failed');
        assert.match(refused.details, /Refused schema version 3: .*would lose data/);
        assert.deepEqual(await p.rows("select to_regclass('tenant_acme.payments')::text as a"), [{ a: 'tenant_acme.payments' }], 'nothing dropped');
        const allowed = await fleet.applyTenantSchema('acme', V1, { appliedBy: 'svc', allowDestructive: true });
        assert.equal(allowed.status, 'success');
        assert.equal(allowed.version, 4);
        assert.deepEqual(await p.rows("select to_regclass('tenant_acme.payments')::text as a"), [{ a: null }]);

        const history = await fleet.history('acme');
        assert.deepEqual(history.map((h) => [h.versionApplied, h.status, h.appliedBy]), [[4, 'success', 'svc'], [3, 'failed', 'svc'], [2, 'success', 'user:admin@example.com'], [1, 'success', 'user:admin@example.com']]);
        const linked = await p.rows<{ n: number }>('select count(*)::int as n from tidemark.schema_migrations m join tidemark.tenant_schemas s on s.schema_id = m.tenant_schema_id and s.version = m.version_applied and s.tenant_id = m.tenant_id');
        assert.deepEqual(linked, [{ n: 4 }]);
        const defs = await p.rows<{ version: number; definition: string }>("select version, definition from tidemark.tenant_schemas order by version");
        assert.deepEqual(defs.map((d) => d.version), [1, 2, 3, 4]);
        assert.equal(defs[1]!.definition, V2);
      } finally {
        await p.dispose();
        await db.dispose();
      }
    });

    it('a definition that fails in the database is audited failed with the error, SQLSTATE and statement, and leaves the schema as it was', async () => {
      const db = await target.create();
      const p = await tenantProject({ database: db.url }, {});
      try {
        const fleet = p.tm.tenants();
        await fleet.add('acme');
        await fleet.applyTenantSchema('acme', 'create table items (id int primary key, code text);\n');
        await p.rows("insert into tenant_acme.items values (1, 'x'), (2, 'x')");
        const result = await fleet.applyTenantSchema('acme', 'create table items (id int primary key, code text unique);\ncreate table extra (id int);\n');
        assert.equal(result.status, 'failed');
        assert.match(result.details, /could not create unique index/);
        assert.match(result.details, /23505/);
        assert.match(result.details, /Statement: ALTER TABLE/);
        assert.deepEqual(await p.rows("select to_regclass('tenant_acme.extra')::text as t"), [{ t: null }], 'one transaction: nothing applied');
        const rows = await p.rows<{ status: string }>('select status from tidemark.schema_migrations order by created_at');
        assert.deepEqual(rows.map((r) => r.status), ['success', 'failed']);
      } finally {
        await p.dispose();
        await db.dispose();
      }
    });

    it('schema_migrations matches seed 001: columns, defaults, CHECK, foreign key and indexes', async () => {
      const db = await target.create();
      const p = await tenantProject({ database: db.url }, {});
      try {
        await p.tm.tenants().add('acme');
        const columns = await p.rows<{ column_name: string; data_type: string; is_nullable: string; column_default: string | null; len: number | null }>(
          "select column_name, data_type, is_nullable, column_default, character_maximum_length as len from information_schema.columns where table_schema = 'tidemark' and table_name = 'schema_migrations' order by ordinal_position",
        );
        assert.deepEqual(columns.map((c) => [c.column_name, c.data_type, c.is_nullable, c.column_default, c.len]), [
          ['migration_id', 'uuid', 'NO', 'gen_random_uuid()', null],
          ['tenant_schema_id', 'uuid', 'YES', null, null],
          ['tenant_id', 'uuid', 'NO', null, null],
          ['version_applied', 'integer', 'NO', null, null],
          ['status', 'text', 'NO', "'pending'::text", null],
          ['details', 'text', 'YES', null, null],
          ['applied_by', 'character varying', 'YES', null, 255],
          ['created_at', 'timestamp with time zone', 'NO', 'CURRENT_TIMESTAMP', null],
          ['updated_at', 'timestamp with time zone', 'NO', 'CURRENT_TIMESTAMP', null],
        ]);
        const constraints = await p.rows<{ conname: string; def: string }>(
          "select conname, pg_get_constraintdef(oid) as def from pg_constraint where conrelid = 'tidemark.schema_migrations'::regclass and contype in ('p', 'c', 'f') order by conname",
        );
        assert.deepEqual(constraints.map((c) => c.conname), ['schema_migrations_pkey', 'schema_migrations_status_chk', 'schema_migrations_tenant_schema_id_fkey']);
        assert.match(constraints[1]!.def, /pending.*success.*failed/);
        assert.match(constraints[2]!.def, /REFERENCES tidemark\.tenant_schemas\(schema_id\) ON DELETE RESTRICT/);
        const indexes = await p.rows<{ indexname: string }>("select indexname from pg_indexes where schemaname = 'tidemark' and tablename = 'schema_migrations' order by indexname");
        assert.deepEqual(indexes.map((i) => i.indexname), ['schema_migrations_created_at_idx', 'schema_migrations_pkey', 'schema_migrations_schema_id_idx', 'schema_migrations_tenant_id_idx']);
        await assert.rejects(p.rows("insert into tidemark.schema_migrations (tenant_id, version_applied, status) values (gen_random_uuid(), 1, 'done')"), /schema_migrations_status_chk/);
      } finally {
        await p.dispose();
        await db.dispose();
      }
    });
  });
}
