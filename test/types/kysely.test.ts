import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Kysely, PGliteDialect, PostgresDialect, sql, type Dialect, type Selectable } from 'kysely';
import pg from 'pg';
// The golden file of the example project's generated types: the build compiles it (under this
// repository's strict settings) together with this test, so the queries below are type-checked
// against exactly what `tidemark types` writes.
import { membershipRoleValues, type DB, type MembershipRole, type UsersInsert } from '../golden/saas-types.js';
import { targets, type DatabaseTarget } from '../support/databases.js';
import { copyExample } from '../support/project.js';
import { runCli } from '../support/cli.js';
import { createPglite } from '../../src/driver/pglite/create.js';

/** dialectFor opens the target with Kysely's own dialect for it: node-postgres, or PGlite. */
async function dialectFor(target: DatabaseTarget, url: string): Promise<{ dialect: Dialect }> {
  if (target.name === 'postgres') return { dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 2 }) }) };
  // A data directory Tidemark created opens only with the extensions it was created with.
  const pglite = await createPglite(url.slice('pglite:'.length));
  return { dialect: new PGliteDialect({ pglite }) };
}

for (const target of targets) {
  describe(`Kysely<DB> over the generated types [${target.name}]`, () => {
    it('inserts, joins, updates and reads the example schema with the types tidemark wrote', async () => {
      const database = await target.create();
      const project = await copyExample();
      try {
        const migrated = await runCli(['--database', database.url, 'migrate'], { cwd: project.dir });
        assert.equal(migrated.code, 0, migrated.stderr);
        const { dialect } = await dialectFor(target, database.url);
        const db = new Kysely<DB>({ dialect });
        try {
          const user: UsersInsert = { email: 'ada@example.com', password_hash: 'x', full_name: 'Ada' };
          const { user_id } = await db.insertInto('users').values(user).returning('user_id').executeTakeFirstOrThrow();
          const tenant = await db.insertInto('tenants').values({ name: 'Acme', slug: 'acme' }).returningAll().executeTakeFirstOrThrow();
          const role: MembershipRole = membershipRoleValues[0];
          await db.insertInto('memberships').values({ tenant_id: tenant.tenant_id, user_id, role }).execute();
          await db
            .insertInto('files')
            .values({ tenant_id: tenant.tenant_id, user_id, blob_key: 'k', file_name: 'a.txt', file_size: 1234 })
            .execute();

          const members = await db
            .selectFrom('memberships')
            .innerJoin('users', 'users.user_id', 'memberships.user_id')
            .innerJoin('tenants', 'tenants.tenant_id', 'memberships.tenant_id')
            .select(['users.email', 'tenants.slug', 'memberships.role', 'memberships.created_at'])
            .execute();
          // Compile-time: each selected column has the generated type.
          const typed: { email: string; slug: string; role: MembershipRole; created_at: Date }[] = members;
          assert.equal(typed.length, 1);
          assert.deepEqual({ ...typed[0], created_at: undefined }, { email: 'ada@example.com', slug: 'acme', role: 'owner', created_at: undefined });
          assert.ok(typed[0]!.created_at instanceof Date, 'timestamptz reads as Date, as the types say');

          await db.updateTable('users').set({ full_name: 'Ada L.', phone: null }).where('user_id', '=', user_id).execute();
          const updated: Selectable<DB['users']> = await db.selectFrom('users').selectAll().where('user_id', '=', user_id).executeTakeFirstOrThrow();
          assert.equal(updated.full_name, 'Ada L.');
          assert.equal(updated.phone, null);

          const file = await db.selectFrom('files').select(['file_size', 'file_path']).executeTakeFirstOrThrow();
          assert.equal(file.file_path, '/', 'the default the Insert type made optional was applied');
          // int8: node-postgres returns a string (the default `bigint: 'string'`); PGlite returns a
          // number — the driver difference the README documents.
          assert.equal(typeof file.file_size, target.name === 'postgres' ? 'string' : 'number');
          assert.equal(String(file.file_size), '1234');

          const count = await db.selectFrom('memberships').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
          assert.equal(count.n, 1);
        } finally {
          await db.destroy();
        }
      } finally {
        await project.dispose();
        await database.dispose();
      }
    });
  });
}

// Compile-time only: uses the generated types must reject. The build fails if any of these start
// compiling, so they are checked on every `npm test`.
export function rejected(db: Kysely<DB>) {
  return [
    // @ts-expect-error email is NOT NULL without a default
    db.insertInto('users').values({ password_hash: 'x', full_name: 'A' }),
    // @ts-expect-error role is an enum: only its values are accepted
    db.insertInto('memberships').values({ tenant_id: 't', user_id: 'u', role: 'admin' }),
    // @ts-expect-error no such table
    db.selectFrom('accounts').selectAll(),
  ];
}
