import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { openTidemark } from '../../src/index.js';
import { createProject, FIXTURES } from '../support/project.js';

/**
 * Every migration `generate` writes for a convergence pair, both ways, passes `tidemark lint`.
 * Generation needs no database (both sides load into PGlite shadows), so this runs once, not per
 * target; the same pairs converge with the online forms in online.test.ts, on both targets.
 *
 * Some rules flag what the declarative schema itself asks for and no form can spare: data dropped
 * with a table or column, a column's type changed, a reserved word used as a name, a NOT NULL
 * column without a default. Those findings are the user's to acknowledge, so they are left out;
 * every other error fails the test.
 */
const NO_ONLINE_FORM = new Set(['ban-drop-table', 'ban-drop-column', 'ban-drop-schema', 'changing-column-type', 'reserved-keyword', 'adding-required-field', 'adding-volatile-default']);

/**
 * A known gap: when a migration drops a column, its down section adds the column back (empty) and
 * builds the indexes and keys over it in the same transaction, not concurrently. Only that is let
 * through: these two rules, in the down section of a migration whose up section drops a column.
 */
const RESTORED_WITH_DROPPED_COLUMN = new Set(['require-concurrent-index-creation', 'constraint-builds-index']);

/**
 * The other known gap: a down section is one transaction, and reverting runs it last, so no later
 * migration can validate what it restores. It adds a CHECK, a foreign key or a NOT NULL back as
 * NOT VALID and validates it in place, which scans under the ADD's lock as the plain form would;
 * validate-in-same-transaction says so, and only in a down section is that let through.
 */
const VALIDATED_IN_DOWN = 'validate-in-same-transaction';

const CASES = path.join(FIXTURES, 'diff');

describe('generated migrations pass lint on every convergence pair', async () => {
  for (const name of (await fs.readdir(CASES)).sort()) {
    for (const [start, goal] of [['a', 'b'], ['b', 'a']] as const) {
      it(`${name} ${start}→${goal}`, async () => {
        const project = await createProject({ config: { database: 'pglite:memory' }, migrations: { '001_start.sql': await fs.readFile(path.join(CASES, name, `${start}.sql`), 'utf8') } });
        const tm = await openTidemark({ cwd: project.dir });
        try {
          await fs.mkdir(path.join(project.dir, 'schema'));
          await fs.copyFile(path.join(CASES, name, `${goal}.sql`), path.join(project.dir, 'schema', 'schema.sql'));
          const { files } = await tm.generate('change');
          assert.ok(files.length > 0, 'the pair differs');
          const report = await tm.lint({ files });
          const texts = new Map(await Promise.all(files.map(async (f) => [f, await fs.readFile(path.join(project.dir, f), 'utf8')] as const)));
          const downLine = (file: string) => texts.get(file)!.split('\n').findIndex((l) => l.startsWith('-- migrate:down')) + 1;
          const restoring = (file: string, line: number) => {
            const down = downLine(file);
            return line > down && texts.get(file)!.split('\n').slice(0, down).some((l) => / DROP COLUMN /.test(l));
          };
          const errors = report.findings.filter(
            (f) =>
              f.severity === 'error' &&
              !NO_ONLINE_FORM.has(f.rule) &&
              !(RESTORED_WITH_DROPPED_COLUMN.has(f.rule) && restoring(f.file, f.line)) &&
              !(f.rule === VALIDATED_IN_DOWN && f.line > downLine(f.file)),
          );
          assert.deepEqual(errors.map((f) => `${path.basename(f.file)}:${f.line} ${f.rule}: ${f.message}`), []);
        } finally {
          await tm.close();
          await project.dispose();
        }
      });
    }
  }
});
