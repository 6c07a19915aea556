import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { initProject, loadConfig, loadSource, parseSource, presetSql, setConfigPreset, SUPABASE_SCHEMAS } from '../../src/index.js';
import { targets, withAdmin, withDriver, type DatabaseTarget } from '../support/databases.js';
import { createProject, FIXTURES } from '../support/project.js';
import { runCli } from '../support/cli.js';
import { assertGolden } from '../support/golden.js';

const API_ROLES = ['anon', 'authenticated', 'service_role'];

/**
 * The preset's roles are cluster-wide on the server: the ones this test created are dropped after
 * it (its database, which their default privileges live in, is gone by then).
 */
async function withServerRoles<T>(target: DatabaseTarget, work: () => Promise<T>): Promise<T> {
  if (target.name !== 'postgres') return work();
  const existing = await withAdmin(async (c) => (await c.query<{ rolname: string }>('SELECT rolname FROM pg_roles WHERE rolname = ANY($1)', [API_ROLES])).rows.map((r) => r.rolname));
  try {
    return await work();
  } finally {
    const created = API_ROLES.filter((r) => !existing.includes(r));
    if (created.length) await withAdmin((c) => c.query(`DROP ROLE IF EXISTS ${created.join(', ')}`));
  }
}

describe('Supabase preset: without it, Supabase migrations do not replay', () => {
  it('fails on auth.users without the preset and replays with it, leaving Supabase schemas out of the model', async () => {
    const project = await createProject();
    try {
      const migrations = `migrations:${path.join(FIXTURES, 'supabase', 'supabase', 'migrations')}`;
      const plain = await loadConfig({ cwd: project.dir, config: {} });
      await assert.rejects(loadSource(parseSource(migrations, project.dir), plain), /schema "auth" does not exist/);
      const preset = await loadConfig({ cwd: project.dir, config: { preset: 'supabase', excludeSchemas: ['audit'] } });
      assert.deepEqual(preset.config.excludeSchemas, ['audit', ...SUPABASE_SCHEMAS], "the preset's schemas join the configured ones");
      const model = await loadSource(parseSource(migrations, project.dir), preset);
      assert.deepEqual(model.schemas.map((s) => s.name), ['public']);
      assert.deepEqual(model.tables.map((t) => t.name).sort(), ['audit_log', 'profile_settings', 'profiles', 'team_members', 'teams', 'todos']);
      assert.ok(!model.functions.some((f) => f.schema !== 'public'), 'auth.uid() and storage.foldername() are not the project’s');
    } finally {
      await project.dispose();
    }
  });
});

describe('Supabase preset: init --preset and import --from supabase name it in the config', () => {
  it('scaffolds a Supabase layout, adds the key to JSON and TypeScript configs, and says when it cannot', async () => {
    const project = await createProject();
    try {
      const read = (name: string) => fs.readFile(path.join(project.dir, name), 'utf8');
      assert.deepEqual((await initProject(project.dir, { preset: 'supabase' })).created, ['tidemark.config.ts', 'supabase/migrations/', 'supabase/schemas/']);
      const config = await loadConfig({ cwd: project.dir });
      assert.equal(config.config.preset, 'supabase');
      assert.equal(path.relative(project.dir, config.migrationsDir), path.join('supabase', 'migrations'));
      assert.ok(config.config.excludeSchemas.includes('auth') && config.config.excludeSchemas.includes('storage'));
      assert.equal((await setConfigPreset(project.dir, config.file, 'supabase', 'migrations')).status, 'present');

      const ts = path.join(project.dir, 'tidemark.config.ts');
      await fs.writeFile(ts, "import { defineConfig } from 'tidemark';\n\nexport default defineConfig({\n  migrations: 'db',\n});\n");
      assert.deepEqual(await setConfigPreset(project.dir, ts, 'supabase', 'db'), { status: 'added', file: 'tidemark.config.ts' });
      assert.equal((await loadConfig({ cwd: project.dir })).config.preset, 'supabase', 'the edited config still loads');
      await fs.writeFile(ts, 'const c = { migrations: "db" };\nexport default c;\n');
      assert.equal((await setConfigPreset(project.dir, ts, 'supabase', 'db')).status, 'manual');
      assert.doesNotMatch(await read('tidemark.config.ts'), /preset/, 'a config it cannot edit safely is left alone');
      await fs.rm(ts);

      const json = path.join(project.dir, 'tidemark.config.json');
      await fs.writeFile(json, JSON.stringify({ migrations: 'db' }));
      assert.equal((await setConfigPreset(project.dir, json, 'supabase', 'db')).status, 'added');
      assert.deepEqual(JSON.parse(await read('tidemark.config.json')), { migrations: 'db', preset: 'supabase' });

      const bad = await runCli(['init', '--preset', 'firebase'], { cwd: project.dir });
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /--preset firebase: expected one of supabase/);
      const badFormat = await runCli(['types', '--format', 'prisma', '--from', 'dir:supabase/schemas'], { cwd: project.dir });
      assert.equal(badFormat.code, 2);
      assert.match(badFormat.stderr, /--format prisma: expected one of tidemark, supabase/);
    } finally {
      await project.dispose();
    }
  });
});

for (const target of targets) {
  describe(`Supabase preset: a Supabase migrations folder end to end [${target.name}]`, () => {
    it('imports, migrates, shows no drift or changes, documents and types it', async () => {
      await withServerRoles(target, async () => {
        const database = await target.create();
        const project = await createProject();
        try {
          await fs.cp(path.join(FIXTURES, 'supabase', 'supabase'), path.join(project.dir, 'supabase'), { recursive: true });
          const cli = async (args: string[], expected = 0) => {
            const result = await runCli(['--database', database.url, ...args], { cwd: project.dir });
            assert.equal(result.code, expected, `tidemark ${args.join(' ')}\n${result.stdout}${result.stderr}`);
            return result.stdout;
          };
          // A Supabase database has auth, storage and the API roles before the first migration;
          // on a plain database the preset's asset stands in for them.
          await withDriver(database.url, async (db) => db.runScript(await presetSql('supabase')));

          // Import without --stamp (the fixture's database has no supabase_migrations history).
          const imported = await runCli(['import', '--from', 'supabase', 'supabase/migrations'], { cwd: project.dir });
          assert.equal(imported.code, 0, imported.stderr);
          assert.match(imported.stdout, /wrote\s+tidemark\.config\.ts\s+← preset: 'supabase'/);
          assert.match(await fs.readFile(path.join(project.dir, 'tidemark.config.ts'), 'utf8'), /preset: 'supabase'/);

          assert.match(await cli(['migrate']), /Applied 3 migration\(s\)/);
          assert.match(await cli(['drift']), /No drift/);
          assert.match(await cli(['generate', 'noop']), /No changes/);
          assert.deepEqual((await fs.readdir(path.join(project.dir, 'migrations'))).filter((f) => f.endsWith('.sql')).length, 3, 'generate wrote nothing');

          await cli(['docs', '--out', 'docs/DATABASE.md']);
          const docs = await fs.readFile(path.join(project.dir, 'docs', 'DATABASE.md'), 'utf8');
          const headings = docs.split('\n').filter((l) => l.startsWith('### '));
          for (const table of ['profiles', 'todos', 'teams', 'team_members', 'profile_settings']) assert.ok(headings.includes(`### ${table}`), `docs document ${table}`);
          for (const theirs of ['users', 'identities', 'buckets', 'objects']) assert.ok(!headings.some((h) => h.endsWith(` ${theirs}`)), `docs leave Supabase's ${theirs} out`);

          // From the database (drift showed it equals the replayed migrations' model).
          await cli(['types', '--format', 'supabase', '--out', 'database.types.ts']);
          await assertGolden('supabase-types.ts', await fs.readFile(path.join(project.dir, 'database.types.ts'), 'utf8'));
        } finally {
          await project.dispose();
          await database.dispose();
        }
      });
    });
  });
}

for (const target of targets) {
  describe(`Supabase preset: squash [${target.name}]`, () => {
    it('builds the baseline on the platform, keeps what migrations put into its schemas, and proves it', async () => {
      await withServerRoles(target, async () => {
        const [database, fresh] = await Promise.all([target.create(), target.create()]);
        const profiles = await fs.readFile(path.join(FIXTURES, 'supabase', 'supabase', 'migrations', '20240101000000_profiles.sql'), 'utf8');
        const project = await createProject({
          config: { preset: 'supabase' },
          migrations: {
            '20240101000000_profiles.sql': profiles,
            '20240102000000_notes.sql':
              "create table public.notes (id bigint generated always as identity primary key, owner uuid not null default auth.uid() references auth.users, body text);\n" +
              "create policy \"Avatar images are public\" on storage.objects for select using (bucket_id = 'avatars');\n" +
              // What the platform's default privileges grant, taken back: the baseline must too.
              'revoke all on table public.notes from anon;\n',
          },
        });
        const cli = async (args: string[], url = database.url) => {
          const result = await runCli(['--database', url, ...args], { cwd: project.dir });
          assert.equal(result.code, 0, `tidemark ${args.join(' ')}\n${result.stdout}${result.stderr}`);
          return result.stdout;
        };
        try {
          for (const db of [database, fresh]) await withDriver(db.url, async (d) => d.runScript(await presetSql('supabase')));
          await cli(['migrate']);
          await cli(['sum']);
          // The fixture seeds a storage bucket (an INSERT): --force accepts that the baseline will not repeat it.
          const result = JSON.parse(await cli(['--json', 'squash', '--force']));
          const baseline = await fs.readFile(path.join(project.dir, result.file as string), 'utf8');
          assert.doesNotMatch(baseline, /CREATE SCHEMA|CREATE TABLE auth\.|CREATE TABLE storage\.|CREATE PUBLICATION|CREATE ROLE/, 'the platform is not recreated');
          assert.match(baseline, /CREATE TRIGGER on_auth_user_created AFTER INSERT ON auth\.users/, 'a trigger the migrations put on auth.users is kept');
          assert.match(baseline, /CREATE POLICY "Avatar images are public" ON storage\.objects/, 'a storage policy is kept');
          assert.match(baseline, /auth\.uid\(\)/);
          assert.match(baseline, /REVOKE ALL ON TABLE public\.notes FROM anon, authenticated, service_role;/, "the platform's default grants are taken back, then the modelled ones granted");
          // The database that applied the old files is at the baseline; a fresh one builds the same schema.
          assert.match(await cli(['migrate']), /Nothing to migrate/);
          await cli(['migrate'], fresh.url);
          const [a, b] = await Promise.all([database, fresh].map((db) => withDriver(db.url, async (d) => (await d.query<{ n: string }>(
            "SELECT count(*)::text AS n FROM pg_trigger WHERE tgrelid = 'auth.users'::regclass AND NOT tgisinternal UNION ALL SELECT count(*)::text FROM pg_policies WHERE schemaname = 'storage' UNION ALL SELECT COALESCE(array_to_string(relacl, ','), '') FROM pg_class WHERE oid = 'public.notes'::regclass")).rows.map((r) => r.n))));
          assert.deepEqual(b, a);
          assert.match(await cli(['drift'], fresh.url), /No drift/);
        } finally {
          await project.dispose();
          await Promise.all([database.dispose(), fresh.dispose()]);
        }
      });
    });
  });
}
