import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readMigrationDir, MigrationFileError, MigrationStateError } from '../../src/index.js';
import { loadMigrationFunction } from '../../src/migrations/modules.js';

// Loading TypeScript/JavaScript migrations up front: database-free; the engine side is in
// test/engine/hostile-files.test.ts.
describe('migration modules', () => {
  it('locates syntax errors in .ts and .mjs files, and refuses a module without up or down', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tm-modules-'));
    try {
      await fs.writeFile(path.join(dir, '1_a.ts'), 'export function up(db: unknown): void {\n  const x: number = ;\n}\n');
      await fs.writeFile(path.join(dir, '2_b.mjs'), 'export async function up(db) {\n\n  let = 3;\n}\n');
      await fs.writeFile(path.join(dir, '3_c.ts'), 'export const nothing = 1;\n');
      await fs.writeFile(path.join(dir, '4_d.ts'), 'export async function up(): Promise<void> {}\n');
      const [ts, mjs, empty, upOnly] = await readMigrationDir(dir, dir);
      await assert.rejects(loadMigrationFunction(ts!, 'up'), (e: unknown) => e instanceof MigrationFileError && /^1_a\.ts:2:21: .*Unexpected token/.test(e.message) && !e.message.includes('\n'));
      await assert.rejects(loadMigrationFunction(mjs!, 'up'), (e: unknown) => e instanceof MigrationFileError && /^2_b\.mjs:3:\d+: /.test(e.message));
      await assert.rejects(loadMigrationFunction(empty!, 'up'), (e: unknown) => e instanceof MigrationFileError && e.message === '3_c.ts: exports no up(db) function');
      assert.equal(typeof (await loadMigrationFunction(upOnly!, 'up')), 'function');
      await assert.rejects(loadMigrationFunction(upOnly!, 'down'), (e: unknown) => e instanceof MigrationStateError && /4_d\.ts exports no down\(db\) function, so it cannot be reverted/.test(e.message));
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
