import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import os from 'node:os';
import { parseSections } from '../../src/migrations/sections.js';
import { checksumOf, readMigrationDir, MigrationFileError } from '../../src/index.js';

describe('migration sections', () => {
  it('splits up and down and remembers where each starts', () => {
    const text = '-- migrate:up\ncreate table a (x int);\n\n-- migrate:down\ndrop table a;\n';
    const { up, down } = parseSections(text, 'f.sql');
    assert.equal(up.sql, 'create table a (x int);\n\n');
    assert.equal(text.slice(up.offset, up.offset + 6), 'create');
    assert.equal(down?.sql, 'drop table a;\n');
    assert.equal(up.transactional, true);
  });

  it('treats a file without markers as up-only', () => {
    const { up, down } = parseSections('create table a (x int);', 'f.sql');
    assert.equal(up.sql, 'create table a (x int);');
    assert.equal(down, undefined);
  });

  it('reads transaction:false per section', () => {
    const { up, down } = parseSections('-- migrate:up transaction:false\ncreate index concurrently i on a (x);\n-- migrate:down\ndrop index i;', 'f.sql');
    assert.equal(up.transactional, false);
    assert.equal(down?.transactional, true);
  });

  it('rejects unknown options, duplicate markers, stray SQL and a down without up, with a line number', () => {
    assert.throws(() => parseSections('-- migrate:up transaction:maybe\nselect 1;', 'f.sql'), /f\.sql:1:1: unknown option "transaction:maybe"/);
    assert.throws(() => parseSections('-- migrate:up\nselect 1;\n-- migrate:up\nselect 2;', 'f.sql'), /f\.sql:3:1: second "-- migrate:up"/);
    assert.throws(() => parseSections('select 0;\n-- migrate:up\nselect 1;', 'f.sql'), /f\.sql:1:1: SQL before the first/);
    assert.throws(() => parseSections('-- migrate:down\nselect 1;', 'f.sql'), /without a "-- migrate:up"/);
    assert.throws(() => parseSections('-- migrate:sideways\nselect 1;', 'f.sql'), /unknown marker/);
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
