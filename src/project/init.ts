import fs from 'node:fs/promises';
import path from 'node:path';

/** InitResult lists what {@link initProject} created and what it left alone because it existed. */
export interface InitResult {
  readonly created: readonly string[];
  readonly skipped: readonly string[];
}

const CONFIG_TEMPLATE = `import { defineConfig } from 'tidemark';

export default defineConfig({
  // postgres://user:pass@host:5432/db, or embedded: pglite:<dir> / pglite:memory.
  // DATABASE_URL (environment or .env) and --database take precedence.
  database: 'pglite:.tidemark/dev',
  migrations: 'migrations',
  schema: 'schema',
});
`;

/**
 * initProject scaffolds a config, `migrations/` and `schema/` in `dir`. It never overwrites: what
 * exists is reported as skipped.
 */
export async function initProject(dir: string): Promise<InitResult> {
  const created: string[] = [];
  const skipped: string[] = [];
  const existing = await Promise.all(
    ['tidemark.config.ts', 'tidemark.config.mts', 'tidemark.config.js', 'tidemark.config.mjs', 'tidemark.config.json'].map((n) =>
      fs.access(path.join(dir, n)).then(() => n, () => undefined),
    ),
  );
  const configName = existing.find(Boolean);
  if (configName) skipped.push(configName);
  else {
    await fs.writeFile(path.join(dir, 'tidemark.config.ts'), CONFIG_TEMPLATE, { flag: 'wx' });
    created.push('tidemark.config.ts');
  }
  for (const folder of ['migrations', 'schema']) {
    const target = path.join(dir, folder);
    const there = await fs.stat(target).then(() => true, () => false);
    if (there) skipped.push(`${folder}/`);
    else {
      await fs.mkdir(target, { recursive: true });
      created.push(`${folder}/`);
    }
  }
  return { created, skipped };
}
