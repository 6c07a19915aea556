import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { compareSum, fixFiles, lintFiles, readMigrationDir, writeSum, type Finding } from '../../src/index.js';
import { assertGolden } from '../support/golden.js';
import type { TestProject } from '../support/project.js';
import { caseProject, fixCases } from './fix-cases.js';

/**
 * `lint --fix` on the cases under test/fixtures/lint/fixes/: each folder holds one migration that
 * runs after the shared 001_base.sql. The diff --fix prints is a golden file per case
 * (test/golden/lint/fix/<case>.diff), and the files it leaves must lint without what it fixed.
 * fix-apply.test.ts proves on databases that the fixed migrations build the same schema.
 */

const lintProject = (project: TestProject) => ({ root: project.dir, migrationsDir: project.migrationsDir });
const count = (findings: readonly Finding[]) => {
  const byRule = new Map<string, number>();
  for (const f of findings) byRule.set(f.rule, (byRule.get(f.rule) ?? 0) + 1);
  return byRule;
};

describe('lint --fix', async () => {
  for (const name of await fixCases()) {
    it(`${name}: the diff, and the fixed files lint without what was fixed`, async () => {
      const { project, file } = await caseProject(name);
      try {
        const before = await lintFiles([file], lintProject(project));
        const result = await fixFiles([file], lintProject(project));
        await assertGolden(`lint/fix/${name}.diff`, result.diff);
        assert.equal(result.fixed.length + result.left.length, before.findings.filter((f) => f.fix).length, 'every finding with a fix is fixed or left with a reason');
        const after = count(result.report.findings);
        const fixedRules = count(result.fixed);
        const was = count(before.findings);
        for (const [rule, n] of after) {
          assert.ok(rule !== 'syntax-error', `${name}: the fixed files parse: ${JSON.stringify(result.report.findings)}`);
          assert.ok(was.has(rule), `${name}: --fix brought a new finding: ${JSON.stringify(result.report.findings.filter((f) => f.rule === rule))}`);
          assert.equal(n, was.get(rule)! - (fixedRules.get(rule) ?? 0), `${name}: ${rule} findings after --fix`);
        }
        for (const [rule, n] of fixedRules) assert.equal(after.get(rule) ?? 0, was.get(rule)! - n, `${name}: ${rule} is fixed`);
        // Written as the diff says.
        for (const changed of result.changed) assert.equal(await fs.readFile(path.join(project.dir, changed.displayPath), 'utf8'), changed.after);
        // A second run has nothing left to fix.
        const again = await fixFiles([file], lintProject(project), { write: false });
        assert.equal(again.diff, '', `${name}: a second --fix changes nothing`);
      } finally {
        await project.dispose();
      }
    });
  }

  it('leaves what is not mechanical alone, and says why', async () => {
    const { project, file } = await caseProject('left-alone');
    try {
      const result = await fixFiles([file], lintProject(project));
      assert.equal(result.diff, '');
      const reasons = result.left.map((l) => `${l.finding.line} ${l.finding.rule}: ${l.reason}`);
      assert.deepEqual(reasons, [
        '2 set-not-null-without-check: one command of several in this ALTER TABLE: split it, then --fix',
        '3 set-not-null-without-check: ALTER TABLE ONLY: the safe form would reach the child tables too',
        '4 require-concurrent-index-creation: a later statement of this section uses "users_org_idx", which the fix would move after it',
        '6 require-concurrent-index-creation: name it first: the linter cannot be sure which name PostgreSQL would choose',
        '7 require-concurrent-index-deletion: the down section that builds the index again must move with it',
        '10 require-concurrent-index-creation: in the down section, which --fix leaves as written',
      ]);
    } finally {
      await project.dispose();
    }
  });

  it('writes nothing with write: false, and refreshes tidemark.sum when there is one', async () => {
    const { project, file } = await caseProject('unique-constraint');
    try {
      const text = await fs.readFile(file, 'utf8');
      const dry = await fixFiles([file], lintProject(project), { write: false });
      assert.notEqual(dry.diff, '');
      assert.equal(await fs.readFile(file, 'utf8'), text);
      assert.deepEqual((await fs.readdir(project.migrationsDir)).sort(), ['001_base.sql', '002_unique_email.sql']);
      await writeSum(project.migrationsDir, await readMigrationDir(project.migrationsDir, project.dir));
      await fixFiles([file], lintProject(project));
      const sum = await fs.readFile(path.join(project.migrationsDir, 'tidemark.sum'), 'utf8');
      assert.deepEqual(compareSum(sum, await readMigrationDir(project.migrationsDir, project.dir)), []);
    } finally {
      await project.dispose();
    }
  });

  it('leaves a fix that needs a migration after the file when the next version is taken', async () => {
    const { project, file } = await caseProject('unique-constraint');
    try {
      await project.write('003_later.sql', '-- migrate:up\nselect 1;\n\n-- migrate:down\nselect 1;\n');
      const result = await fixFiles([file], lintProject(project));
      assert.equal(result.diff, '');
      assert.deepEqual(result.left.map((l) => l.reason), ['no free version right after this file for the migration it needs']);
    } finally {
      await project.dispose();
    }
  });
});
