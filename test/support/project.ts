import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** REPO_ROOT is the checkout (tests run from dist/test/…). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures');
export const EXAMPLE = path.join(REPO_ROOT, 'examples', 'saas');

/** TestProject is a throw-away project directory with a migrations folder. */
export interface TestProject {
  readonly dir: string;
  readonly migrationsDir: string;
  write(name: string, text: string): Promise<string>;
  remove(name: string): Promise<void>;
  dispose(): Promise<void>;
}

/**
 * createProject makes a temp project: `config` is written as tidemark.config.json (database
 * included), `migrations` maps file names to contents or to a fixture path (`@fixture/…`).
 */
export async function createProject(options: { config?: Record<string, unknown>; migrations?: Record<string, string> } = {}): Promise<TestProject> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tm-project-'));
  const migrationsDir = path.join(dir, 'migrations');
  await fs.mkdir(migrationsDir);
  if (options.config) await fs.writeFile(path.join(dir, 'tidemark.config.json'), JSON.stringify(options.config, null, 2));
  const project: TestProject = {
    dir,
    migrationsDir,
    async write(name, text) {
      const file = path.join(migrationsDir, name);
      const body = text.startsWith('@fixture/') ? await fs.readFile(path.join(FIXTURES, text.slice('@fixture/'.length)), 'utf8') : text;
      await fs.writeFile(file, body);
      return file;
    },
    remove: (name) => fs.rm(path.join(migrationsDir, name)),
    dispose: () => fs.rm(dir, { recursive: true, force: true }),
  };
  for (const [name, text] of Object.entries(options.migrations ?? {})) await project.write(name, text);
  return project;
}

/** copyExample copies examples/saas (without any local database) into a temp dir. */
export async function copyExample(): Promise<TestProject> {
  const project = await createProject();
  await fs.rm(project.migrationsDir, { recursive: true });
  await fs.cp(path.join(EXAMPLE, 'migrations'), project.migrationsDir, { recursive: true });
  return project;
}
