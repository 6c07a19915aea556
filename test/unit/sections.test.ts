import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import os from 'node:os';
import { parseSections } from '../../src/migrations/sections.js';
import { checksumOf, readMigrationDir, MigrationFileError } from '../../src/index.js';

describe('migration sections', () => {
  it('splits up and down and remembers where each starts', async () => {
    const text = '-- migrate:up\ncreate table a (x int);\n\n-- migrate:down\ndrop table a;\n';
    const { up, down } = await parseSections(text, 'f.sql');
    assert.equal(up.sql, 'create table a (x int);\n\n');
    assert.equal(text.slice(up.offset, up.offset + 6), 'create');
    assert.equal(down?.sql, 'drop table a;\n');
    assert.equal(up.transactional, true);
  });

  it('reads the comment lines directly above -- migrate:up as the description (scanner comments, not text)', async () => {
    const read = async (text: string) => (await parseSections(text, 'f.sql')).description;
    assert.equal(await read('-- Adds accounts.\n-- With names.\n-- migrate:up\ncreate table a (x int);\n-- migrate:down\ndrop table a;\n'), 'Adds accounts. With names.');
    assert.equal(await read('/* Block\n * comment */\n-- migrate:up\nselect 1;\n'), 'Block comment');
    assert.equal(await read('-- Windows.\r\n-- migrate:up\r\nselect 1;\r\n'), 'Windows.');
    assert.equal(await read('-- tidemark:squashes 1 2\n-- Baseline.\n-- migrate:up\nselect 1;\n'), 'Baseline.', 'directives are not prose');
    assert.equal(await read('-- Licence header.\n\n-- migrate:up\nselect 1;\n'), undefined, 'a blank line separates it from the marker');
    assert.equal(await read('-- First.\n\n-- Second.\n-- migrate:up\nselect 1;\n'), 'Second.', 'only the block that touches the marker');
    assert.equal(await read('-- migrate:up\n-- inside the section\nselect 1;\n'), undefined);
    assert.equal(await read('-- Only down.\n-- migrate:up\nselect 1;\n-- About down.\n-- migrate:down\nselect 2;\n'), 'Only down.');
    assert.equal(await read('create table a (x int);'), undefined);
  });

  it('treats a file without markers as up-only', async () => {
    const { up, down } = await parseSections('create table a (x int);', 'f.sql');
    assert.equal(up.sql, 'create table a (x int);');
    assert.equal(down, undefined);
  });

  it('reads transaction:false per section, and markers indented or without a space after --', async () => {
    const { up, down } = await parseSections('-- migrate:up transaction:false\ncreate index concurrently i on a (x);\n  --migrate:down\ndrop index i;', 'f.sql');
    assert.equal(up.transactional, false);
    assert.equal(up.sql, 'create index concurrently i on a (x);\n');
    assert.equal(down?.transactional, true);
    assert.equal(down?.sql, 'drop index i;');
    const crlf = await parseSections('-- migrate:up  \r\nselect 1;\r\n-- migrate:down\r\nselect 2;\r\n', 'f.sql');
    assert.deepEqual([crlf.up.sql, crlf.down?.sql], ['select 1;\r\n', 'select 2;\r\n']);
  });

  it('rejects unknown options, duplicate markers, stray SQL and a down without up, with a line number', async () => {
    await assert.rejects(parseSections('-- migrate:up transaction:maybe\nselect 1;', 'f.sql'), /f\.sql:1:1: unknown option "transaction:maybe"/);
    await assert.rejects(parseSections('-- migrate:up\nselect 1;\n-- migrate:up\nselect 2;', 'f.sql'), /f\.sql:3:1: second "-- migrate:up"/);
    await assert.rejects(parseSections('-- header\n  select 0;\n-- migrate:up\nselect 1;', 'f.sql'), /f\.sql:2:3: SQL before the first/);
    await assert.rejects(parseSections('-- migrate:down\nselect 1;', 'f.sql'), /f\.sql:1:1: "-- migrate:down" without a "-- migrate:up"/);
  });

  it('refuses every near miss of a marker at file:line:col, so no section runs another one\'s SQL', async () => {
    const nearMisses = [
      '-- migrate: down',
      '-- Migrate:Down',
      '-- MIGRATE:DOWN',
      '--- migrate:down',
      '-- migrate : down',
      '-- +migrate Down',
      '-- +goose Down',
      '-- +goose StatementBegin',
      '/* migrate:down */',
      '/*\n   -- migrate:down\n*/',
      '-- migrate:UP',
      '-- migrate:dwon',
      '-- migrate:downn',
      '-- migrate:sideways',
      '-- migrate down',
      '-- MigrateDown transaction:false',
      '-- migrate_down',
    ];
    for (const marker of nearMisses) {
      const text = `-- migrate:up\ncreate table a (x int);\n\n  ${marker}\ndrop table a;\n`;
      await assert.rejects(parseSections(text, 'f.sql'), (error: unknown) => {
        assert.ok(error instanceof MigrationFileError, marker);
        assert.equal(error.exitCode, 2);
        const expectedLine = marker.startsWith('/*\n') ? 5 : 4;
        assert.match(error.message, new RegExp(`^f\\.sql:${expectedLine}:\\d+: `), marker);
        assert.doesNotMatch(error.message, /\n/, 'one line');
        return true;
      }, marker);
    }
    // The same in a file without any real marker: it must not become an up-only file that runs the down SQL.
    await assert.rejects(parseSections('create table a (x int);\n-- Migrate:Down\ndrop table a;', 'f.sql'), /f\.sql:2:1: "-- Migrate:Down" looks like a section marker/);
    await assert.rejects(parseSections('-- migrate:up\ncreate table a (x int); -- migrate:down\ndrop table a;', 'f.sql'), /f\.sql:2:25: "-- migrate:down" after SQL on the same line/);
  });

  it('finds comments with the scanner: markers inside literals are SQL, prose comments are fine', async () => {
    const text = [
      '-- migrate:up',
      '-- Migrations up here create the notes table; see docs: migrate guide',
      "create table notes (body text default '-- migrate:down');",
      'create function f() returns text language sql as $$',
      '-- migrate:down',
      "select 'x'",
      '$$;',
      '/* a block comment about indexes */',
      '-- migrate:down',
      'drop table notes; drop function f();',
    ].join('\n');
    const { up, down } = await parseSections(text, 'f.sql');
    assert.match(up.sql, /^-- Migrations up[\s\S]*\$\$;\n\/\* a block comment about indexes \*\/\n$/);
    assert.equal(down?.sql, 'drop table notes; drop function f();');
  });

  it('refuses text the scanner cannot read, at the place it stops (an unterminated literal would swallow the next section)', async () => {
    await assert.rejects(parseSections("-- migrate:up\nselect 'oops;\n-- migrate:down\nselect 1;", 'f.sql'), /: f\.sql:2:8: unterminated quoted string at or near "'oops;…"$/);
    await assert.rejects(parseSections('-- migrate:up\nselect 1; /* open\n-- migrate:down\nselect 1;', 'f.sql'), /: f\.sql:2:11: unterminated \/\* comment/);
  });

  it('counts columns in code points after non-ASCII text', async () => {
    await assert.rejects(parseSections("-- migrate:up\nselect 'été'; -- Migrate:Down", 'f.sql'), /: f\.sql:2:15: /);
  });
});

describe('migration directory', () => {
  async function dirWith(files: Record<string, string>): Promise<string> {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tm-files-'));
    for (const [name, text] of Object.entries(files)) await fs.writeFile(path.join(dir, name), text);
    return dir;
  }

  it('orders versions numerically and ignores non-migration files', async () => {
    const dir = await dirWith({ '10_b.sql': 'select 1;', '9_a.sql': 'select 1;', '20260101000000_c.sql': 'select 1;', 'README.md': '# notes' });
    try {
      const files = await readMigrationDir(dir, dir);
      assert.deepEqual(files.map((f) => f.version), ['9', '10', '20260101000000']);
    } finally {
      await fs.rm(dir, { recursive: true });
    }
  });

  it('refuses misnamed files and duplicate versions instead of skipping them', async () => {
    const misnamed = await dirWith({ 'add_users.sql': 'select 1;' });
    const duplicate = await dirWith({ '001_a.sql': 'select 1;', '1_b.sql': 'select 1;' });
    try {
      await assert.rejects(readMigrationDir(misnamed, misnamed), (e: unknown) => e instanceof MigrationFileError && /add_users\.sql: migration file names must look like/.test(e.message));
      await assert.rejects(readMigrationDir(duplicate, duplicate), /version 1 is also used by|version 001 is also used by/);
    } finally {
      await fs.rm(misnamed, { recursive: true });
      await fs.rm(duplicate, { recursive: true });
    }
  });

  it('checksums ignore line-ending style but not content', () => {
    assert.equal(checksumOf('a\r\nb\r\n'), checksumOf('a\nb\n'));
    assert.notEqual(checksumOf('a\nb\n'), checksumOf('a\nc\n'));
    assert.match(checksumOf(''), /^[0-9a-f]{64}$/);
  });
});
