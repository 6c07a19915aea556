import type { DatabaseTarget, TestDatabase } from './databases.js';
import { createProject, type TestProject } from './project.js';
import { runCli, type CliResult } from './cli.js';

/** Scenario is a fresh database plus a project configured to use it. */
export interface Scenario {
  readonly db: TestDatabase;
  readonly project: TestProject;
  /** cli runs the built CLI in the project directory. */
  cli(...args: string[]): Promise<CliResult>;
  /** statuses lists `version:state` from `status --json`. */
  statuses(): Promise<string[]>;
}

/**
 * withScenario creates a database on `target` and a project whose config points at it (plus
 * `config`), runs `test`, and removes both whatever happens.
 */
export async function withScenario(
  target: DatabaseTarget,
  options: { config?: Record<string, unknown>; migrations?: Record<string, string> },
  test: (scenario: Scenario) => Promise<void>,
): Promise<void> {
  const db = await target.create();
  try {
    const project = await createProject({ config: { database: db.url, ...options.config }, migrations: options.migrations });
    try {
      const cli = (...args: string[]) => runCli(args, { cwd: project.dir });
      const statuses = async () => {
        const result = await cli('status', '--json');
        if (result.code !== 0) throw new Error(`status failed: ${result.stderr}`);
        return JSON.parse(result.stdout).migrations.map((m: { version: string; state: string }) => `${m.version}:${m.state}`);
      };
      await test({ db, project, cli, statuses });
    } finally {
      await project.dispose();
    }
  } finally {
    await db.dispose();
  }
}
