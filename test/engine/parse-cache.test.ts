import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { openTidemark, MigrationExecutionError } from '../../src/index.js';
import { targets } from '../support/databases.js';
import { withScenario } from '../support/scenario.js';
import { catalogSnapshot } from '../support/inspect.js';

const migrations = {
  '1_users.sql': '-- migrate:up\ncreate table users (id bigint primary key, "limit" int);\n-- migrate:down\ndrop table users;\n',
  '2_posts.sql': '-- migrate:up\ncreate table posts (id bigint primary key, user_id bigint references users);\ncreate index posts_user_idx on posts (user_id);\n-- migrate:down\ndrop table posts;\n',
  '3_seed.sql': "-- migrate:up\ninsert into users values (1, 10);\n-- migrate:down\ndelete from users;\n",
};

/** The `--verbose` timing row of a step: its detail text. */
function timingDetail(output: { stdout: string; stderr: string }, step: string): string {
  const stderr = output.stdout + output.stderr;
  const line = stderr.split('\n').find((l) => new RegExp(`^  ${step}\\s+[\\d.]+ ms`).test(l));
  assert.ok(line, `a "${step}" timing row in:\n${stderr}`);
  return line.replace(/^.*? ms\s*/, '');
}

for (const target of targets) {
  describe(`parse cache [${target.name}]`, () => {
    it('a second run over unchanged files parses nothing; --verbose shows every step of the fixed cost', () =>
      withScenario(target, { migrations }, async ({ db, project, cli }) => {
        const first = await cli('migrate', '--verbose');
        assert.equal(first.code, 0, first.stderr);
        assert.equal(timingDetail(first, 'files'), '3 file(s), 0 from the parse cache');
        assert.equal(timingDetail(first, 'parse'), '3 step(s), 0 from the parse cache');
        for (const step of ['start-up', 'config', 'connect', 'lock', 'history', 'control schema', 'migrations', 'total']) timingDetail(first, step);
        assert.equal(timingDetail(first, 'migrations'), '3 run');
        const cacheFile = path.join(project.dir, '.tidemark', 'cache', 'parse.json');
        const cached = JSON.parse(await fs.readFile(cacheFile, 'utf8')) as { entries: Record<string, unknown> };
        assert.equal(Object.keys(cached.entries).length, 3);

        const reverted = await cli('down', '--to', 'base', '--verbose');
        assert.equal(reverted.code, 0, reverted.stderr);
        assert.equal(timingDetail(reverted, 'files'), '3 file(s), 3 from the parse cache');
        assert.equal(timingDetail(reverted, 'parse'), '3 step(s), 0 from the parse cache', 'down sections were not parsed before');

        const again = await cli('migrate', '--verbose');
        assert.equal(again.code, 0, again.stderr);
        assert.equal(timingDetail(again, 'files'), '3 file(s), 3 from the parse cache');
        assert.equal(timingDetail(again, 'parse'), '3 step(s), 3 from the parse cache');
        const snapshot = await catalogSnapshot(db.url);
        assert.ok(snapshot.includes('public.posts:r') && snapshot.includes('public.posts_user_idx:i'), 'the cached run applied the same SQL');

        // Without --verbose there is no timing table.
        assert.doesNotMatch((await cli('down', '--to', 'base')).stderr, /timing:/);
      }));

    it('an edited file is parsed again, and a syntax error is never cached: each run reports it and changes nothing', () =>
      withScenario(target, { migrations }, async ({ db, project, cli }) => {
        assert.equal((await cli('status')).code, 0);
        await fs.writeFile(path.join(project.dir, 'migrations', '2_posts.sql'), '-- migrate:up\ncreate table posts (id bigint primary key,\n  user_id bigint references users,);\n-- migrate:down\ndrop table posts;\n');
        for (let run = 0; run < 2; run++) {
          const result = await cli('migrate', '--verbose');
          assert.equal(result.code, 2, result.stderr);
          assert.match(result.stderr, /^error: migrations\/2_posts\.sql:3:35: syntax error at or near "\)"/m, `run ${run}`);
          assert.ok(!(await catalogSnapshot(db.url)).includes('public.users:r'), 'nothing ran');
        }
        await fs.writeFile(path.join(project.dir, 'migrations', '2_posts.sql'), migrations['2_posts.sql'].replace('posts_user_idx', 'posts_by_user'));
        const fixed = await cli('migrate', '--verbose');
        assert.equal(fixed.code, 0, fixed.stderr);
        assert.equal(timingDetail(fixed, 'files'), '3 file(s), 2 from the parse cache');
        assert.ok((await catalogSnapshot(db.url)).includes('public.posts_by_user:i'), 'the edited text ran, not the cached one');
      }));

    it('a failing statement is located the same with cached statement places', () =>
      withScenario(target, { migrations: { '1_dup.sql': 'create table a (id int);\n\n  create table a (id int);\n' } }, async ({ project }) => {
        for (let run = 0; run < 2; run++) {
          const tm = await openTidemark({ cwd: project.dir });
          try {
            await assert.rejects(tm.migrate(), (error: unknown) => {
              assert.ok(error instanceof MigrationExecutionError);
              assert.deepEqual(error.location, { file: 'migrations/1_dup.sql', line: 3, column: 3 }, `run ${run}`);
              assert.equal(error.statement, 'create table a (id int)');
              return true;
            });
          } finally {
            await tm.close();
          }
        }
      }));

    it('a damaged or foreign cache file is ignored, never trusted', () =>
      withScenario(target, { migrations }, async ({ db, project, cli }) => {
        const dir = path.join(project.dir, '.tidemark', 'cache');
        await fs.mkdir(dir, { recursive: true });
        await fs.writeFile(path.join(dir, 'parse.json'), '{ not json');
        const first = await cli('migrate', '--verbose');
        assert.equal(first.code, 0, first.stderr);
        assert.equal(timingDetail(first, 'files'), '3 file(s), 0 from the parse cache');
        assert.equal((await cli('down', '--to', 'base')).code, 0);

        // Sections placed outside their file's text (a cache from something else) are parsed again.
        const file = path.join(dir, 'parse.json');
        const cache = JSON.parse(await fs.readFile(file, 'utf8')) as { entries: Record<string, { up: { start: number; end: number } }> };
        for (const entry of Object.values(cache.entries)) entry.up = { ...entry.up, end: 1_000_000 };
        await fs.writeFile(file, JSON.stringify(cache));
        const second = await cli('migrate', '--verbose');
        assert.equal(second.code, 0, second.stderr);
        assert.equal(timingDetail(second, 'files'), '3 file(s), 0 from the parse cache');
        assert.ok((await catalogSnapshot(db.url)).includes('public.posts:r'));

        // Another parser version's cache is not read.
        const other = JSON.parse(await fs.readFile(file, 'utf8')) as { parser: string };
        await fs.writeFile(file, JSON.stringify({ ...other, parser: '0.0.0' }));
        const status = await cli('down', '--to', 'base', '--verbose');
        assert.equal(timingDetail(status, 'files'), '3 file(s), 0 from the parse cache');
      }));
  });
}
