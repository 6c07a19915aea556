import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { openDriver, openTidemark, type ImportTool } from '../../src/index.js';
import { targets } from '../support/databases.js';
import { createProject, FIXTURES } from '../support/project.js';
import { runCli } from '../support/cli.js';
import { queryRows } from '../support/inspect.js';

const IMPORT = path.join(FIXTURES, 'import');
const read = (file: string) => fs.readFile(path.join(IMPORT, file), 'utf8');
const sha256 = (text: string) => createHash('sha256').update(text.replace(/\r\n/g, '\n')).digest('hex');

/**
 * ToolCase is one tool: its fixture folder, the Tidemark files it must become, and a database
 * state as that tool leaves it — the SQL it ran and its own history table saying so.
 */
interface ToolCase {
  readonly tool: ImportTool;
  readonly folder: string;
  readonly files: readonly string[];
  /** How each Tidemark file's text relates to its source: copied as is, or with markers added. */
  readonly sources: readonly string[];
  /** True when the tool's own format is not Tidemark's and marker lines are added. */
  readonly addsMarkers?: boolean;
  /** Flyway: the undo file that became each one's down section. */
  readonly undos?: readonly (string | null)[];
  /** SQL that puts the database where the tool left it: objects plus the tool's history table. */
  history(): Promise<string>;
  /** Versions the history says are applied. */
  readonly stamped: readonly string[];
  /** Versions left that `tidemark migrate` must be able to apply afterwards. */
  readonly pending: readonly string[];
  readonly outOfOrder?: boolean;
}

/** Up part of a file in node-pg-migrate's or dbmate's format, to run the SQL the tool ran. */
const upOf = (text: string) => text.split(/^\s*--\s*(?:migrate:down|Down Migration).*$/im)[0]!;

const CASES: readonly ToolCase[] = [
  {
    tool: 'drizzle',
    folder: 'drizzle',
    files: ['0000_nappy_wolverine.sql', '0001_lush_beast.sql', '0002_odd_vision.sql'],
    sources: ['drizzle/0000_nappy_wolverine.sql', 'drizzle/0001_lush_beast.sql', 'drizzle/0002_odd_vision.sql'],
    // Row 1 matches by hash only (its created_at was rewritten), row 2 by created_at only (the file
    // was reformatted after it ran): drizzle's table can say either.
    async history() {
      const [a, b] = [await read('drizzle/0000_nappy_wolverine.sql'), await read('drizzle/0001_lush_beast.sql')];
      return `${a}\n${b}\nCREATE SCHEMA drizzle;
        CREATE TABLE drizzle.__drizzle_migrations (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint);
        INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ('${sha256(a)}', 1), ('${sha256('not the file')}', 1718096400000);`;
    },
    stamped: ['0000', '0001'],
    pending: ['0002'],
  },
  {
    tool: 'prisma',
    folder: 'prisma',
    files: ['20240610120000_init.sql', '20240611090000_posts.sql', '20240612150000_user_name.sql'],
    sources: ['prisma/migrations/20240610120000_init/migration.sql', 'prisma/migrations/20240611090000_posts/migration.sql', 'prisma/migrations/20240612150000_user_name/migration.sql'],
    // posts failed once (rolled back) then succeeded; user_name failed and is unresolved.
    async history() {
      const [a, b] = [await read('prisma/migrations/20240610120000_init/migration.sql'), await read('prisma/migrations/20240611090000_posts/migration.sql')];
      return `${a}\n${b}\nCREATE TABLE "_prisma_migrations" (
          "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
          "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
          "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0);
        INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, rolled_back_at, applied_steps_count) VALUES
          ('1', '${sha256(a)}', now(), '20240610120000_init', NULL, 1),
          ('2', '${sha256(b)}', NULL, '20240611090000_posts', now(), 0),
          ('3', '${sha256(b)}', now(), '20240611090000_posts', NULL, 1),
          ('4', 'x', NULL, '20240612150000_user_name', NULL, 0);`;
    },
    stamped: ['20240610120000', '20240611090000'],
    pending: ['20240612150000'],
  },
  {
    tool: 'supabase',
    folder: 'supabase',
    files: ['20240610120000_init.sql', '20240611090000_posts.sql', '20240612150000_user_name.sql'],
    sources: ['supabase/supabase/migrations/20240610120000_init.sql', 'supabase/supabase/migrations/20240611090000_posts.sql', 'supabase/supabase/migrations/20240612150000_user_name.sql'],
    async history() {
      const [a, b] = [await read('supabase/supabase/migrations/20240610120000_init.sql'), await read('supabase/supabase/migrations/20240611090000_posts.sql')];
      return `${a}\n${b}\nCREATE SCHEMA supabase_migrations;
        CREATE TABLE supabase_migrations.schema_migrations (version text NOT NULL PRIMARY KEY, statements text[], name text);
        INSERT INTO supabase_migrations.schema_migrations VALUES ('20240610120000', NULL, 'init'), ('20240611090000', NULL, 'posts');`;
    },
    stamped: ['20240610120000', '20240611090000'],
    pending: ['20240612150000'],
  },
  {
    tool: 'dbmate',
    folder: 'dbmate/db/migrations',
    files: ['20240610120000_create_users.sql', '20240611090000_create_posts.sql', '20240612150000_add_user_name.sql'],
    sources: ['dbmate/db/migrations/20240610120000_create_users.sql', 'dbmate/db/migrations/20240611090000_create_posts.sql', 'dbmate/db/migrations/20240612150000_add_user_name.sql'],
    // dbmate applies out of order by default: the history has a gap.
    async history() {
      const [a, c] = [await read('dbmate/db/migrations/20240610120000_create_users.sql'), await read('dbmate/db/migrations/20240612150000_add_user_name.sql')];
      return `${upOf(a)}\n${upOf(c)}\nCREATE TABLE public.schema_migrations (version character varying(128) NOT NULL PRIMARY KEY);
        INSERT INTO public.schema_migrations VALUES ('20240610120000'), ('20240612150000');`;
    },
    stamped: ['20240610120000', '20240612150000'],
    pending: ['20240611090000'],
    outOfOrder: true,
  },
  {
    tool: 'flyway',
    folder: 'flyway/sql',
    files: ['10_Create_users.sql', '11_Create_posts.sql', '20_Add_user_name.sql', '30_Index_posts_concurrently.sql'],
    sources: ['flyway/sql/users/V1__Create_users.sql', 'flyway/sql/V1.1__Create_posts.sql', 'flyway/sql/V2__Add_user_name.sql', 'flyway/sql/V3__Index_posts_concurrently.sql'],
    addsMarkers: true,
    undos: [null, 'flyway/sql/U1.1__Create_posts.sql', 'flyway/sql/users/U2__Add_user_name.sql', null],
    // V2 was applied and then undone; the repeatable migration has no version.
    async history() {
      const [a, b] = [await read('flyway/sql/users/V1__Create_users.sql'), await read('flyway/sql/V1.1__Create_posts.sql')];
      return `${a}\n${b}\nCREATE TABLE "public"."flyway_schema_history" (
          "installed_rank" INT NOT NULL, "version" VARCHAR(50), "description" VARCHAR(200) NOT NULL, "type" VARCHAR(20) NOT NULL,
          "script" VARCHAR(1000) NOT NULL, "checksum" INT, "installed_by" VARCHAR(100) NOT NULL,
          "installed_on" TIMESTAMP NOT NULL DEFAULT now(), "execution_time" INT NOT NULL, "success" BOOLEAN NOT NULL,
          CONSTRAINT "flyway_schema_history_pk" PRIMARY KEY ("installed_rank"));
        INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success) VALUES
          (1, '1', 'Create users', 'SQL', 'users/V1__Create_users.sql', 1, 'app', 5, true),
          (2, '1.1', 'Create posts', 'SQL', 'V1.1__Create_posts.sql', 2, 'app', 5, true),
          (3, '2', 'Add user name', 'SQL', 'V2__Add_user_name.sql', 3, 'app', 5, true),
          (4, '2', 'Add user name', 'UNDO_SQL', 'users/U2__Add_user_name.sql', 4, 'app', 5, true),
          (5, NULL, 'Post counts view', 'SQL', 'R__Post_counts_view.sql', 5, 'app', 5, false);`;
    },
    stamped: ['10', '11'],
    pending: ['20', '30'],
  },
  {
    tool: 'node-pg-migrate',
    folder: 'node-pg-migrate/migrations',
    files: ['1718020800000_create-users.sql', '1718096400000_create-posts.sql', '1718204400000_add-user-name.sql'],
    addsMarkers: true,
    sources: ['node-pg-migrate/migrations/1718020800000_create-users.sql', 'node-pg-migrate/migrations/1718096400000_create-posts.sql', 'node-pg-migrate/migrations/1718204400000_add-user-name.sql'],
    async history() {
      const [a, b] = [await read('node-pg-migrate/migrations/1718020800000_create-users.sql'), await read('node-pg-migrate/migrations/1718096400000_create-posts.sql')];
      return `${upOf(a)}\n${upOf(b)}\nCREATE TABLE public.pgmigrations (id SERIAL PRIMARY KEY, name varchar(255) NOT NULL, run_on timestamp NOT NULL);
        INSERT INTO public.pgmigrations (name, run_on) VALUES ('1718020800000_create-users', now()), ('1718096400000_create-posts', now());`;
    },
    stamped: ['1718020800000', '1718096400000'],
    pending: ['1718204400000'],
  },
];

/** Removing the marker lines Tidemark added must give back the tool's own file. */
function withoutAddedMarkers(text: string): string {
  return text.replace(/^-- migrate:(up|down)( transaction:false)?\n/gm, '');
}

describe('import: conversion of each tool\'s folder (no database)', () => {
  for (const c of CASES) {
    it(`${c.tool}: same order, same SQL`, async () => {
      const project = await createProject();
      try {
        const result = await runCli(['import', '--from', c.tool, path.join(IMPORT, c.folder), '--json'], { cwd: project.dir });
        assert.equal(result.code, 0, result.stderr);
        const report = JSON.parse(result.stdout);
        assert.deepEqual(report.files.map((f: { file: string }) => path.basename(f.file)), c.files);
        assert.deepEqual(report.stamped, []);
        assert.deepEqual((await fs.readdir(project.migrationsDir)).sort(), [...c.files, 'tidemark.sum'].sort(), 'the imported files and the sum that records them');
        assert.equal((await runCli(['sum', '--check'], { cwd: project.dir })).code, 0, 'the sum matches the imported files');
        for (const [i, file] of c.files.entries()) {
          const text = await fs.readFile(path.join(project.migrationsDir, file), 'utf8');
          const source = await read(c.sources[i]!);
          const undo = c.undos?.[i];
          if (!c.addsMarkers) assert.equal(text, source, `${file} is a copy`);
          else assert.equal(withoutAddedMarkers(text), source + (undo ? await read(undo) : ''), file);
        }
        const again = await runCli(['import', '--from', c.tool, path.join(IMPORT, c.folder), '--json'], { cwd: project.dir });
        assert.equal(again.code, 0, again.stderr);
        assert.ok(JSON.parse(again.stdout).files.every((f: { status: string }) => f.status === 'unchanged'), 'importing twice changes nothing');
      } finally {
        await project.dispose();
      }
    });
  }

  it('flyway: undo files become down sections, CONCURRENTLY runs outside a transaction, repeatables are reported', async () => {
    const project = await createProject();
    try {
      const result = await runCli(['import', '--from', 'flyway', path.join(IMPORT, 'flyway/sql')], { cwd: project.dir });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /warning: .*R__Post_counts_view\.sql: a repeatable migration; Tidemark has none/);
      const posts = await fs.readFile(path.join(project.migrationsDir, '11_Create_posts.sql'), 'utf8');
      assert.match(posts, /^-- migrate:up\nCREATE TABLE posts[\s\S]*\n-- migrate:down\nDROP TABLE posts;\n$/);
      assert.match(await fs.readFile(path.join(project.migrationsDir, '30_Index_posts_concurrently.sql'), 'utf8'), /^-- migrate:up transaction:false\n/);
    } finally {
      await project.dispose();
    }
  });

  it('node-pg-migrate: SQL before the up marker is refused; a drizzle file missing from the journal is reported', async () => {
    const project = await createProject();
    try {
      const npm = path.join(project.dir, 'npm');
      await fs.mkdir(npm);
      await fs.writeFile(path.join(npm, '1718020800000_a.sql'), 'select 1;\n-- Up Migration\nselect 2;\n');
      const refused = await runCli(['import', '--from', 'node-pg-migrate', 'npm'], { cwd: project.dir });
      assert.equal(refused.code, 2);
      assert.match(refused.stderr, /npm\/1718020800000_a\.sql: SQL before the first marker, which node-pg-migrate ignores/);
      assert.deepEqual(await fs.readdir(project.migrationsDir), []);

      const drizzleCopy = path.join(project.dir, 'drizzle');
      await fs.cp(path.join(IMPORT, 'drizzle'), drizzleCopy, { recursive: true });
      await fs.writeFile(path.join(drizzleCopy, '0003_unlisted.sql'), 'select 1;\n');
      const stray = await runCli(['import', '--from', 'drizzle', 'drizzle', '--json'], { cwd: project.dir });
      assert.equal(stray.code, 0, stray.stderr);
      assert.deepEqual(JSON.parse(stray.stdout).warnings, ['drizzle/0003_unlisted.sql: not in meta/_journal.json, so drizzle never runs it; not imported']);
    } finally {
      await project.dispose();
    }
  });

  it('refuses clashing versions and bad input without writing anything', async () => {
    const project = await createProject({ migrations: { '0001_mine.sql': 'select 1;' } });
    try {
      const clash = await runCli(['import', '--from', 'drizzle', path.join(IMPORT, 'drizzle')], { cwd: project.dir });
      assert.equal(clash.code, 1);
      assert.match(clash.stderr, /1 migration\(s\) would take versions already used by different files: .*0001_lush_beast\.sql → migrations\/0001_mine\.sql/);
      assert.deepEqual(await fs.readdir(project.migrationsDir), ['0001_mine.sql']);

      const wrongTool = await runCli(['import', '--from', 'liquibase', path.join(IMPORT, 'drizzle')], { cwd: project.dir });
      assert.equal(wrongTool.code, 2);
      assert.match(wrongTool.stderr, /--from liquibase: expected one of drizzle, prisma, supabase, dbmate, flyway, node-pg-migrate/);

      const empty = await runCli(['import', '--from', 'supabase', path.join(IMPORT, 'drizzle', 'meta')], { cwd: project.dir });
      assert.equal(empty.code, 2);
      assert.match(empty.stderr, /no supabase migrations in .*drizzle\/meta \(expected supabase\/migrations\/<timestamp>_<name>\.sql\)/);

      const noJournal = await runCli(['import', '--from', 'drizzle', path.join(IMPORT, 'prisma')], { cwd: project.dir });
      assert.equal(noJournal.code, 2);
      assert.match(noJournal.stderr, /meta\/_journal\.json: cannot read drizzle's journal/);
    } finally {
      await project.dispose();
    }
  });
});

for (const target of targets) {
  describe(`import with a database: stamp what the tool's history says [${target.name}]`, () => {
    for (const c of CASES) {
      it(`${c.tool}`, async () => {
        const db = await target.create();
        const project = await createProject();
        try {
          const driver = await openDriver(db.url);
          try {
            await driver.runScript(await c.history());
          } finally {
            await driver.close();
          }
          // --database after the command: the global flag is accepted anywhere.
          const result = await runCli(['import', '--from', c.tool, path.join(IMPORT, c.folder), '--database', db.url, '--json'], { cwd: project.dir });
          assert.equal(result.code, 0, result.stderr);
          const report = JSON.parse(result.stdout);
          assert.deepEqual(report.stamped.map((s: { version: string }) => s.version), c.stamped);

          const tm = await openTidemark({ cwd: project.dir, database: db.url });
          try {
            const status = await tm.status();
            const state = (v: string) => status.migrations.find((m) => m.version === v)?.state;
            for (const v of c.stamped) assert.equal(state(v), 'applied', v);
            for (const v of c.pending) assert.equal(state(v), c.outOfOrder ? 'out-of-order' : 'pending', v);
            const applied = await tm.migrate({ allowOutOfOrder: c.outOfOrder === true });
            assert.deepEqual(applied.map((s) => s.version), c.pending, 'the rest applies on top of what the tool applied');
          } finally {
            await tm.close();
          }
          const columns = await queryRows<{ n: number }>(db.url, "SELECT count(*)::int AS n FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'users' AND column_name = 'name'");
          assert.equal(columns[0]!.n, 1);
        } finally {
          await project.dispose();
          await db.dispose();
        }
      });
    }

    it('flyway baseline entries and missing history tables', async () => {
      const db = await target.create();
      const project = await createProject();
      try {
        const driver = await openDriver(db.url);
        try {
          await driver.runScript(`${await read('flyway/sql/users/V1__Create_users.sql')}\n${await read('flyway/sql/V1.1__Create_posts.sql')}
            CREATE TABLE flyway_schema_history (installed_rank INT PRIMARY KEY, version VARCHAR(50), description VARCHAR(200) NOT NULL, type VARCHAR(20) NOT NULL,
              script VARCHAR(1000) NOT NULL, checksum INT, installed_by VARCHAR(100) NOT NULL, installed_on TIMESTAMP NOT NULL DEFAULT now(), execution_time INT NOT NULL, success BOOLEAN NOT NULL);
            INSERT INTO flyway_schema_history VALUES (1, '1.1', '<< Flyway Baseline >>', 'BASELINE', '<< Flyway Baseline >>', NULL, 'app', now(), 0, true);`);
        } finally {
          await driver.close();
        }
        const result = await runCli(['--database', db.url, 'import', '--from', 'flyway', path.join(IMPORT, 'flyway/sql'), '--json'], { cwd: project.dir });
        assert.equal(result.code, 0, result.stderr);
        assert.deepEqual(JSON.parse(result.stdout).stamped.map((s: { version: string }) => s.version), ['10', '11']);

        await fs.rm(project.migrationsDir, { recursive: true });
        const missing = await runCli(['--database', db.url, 'import', '--from', 'prisma', path.join(IMPORT, 'prisma')], { cwd: project.dir });
        assert.equal(missing.code, 1);
        assert.match(missing.stderr, /has no history table public\._prisma_migrations \(name another with --history-table <schema\.table>\)/);
        assert.deepEqual(await fs.readdir(project.migrationsDir), [], 'nothing written when the history cannot be read');

        // --stamp reads the history in the configured database.
        await fs.writeFile(path.join(project.dir, 'tidemark.config.json'), JSON.stringify({ database: db.url }));
        const renamed = await runCli(['import', '--from', 'flyway', path.join(IMPORT, 'flyway/sql'), '--stamp', '--history-table', 'public.flyway_schema_history', '--json'], { cwd: project.dir });
        assert.equal(renamed.code, 0, renamed.stderr);
        assert.deepEqual(JSON.parse(renamed.stdout).stamped, [], 'already stamped by the first import');
        const status = JSON.parse((await runCli(['status', '--json'], { cwd: project.dir })).stdout);
        assert.deepEqual(status.migrations.map((m: { version: string; state: string }) => `${m.version}:${m.state}`), ['10:applied', '11:applied', '20:pending', '30:pending']);
      } finally {
        await project.dispose();
        await db.dispose();
      }
    });
  });
}
