import fs from 'node:fs/promises';
import path from 'node:path';
import type { DatabaseTarget, TestDatabase } from '../support/databases.js';
import { EXAMPLE, createProject, type TestProject } from '../support/project.js';
import { runCli } from '../support/cli.js';

/** PENDING is a migration left pending on purpose: a plain CREATE INDEX on a table in use, which lint flags. */
export const PENDING = { file: '018_files_by_mime_type.sql', text: '-- migrate:up\nCREATE INDEX files_mime_type_idx ON files (mime_type);\n\n-- migrate:down\nDROP INDEX files_mime_type_idx;\n' };

export interface ExampleFleet {
  readonly project: TestProject;
  readonly db: TestDatabase;
  dispose(): Promise<void>;
}

/**
 * exampleFleet is the example project (examples/saas) as Studio is shown on it: its 11 migrations
 * applied, one more pending, and a fleet of two tenants where `beta` failed its tenant migration
 * (a table it already had), so the audit log holds an error and its failing statement.
 */
export async function exampleFleet(target: DatabaseTarget): Promise<ExampleFleet> {
  const db = await target.create();
  const project = await createProject({ config: { database: db.url, appliedBy: 'tidemark-example' } });
  try {
    await fs.cp(path.join(EXAMPLE, 'migrations'), project.migrationsDir, { recursive: true });
    const cli = async (...args: string[]) => {
      const run = await runCli(args, { cwd: project.dir });
      return run;
    };
    const must = async (expected: number, ...args: string[]) => {
      const run = await cli(...args);
      if (run.code !== expected) throw new Error(`tidemark ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
    };
    await must(0, 'migrate');
    await project.write(PENDING.file, PENDING.text);
    await fs.mkdir(path.join(project.dir, 'tenant-migrations'));
    await fs.writeFile(path.join(project.dir, 'tenant-migrations', '1_notes.sql'), 'create table notes (id int primary key, body text not null);\n');
    await must(0, 'tenants', 'add', 'alpha', 'beta', '--no-migrate');
    await fs.writeFile(path.join(project.dir, 'conflict.sql'), 'create table notes (other text);\n');
    await must(0, 'tenants', 'apply', 'beta', 'conflict.sql');
    await must(1, 'tenants', 'migrate', '--continue-on-error');
  } catch (error) {
    await project.dispose();
    await db.dispose();
    throw error;
  }
  return {
    project,
    db,
    dispose: async () => {
      await project.dispose();
      await db.dispose();
    },
  };
}
