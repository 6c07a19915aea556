import fs from 'node:fs/promises';
import path from 'node:path';
import { openTidemark, type Tidemark } from '../../src/index.js';
import { createProject, type TestProject } from '../support/project.js';

/** TenantProject is a temp project with a tenant-migrations directory and an open Tidemark. */
export interface TenantProject {
  readonly project: TestProject;
  readonly tm: Tidemark;
  /** Runs a query on the project's database through the Tidemark connection (PGlite opens once). */
  rows<Row extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
  dispose(): Promise<void>;
}

/** tenantProject writes `migrations` into tenant-migrations/ and opens the project. */
export async function tenantProject(config: Record<string, unknown>, migrations: Record<string, string>): Promise<TenantProject> {
  const project = await createProject({ config: { tenants: { migrations: 'tenant-migrations', ...((config['tenants'] as object) ?? {}) }, ...withoutTenants(config) } });
  const dir = path.join(project.dir, 'tenant-migrations');
  await fs.mkdir(dir);
  for (const [name, text] of Object.entries(migrations)) await fs.writeFile(path.join(dir, name), text);
  const tm = await openTidemark({ cwd: project.dir });
  return {
    project,
    tm,
    async rows(sql, params) {
      return (await (await tm.db()).query(sql, params)).rows as never;
    },
    async dispose() {
      await tm.close();
      await project.dispose();
    },
  };
}

function withoutTenants(config: Record<string, unknown>): Record<string, unknown> {
  const { tenants: _t, ...rest } = config;
  return rest;
}
