import fs from 'node:fs/promises';
import path from 'node:path';
import { createProject, FIXTURES, type TestProject } from '../support/project.js';

/**
 * The `lint --fix` cases: each folder of test/fixtures/lint/fixes/ holds one migration that runs
 * after the shared 001_base.sql (which creates the tables the cases treat as existing).
 */

export const FIX_CASES = path.join(FIXTURES, 'lint', 'fixes');

/** fixCases lists the case folders. */
export async function fixCases(): Promise<string[]> {
  return (await fs.readdir(FIX_CASES, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

/** caseProject copies a case (the base migration and the case's own) into a temp project. */
export async function caseProject(name: string, config?: Record<string, unknown>): Promise<{ project: TestProject; file: string }> {
  const project = await createProject({ config });
  await project.write('001_base.sql', await fs.readFile(path.join(FIX_CASES, '001_base.sql'), 'utf8'));
  const [own] = await fs.readdir(path.join(FIX_CASES, name));
  await project.write(own!, await fs.readFile(path.join(FIX_CASES, name, own!), 'utf8'));
  return { project, file: path.join(project.migrationsDir, own!) };
}

