import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fixFiles, openTidemark } from '../../src/index.js';
import { targets, type DatabaseTarget } from '../support/databases.js';
import { assertSameDump, dumpSchema } from '../support/pg-dump.js';
import { createProject, type TestProject } from '../support/project.js';
import { FIX_CASES, fixCases } from './fix-cases.js';

/**
 * A fixed migration builds the same schema as the one it replaces: every fixable case of
 * test/fixtures/lint/fixes/ in one chain (versions 010, 020 … so --fix has room after each),
 * migrated as written into one database and as --fix left it into another, on PGlite and on the
 * server; `pg_dump --schema-only` must agree. Then both are reverted to the base migration, which
 * runs every down section --fix wrote or edited, and must agree again.
 */

async function chain(config: Record<string, unknown>): Promise<{ project: TestProject; files: string[] }> {
  const project = await createProject({ config });
  await project.write('001_base.sql', await fs.readFile(path.join(FIX_CASES, '001_base.sql'), 'utf8'));
  const files: string[] = [];
  let version = 10;
  for (const name of await fixCases()) {
    // left-alone is what --fix does not touch; its file would be the same on both sides.
    if (name === 'left-alone') continue;
    const [own] = await fs.readdir(path.join(FIX_CASES, name));
    // A file without markers cannot be reverted as written (it has no down section); its
    // statement is index-alone's, whose fixed form is proven here.
    if (!(await fs.readFile(path.join(FIX_CASES, name, own!), 'utf8')).includes('-- migrate:down')) continue;
    const renamed = own!.replace(/^\d+/, String(version).padStart(3, '0'));
    files.push(await project.write(renamed, await fs.readFile(path.join(FIX_CASES, name, own!), 'utf8')));
    version += 10;
  }
  return { project, files };
}

async function migrated(project: TestProject, url: string): Promise<{ up: string; down: string }> {
  const tm = await openTidemark({ cwd: project.dir });
  try {
    await tm.migrate();
    const up = await dumpSchema(url, { open: await tm.db() });
    await tm.down({ to: '1' });
    return { up, down: await dumpSchema(url, { open: await tm.db() }) };
  } finally {
    await tm.close();
  }
}

async function compare(target: DatabaseTarget): Promise<void> {
  const [dbA, dbB] = [await target.create(), await target.create()];
  const original = await chain({ database: dbA.url });
  const fixed = await chain({ database: dbB.url });
  try {
    const result = await fixFiles(fixed.files, { root: fixed.project.dir, migrationsDir: fixed.project.migrationsDir });
    assert.ok(result.changed.some((c) => c.before === null), 'the fix added migrations');
    // Up sections are all fixed; down sections --fix leaves as written.
    assert.deepEqual(result.left.filter((l) => l.finding.section !== 'down'), [], 'every fix of an up section in the chain is mechanical');
    const a = await migrated(original.project, dbA.url);
    const b = await migrated(fixed.project, dbB.url);
    assertSameDump(a.up, b.up, `${target.name}: migrated`, 'as written', 'fixed');
    assertSameDump(a.down, b.down, `${target.name}: reverted to 001`, 'as written', 'fixed');
  } finally {
    await original.project.dispose();
    await fixed.project.dispose();
    await dbA.dispose();
    await dbB.dispose();
  }
}

describe('lint --fix applied to a database', () => {
  for (const target of targets) {
    it(`${target.name}: the fixed migrations build the same schema as the originals, and revert to the same`, () => compare(target));
  }
});
