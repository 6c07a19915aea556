import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { allRules, lintFiles, lintSources, openTidemark, resolveLintOptions, type Finding, type LintEntry, type LintProject } from '../../src/index.js';
import { parseSections } from '../../src/migrations/sections.js';
import { ReplayCache } from '../../src/lint/schema/replay-cache.js';
import { createProject, type TestProject } from '../support/project.js';
import { fixtureCases, up, type RuleCase } from './support.js';
import { destructiveCases } from './cases/destructive.js';
import { lockingCases } from './cases/locking.js';
import { designCases } from './cases/design.js';
import { structureCases } from './cases/structure.js';

// The incremental replay (src/lint/schema/replay-cache.ts): a warm cache must change nothing but
// the time, an edited earlier file must invalidate every later entry, and a damaged cache must be
// ignored. No database: linting files never connects.

const CACHE_FILE = 'lint-replay.json';

async function entriesOf(c: RuleCase, tag: string): Promise<LintEntry[]> {
  return Promise.all(
    [...(c.before ?? []), c.file].map(async (text, i, all) => {
      const displayPath = `migrations/${tag}/${String(i + 1).padStart(3, '0')}_case.sql`;
      return { source: { displayPath, text, sections: await parseSections(text, displayPath) }, check: i === all.length - 1 };
    }),
  );
}

const tempDir = () => fs.mkdtemp(path.join(os.tmpdir(), 'tm-replay-cache-'));

/** A project whose 004 sets a column NOT NULL, proven safe or not by a CHECK that 002 may add. */
function project(withCheck: boolean): Record<string, string> {
  return {
    '001_users.sql': up('create table users (id bigint generated always as identity primary key, email text);'),
    '002_check.sql': up(withCheck ? 'alter table users add constraint users_email_nn check (email is not null);' : "comment on table users is 'people';"),
    // Touches users, so its cached delta holds the whole table — with 002's CHECK, when 002 had it.
    '003_note.sql': up('alter table users add column note text;'),
    '004_not_null.sql': up('alter table users alter column email set not null;'),
  };
}

const lintProject = (p: TestProject, cache: boolean): LintProject => ({ root: p.dir, migrationsDir: p.migrationsDir, ...(cache ? { cacheDir: path.join(p.dir, '.tidemark', 'cache') } : {}) });
const lintLast = (p: TestProject, cache: boolean) => lintFiles(['migrations/004_not_null.sql'], lintProject(p, cache));
const ruleIds = (findings: readonly Finding[]) => findings.map((f) => f.rule);
const cacheEntries = async (p: TestProject) => Object.keys((JSON.parse(await fs.readFile(path.join(p.dir, '.tidemark', 'cache', CACHE_FILE), 'utf8')) as { entries: object }).entries);

describe('lint replay cache', () => {
  it('gives every rule case the findings it gives without a cache, cold and warm, from memory and from the file', async () => {
    const cases = [...destructiveCases, ...lockingCases, ...designCases, ...structureCases, ...(await fixtureCases())].flatMap((r) => [...r.fires, ...r.passes]).filter((c) => c.before?.length);
    assert.ok(cases.length > 50, `only ${cases.length} cases with earlier files`);
    const options = resolveLintOptions(undefined);
    const dir = await tempDir();
    try {
      const all = await Promise.all(cases.map((c, i) => entriesOf(c, `case${i}`)));
      const reference = await Promise.all(all.map((entries) => lintSources(entries, options, allRules)));
      const cold = await ReplayCache.open(dir);
      for (const [i, entries] of all.entries()) assert.deepEqual(await lintSources(entries, options, allRules, cold), reference[i], cases[i]!.name ?? cases[i]!.file);
      assert.equal(cold.counts.hits, 0);
      // The same cache object again: states applied from memory.
      for (const [i, entries] of all.entries()) assert.deepEqual(await lintSources(entries, options, allRules, cold), reference[i], cases[i]!.name ?? cases[i]!.file);
      await cold.save();
      // A new run reading the file.
      const warm = await ReplayCache.open(dir);
      for (const [i, entries] of all.entries()) assert.deepEqual(await lintSources(entries, options, allRules, warm), reference[i], cases[i]!.name ?? cases[i]!.file);
      const earlier = all.reduce((n, entries) => n + entries.length - 1, 0);
      assert.deepEqual(warm.counts, { hits: earlier, replayed: all.length }, 'every earlier file from the cache, only the checked ones replayed');
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('replays an edited file and every file after it: a finding that depends on the edit appears and disappears', async () => {
    const p = await createProject({ migrations: project(true) });
    try {
      assert.deepEqual(ruleIds((await lintLast(p, true)).findings), [], 'cold: the CHECK in 002 proves the column not null');
      assert.deepEqual(ruleIds((await lintLast(p, true)).findings), [], 'warm');
      assert.equal((await cacheEntries(p)).length, 4);
      const before = new Set(await cacheEntries(p));

      // 002 no longer adds the CHECK; 003's old entry (users with the CHECK) must not be used.
      await p.write('002_check.sql', project(false)['002_check.sql']!);
      const edited = await lintLast(p, true);
      assert.deepEqual(ruleIds(edited.findings), ['set-not-null-without-check']);
      assert.deepEqual(edited.findings, (await lintLast(p, false)).findings, 'the same as without a cache');
      const after = await cacheEntries(p);
      assert.equal(after.length, 4, 'the stale entries of 002, 003 and 004 are dropped');
      assert.deepEqual(after.filter((k) => before.has(k)).length, 1, 'only 001 keeps its entry');
      assert.deepEqual(ruleIds((await lintLast(p, true)).findings), ['set-not-null-without-check'], 'warm after the edit');

      await p.write('002_check.sql', project(true)['002_check.sql']!);
      assert.deepEqual(ruleIds((await lintLast(p, true)).findings), [], 'and back');
      // Renaming a file keeps its text but changes what objects remember as their file.
      await p.remove('002_check.sql');
      await p.write('002_checked.sql', project(true)['002_check.sql']!);
      assert.deepEqual((await lintLast(p, true)).findings, (await lintLast(p, false)).findings);
      assert.equal((await cacheEntries(p)).filter((k) => before.has(k)).length, 1, 'a renamed file gets new keys from there on');
    } finally {
      await p.dispose();
    }
  });

  it('ignores a damaged, foreign or unreadable cache, and rewrites it', async () => {
    const p = await createProject({ migrations: project(false) });
    const file = path.join(p.dir, '.tidemark', 'cache', CACHE_FILE);
    try {
      const reference = (await lintLast(p, false)).findings;
      assert.deepEqual(ruleIds(reference), ['set-not-null-without-check']);
      await lintLast(p, true);
      const good = JSON.parse(await fs.readFile(file, 'utf8')) as { format: number; fingerprint: string; entries: Record<string, { tables: [string, { constraints: unknown[] } | null][] }> };

      // A cached state that differs from the replay: 003's users table given 002's CHECK back,
      // which would silence the finding if the entry were used.
      const tampered = structuredClone(good);
      for (const entry of Object.values(tampered.entries)) {
        for (const [, table] of entry.tables) table?.constraints.push({ name: 'users_email_nn', kind: 'check', columns: [], validated: true, notNullOf: 'email' });
      }
      await fs.writeFile(file, JSON.stringify(tampered));
      assert.deepEqual((await lintLast(p, true)).findings, [], 'the cache is read when it matches (the tampering is seen)');

      const damaged: [string, string][] = [
        ['not JSON', '{"format": 1, "entr'],
        ['another replay', JSON.stringify({ ...tampered, fingerprint: 'another-version' })],
        ['another format', JSON.stringify({ ...tampered, format: 999 })],
        ['entries of the wrong shape', JSON.stringify({ ...good, entries: Object.fromEntries(Object.keys(good.entries).map((k, i) => [k, i % 2 ? { tables: [['public.users', { schema: 1 }]] } : 'x'])) })],
        ['no entries', JSON.stringify({ format: good.format, fingerprint: good.fingerprint })],
        ['an array', '[]'],
      ];
      for (const [what, text] of damaged) {
        await fs.writeFile(file, text);
        assert.deepEqual((await lintLast(p, true)).findings, reference, what);
        assert.deepEqual(JSON.parse(await fs.readFile(file, 'utf8')), good, `${what}: rewritten`);
      }

      // A cache that is a directory cannot be read or written: linting goes on without it.
      await fs.rm(file);
      await fs.mkdir(file);
      assert.deepEqual((await lintLast(p, true)).findings, reference, 'unreadable');
    } finally {
      await p.dispose();
    }
  });

  it('is kept under the project cache directory by tm.lint (the CLI path)', async () => {
    const p = await createProject({ config: { database: 'pglite:memory' }, migrations: project(true) });
    const tm = await openTidemark({ cwd: p.dir });
    try {
      const first = await tm.lint({ files: ['migrations/004_not_null.sql'] });
      const second = await tm.lint({ files: ['migrations/004_not_null.sql'] });
      assert.deepEqual(second, first);
      assert.equal((await cacheEntries(p)).length, 4);
      await fs.access(path.join(p.dir, '.tidemark', 'cache', 'parse.json'));
    } finally {
      await tm.close();
      await p.dispose();
    }
  });
});
