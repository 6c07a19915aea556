import fs from 'node:fs/promises';
import path from 'node:path';
import assert from 'node:assert/strict';
import { REPO_ROOT } from './project.js';

/**
 * assertGolden compares generated text with test/golden/<name>. With TIDEMARK_UPDATE_GOLDEN=1 it
 * rewrites the file instead (then review the diff before committing).
 */
export async function assertGolden(name: string, actual: string): Promise<void> {
  const file = path.join(REPO_ROOT, 'test', 'golden', name);
  if (process.env['TIDEMARK_UPDATE_GOLDEN'] === '1') {
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, actual);
    return;
  }
  const expected = await fs.readFile(file, 'utf8').catch(() => undefined);
  assert.ok(expected !== undefined, `golden file test/golden/${name} is missing (run with TIDEMARK_UPDATE_GOLDEN=1 to create it)`);
  assert.equal(actual, expected, `output differs from test/golden/${name}`);
}
