import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { targets, type TestDatabase } from '../support/databases.js';
import { runCli, type CliResult } from '../support/cli.js';
import { dumpSchema, assertSameDump } from '../support/pg-dump.js';

/**
 * The README's promise for bad input, checked case by case through the built CLI on both engines:
 * the documented exit code, exactly one line on stderr with no stack trace, and the database
 * exactly as it was (`pg_dump --schema-only` and `status --json` before and after). The database
 * is built once per engine; each case gets a project directory of its own pointing at it, and the
 * CLI processes run a few at a time.
 */

const FIRST = '-- migrate:up\ncreate table a (id int primary key, note text);\n-- migrate:down\ndrop table a;\n';
const up = (sql: string) => `-- migrate:up\n${sql}\n-- migrate:down\nselect 1;\n`;
const BINARY = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0xff, 0xfe, 0x00, 0x10]);

interface Case {
  readonly name: string;
  readonly args: readonly string[];
  readonly exit: 2 | 3;
  /** What stderr's one line must say (the flag, key, path or file:line:col). */
  readonly says: RegExp;
  /** Config keys over `{ database }`; `null` writes no tidemark.config.json. */
  readonly config?: Record<string, unknown> | null;
  /** Raw config file text, instead of `config`. */
  readonly configText?: string;
  /** Files relative to the project directory. */
  readonly files?: Record<string, string | Buffer>;
}

const cases: readonly Case[] = [
  // Count flags, parsed in one place.
  { name: 'history --limit x', args: ['history', '--limit', 'x'], exit: 2, says: /--limit must be a positive whole number, got "x"/ },
  { name: 'history --limit Infinity', args: ['history', '--limit', 'Infinity'], exit: 2, says: /--limit .*"Infinity"/ },
  { name: 'history --limit 0', args: ['history', '--limit', '0'], exit: 2, says: /--limit .*"0"/ },
  { name: 'history --limit -3', args: ['history', '--limit', '-3'], exit: 2, says: /--limit .*"-3"/ },
  { name: 'history --limit 1.5', args: ['history', '--limit', '1.5'], exit: 2, says: /--limit .*"1\.5"/ },
  { name: 'history --limit 1e3', args: ['history', '--limit', '1e3'], exit: 2, says: /--limit .*"1e3"/ },
  { name: 'down --steps 0', args: ['down', '--steps', '0'], exit: 2, says: /--steps .*"0"/ },
  { name: 'down --steps two', args: ['down', '--steps', 'two'], exit: 2, says: /--steps .*"two"/ },
  { name: 'down --steps 5 with one applied', args: ['down', '--steps', '5'], exit: 2, says: /--steps 5: only 1 migration is applied; nothing was reverted/ },
  { name: 'down --steps 1 --to base', args: ['down', '--steps', '1', '--to', 'base'], exit: 2, says: /either --steps or --to/ },
  { name: 'down --to an unapplied version', args: ['down', '--to', '999'], exit: 2, says: /--to 999: that version is not applied/ },
  { name: 'tenants history --limit x', args: ['tenants', 'history', 'acme', '--limit', 'x'], exit: 2, says: /--limit .*"x"/ },
  // Output files.
  { name: 'types --out /proc/x/y.ts', args: ['types', '--out', '/proc/x/y.ts'], exit: 2, says: /cannot write \/proc\/x\/y\.ts/ },
  { name: 'docs --out /proc/x/y.md', args: ['docs', '--out', '/proc/x/y.md'], exit: 2, says: /cannot write \/proc\/x\/y\.md/ },
  { name: 'types --out through a file', args: ['types', '--out', 'tidemark.config.json/y.ts'], exit: 2, says: /cannot write .*tidemark\.config\.json\/y\.ts: .*not a directory/ },
  { name: 'docs --out through a file', args: ['docs', '--out', 'tidemark.config.json/y.md'], exit: 2, says: /cannot write .*tidemark\.config\.json\/y\.md: .*not a directory/ },
  { name: 'inspect --out through a file', args: ['inspect', '--out', 'tidemark.config.json/y.json'], exit: 2, says: /cannot write .*tidemark\.config\.json\/y\.json/ },
  { name: 'docs --out - --check', args: ['docs', '--out', '-', '--check'], exit: 2, says: /--check .*--out -/ },
  { name: 'types --out - --json', args: ['types', '--out', '-', '--json'], exit: 2, says: /--out - .*--json/ },
  // Migration files: refused by name or at file:line:col before anything runs.
  { name: 'a wrong-case extension', args: ['migrate'], exit: 2, files: { 'migrations/002_b.SQL': up('create table b (id int);') }, says: /migrations\/002_b\.SQL: the extension must be lower-case/ },
  { name: 'a misnamed file', args: ['migrate'], exit: 2, files: { 'migrations/add-b.sql': up('create table b (id int);') }, says: /migrations\/add-b\.sql: migration file names must look like/ },
  { name: 'a duplicate version', args: ['migrate'], exit: 2, files: { 'migrations/1_b.sql': up('create table b (id int);') }, says: /version 1 is also used by/ },
  { name: 'a syntax error', args: ['migrate'], exit: 2, files: { 'migrations/002_b.sql': up('create table b (id int);\ncreate tabel c (id int);') }, says: /^error: migrations\/002_b\.sql:3:8: syntax error at or near "tabel"/ },
  { name: 'a syntax error after a good file', args: ['migrate'], exit: 2, files: { 'migrations/002_b.sql': up('create table b (id int);'), 'migrations/003_c.sql': up('select from from;') }, says: /migrations\/003_c\.sql:2:\d+: syntax error/ },
  { name: 'COMMIT inside a section', args: ['migrate'], exit: 2, files: { 'migrations/002_b.sql': up('create table b (id int);\ncommit;') }, says: /migrations\/002_b\.sql:3:1: "commit" in a migration/ },
  { name: 'marker "-- migrate:UP"', args: ['migrate'], exit: 2, files: { 'migrations/002_b.sql': '-- migrate:UP\ncreate table b (id int);\n' }, says: /migrations\/002_b\.sql:1:\d+/ },
  { name: 'marker "-- migrate:dwon"', args: ['migrate'], exit: 2, files: { 'migrations/002_b.sql': '-- migrate:up\ncreate table b (id int);\n-- migrate:dwon\ndrop table b;\n' }, says: /migrations\/002_b\.sql:3:\d+/ },
  { name: 'two up markers', args: ['migrate'], exit: 2, files: { 'migrations/002_b.sql': '-- migrate:up\ncreate table b (id int);\n-- migrate:up\ncreate table c (id int);\n' }, says: /migrations\/002_b\.sql:3:\d+/ },
  { name: 'diff --from migrations:dir with a syntax error', args: ['diff', '--from', 'migrations:broken', '--to', 'migrations:migrations'], exit: 2, files: { 'broken/001_b.sql': up('create table b (id int);\n\ncreate tabel c (id int);') }, says: /^error: broken\/001_b\.sql:4:8: syntax error at or near "tabel"/ },
  { name: 'diff from an unknown source', args: ['diff', '--from', 'nonsense:x', '--to', 'migrations:migrations'], exit: 2, says: /unknown source "nonsense:x"/ },
  { name: 'stamp a version with no file', args: ['stamp', '999'], exit: 2, says: /stamp 999: no migration file has that version/ },
  // Config.
  { name: 'controlSchema pg_catalog', args: ['status'], exit: 2, config: { controlSchema: 'pg_catalog' }, says: /tidemark\.config\.json: controlSchema: is a system or user schema/ },
  { name: 'controlSchema information_schema', args: ['migrate'], exit: 2, config: { controlSchema: 'information_schema' }, says: /controlSchema: / },
  { name: 'controlSchema public', args: ['history'], exit: 2, config: { controlSchema: 'public' }, says: /controlSchema: / },
  { name: 'an unknown lint rule id, for status', args: ['status'], exit: 2, config: { lint: { rules: { 'no-such-rule': 'off' } } }, says: /lint\.rules: unknown rule "no-such-rule"/ },
  { name: 'an unknown lint rule id, for migrate', args: ['migrate'], exit: 2, config: { lint: { rules: { 'prefer-jsonb': 'warn', nope: 'error' } } }, says: /lint\.rules: unknown rule "nope"/ },
  { name: 'a misspelt config key', args: ['status'], exit: 2, config: { lockTimout: '5s' }, says: /unknown key "lockTimout"/ },
  { name: 'a bad duration', args: ['migrate'], exit: 2, config: { lockTimeout: 'soon' }, says: /lockTimeout: expected a duration/ },
  { name: 'a config that is not JSON', args: ['status'], exit: 2, configText: '{ "database": ', says: /tidemark\.config\.json/ },
  { name: 'a migrations path that is a file', args: ['status'], exit: 2, config: { migrations: 'tidemark.config.json' }, says: /migrations directory tidemark\.config\.json is not a directory/ },
  { name: 'a migrations directory that does not exist', args: ['migrate'], exit: 2, config: { migrations: 'db/migrations' }, says: /migrations directory db\/migrations does not exist/ },
  { name: '--config naming no file', args: ['--config', 'missing.json', 'status'], exit: 2, says: /config file missing\.json does not exist/ },
  { name: 'an unknown environment', args: ['--env', 'nope', 'status'], exit: 2, says: /nope/ },
  // Reference documents.
  { name: 'validate --reference on a binary file', args: ['validate', '--reference', 'ref.md'], exit: 2, files: { 'ref.md': BINARY }, says: /ref\.md: not a Markdown document/ },
  { name: 'validate --reference on a missing file', args: ['validate', '--reference', 'missing.md'], exit: 2, says: /missing\.md: no such file/ },
  { name: 'validate --reference on a directory', args: ['validate', '--reference', 'migrations'], exit: 2, says: /migrations: is a directory/ },
  // URLs.
  { name: 'an unsupported URL scheme', args: ['status', '--database', 'mysql://root:hunter2@localhost/app'], exit: 2, says: /invalid database URL mysql:\/\/root:\*\*\*@localhost\/app/ },
  { name: 'a garbage URL', args: ['status', '--database', 'not a url'], exit: 2, says: /database URL/ },
  { name: 'an unreachable port', args: ['status', '--database', 'postgres://app:s3cret@127.0.0.1:1/app'], exit: 3, says: /could not connect to postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/app/ },
  // Flags and commands.
  { name: 'an unknown command', args: ['migrat'], exit: 2, says: /unknown command 'migrat'/ },
  { name: 'an unknown tenants command', args: ['tenants', 'bogus'], exit: 2, says: /unknown command 'bogus'/ },
  { name: 'an unknown option', args: ['migrate', '--bogus'], exit: 2, says: /unknown option '--bogus'/ },
  { name: 'a missing option argument', args: ['history', '--limit'], exit: 2, says: /'--limit <n>' argument missing/ },
  { name: 'a missing command argument', args: ['new'], exit: 2, says: /missing required argument/ },
  { name: 'inspect --format yaml', args: ['inspect', '--format', 'yaml'], exit: 2, says: /--format must be json or sql/ },
  { name: 'types --format nope', args: ['types', '--format', 'nope'], exit: 2, says: /--format nope: expected one of/ },
];

/** runLimited runs `work` over `items`, `limit` at a time, keeping their order in the results. */
async function runLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

async function projectFor(root: string, url: string, c: Case, index: number): Promise<string> {
  const dir = path.join(root, `case-${index}`);
  await fs.mkdir(path.join(dir, 'migrations'), { recursive: true });
  await fs.writeFile(path.join(dir, 'migrations', '001_a.sql'), FIRST);
  if (c.configText !== undefined) await fs.writeFile(path.join(dir, 'tidemark.config.json'), c.configText);
  else if (c.config !== null) await fs.writeFile(path.join(dir, 'tidemark.config.json'), JSON.stringify({ database: url, ...c.config }));
  for (const [name, body] of Object.entries(c.files ?? {})) {
    await fs.mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await fs.writeFile(path.join(dir, name), body);
  }
  return dir;
}

it(`covers at least 40 bad inputs (${cases.length})`, () => {
  assert.ok(cases.length >= 40);
});

for (const target of targets) {
  describe(`bad inputs through the CLI leave the database as it was [${target.name}]`, () => {
    let db: TestDatabase;
    let root: string;
    let base: string;
    let dumpBefore: string;
    let statusBefore: string;
    const results = new Map<string, CliResult>();

    before(async () => {
      db = await target.create();
      root = await fs.mkdtemp(path.join(os.tmpdir(), 'tm-bad-inputs-'));
      base = await projectFor(root, db.url, { name: 'base', args: [], exit: 2, says: /./ }, -1);
      const migrated = await runCli(['migrate'], { cwd: base });
      assert.equal(migrated.code, 0, migrated.stderr);
      dumpBefore = await dumpSchema(db.url);
      assert.match(dumpBefore, /CREATE TABLE public\.a/);
      statusBefore = (await runCli(['status', '--json'], { cwd: base })).stdout;
      const dirs = await Promise.all(cases.map((c, i) => projectFor(root, db.url, c, i)));
      const outcomes = await runLimited(cases, 3, async (c) => runCli(c.args, { cwd: dirs[cases.indexOf(c)]! }));
      cases.forEach((c, i) => results.set(c.name, outcomes[i]!));
    });

    after(async () => {
      await fs.rm(root, { recursive: true, force: true });
      await db?.dispose();
    });

    for (const c of cases) {
      it(`${c.name}: exit ${c.exit}, one line, no stack trace`, () => {
        const result = results.get(c.name)!;
        const shown = `tidemark ${c.args.join(' ')}\nexit ${result.code}\nstderr:\n${result.stderr}`;
        assert.equal(result.code, c.exit, shown);
        const lines = result.stderr.split('\n').filter((l) => l !== '');
        assert.equal(lines.length, 1, `expected one line on stderr\n${shown}`);
        assert.match(lines[0]!, /^error: /, shown);
        assert.doesNotMatch(result.stderr, /\n\s+at |unexpected error/, shown);
        assert.match(lines[0]!, c.says, shown);
      });
    }

    it('pg_dump --schema-only and the migration history are what they were before', async () => {
      assertSameDump(dumpBefore, await dumpSchema(db.url), `${target.name}: after ${cases.length} bad inputs`, 'before', 'after');
      assert.equal((await runCli(['status', '--json'], { cwd: base })).stdout, statusBefore);
    });
  });
}
