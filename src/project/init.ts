import fs from 'node:fs/promises';
import path from 'node:path';
import type { PresetName } from '../presets/preset.js';
import { CONFIG_FILE_NAMES } from '../config/load.js';

/** InitResult lists what {@link initProject} created and what it left alone because it existed. */
export interface InitResult {
  readonly created: readonly string[];
  readonly skipped: readonly string[];
}

/** InitOptions: the platform preset the config names (`init --preset supabase`). */
export interface InitOptions {
  readonly preset?: PresetName | undefined;
}

/** Folders by preset: a Supabase project keeps its migrations and declarative schema under supabase/. */
const FOLDERS: Record<PresetName | 'none', { migrations: string; schema: string }> = {
  none: { migrations: 'migrations', schema: 'schema' },
  supabase: { migrations: 'supabase/migrations', schema: 'supabase/schemas' },
};

/** configTemplate is the tidemark.config.ts `init` writes (and `import --from supabase` when there is none). */
export function configTemplate(options: InitOptions & { migrations?: string; database?: boolean } = {}): string {
  const folders = FOLDERS[options.preset ?? 'none'];
  const preset = options.preset
    ? `  // Shadow databases get ${options.preset}'s own schemas and roles; those schemas are never yours.\n  preset: '${options.preset}',\n`
    : '';
  // Without a database line, --database or DATABASE_URL names it (an imported project has one already).
  const database =
    options.database === false
      ? '  // database: postgres://user:pass@host:5432/db — or set DATABASE_URL (environment or .env) or pass --database.\n'
      : "  // postgres://user:pass@host:5432/db, or embedded: pglite:<dir> / pglite:memory.\n  // DATABASE_URL (environment or .env) and --database take precedence.\n  database: 'pglite:.tidemark/dev',\n";
  return `import { defineConfig } from 'tidemark';

export default defineConfig({
${database}${preset}  migrations: '${options.migrations ?? folders.migrations}',
  schema: '${folders.schema}',
});
`;
}

/**
 * initProject scaffolds a config and the migrations and schema folders in `dir` (`migrations/` and
 * `schema/`; `supabase/migrations/` and `supabase/schemas/` with the Supabase preset). It never
 * overwrites: what exists is reported as skipped.
 */
export async function initProject(dir: string, options: InitOptions = {}): Promise<InitResult> {
  const created: string[] = [];
  const skipped: string[] = [];
  const existing = await Promise.all(CONFIG_FILE_NAMES.map((n) => fs.access(path.join(dir, n)).then(() => n, () => undefined)));
  const configName = existing.find(Boolean);
  if (configName) skipped.push(configName);
  else {
    await fs.writeFile(path.join(dir, 'tidemark.config.ts'), configTemplate(options), { flag: 'wx' });
    created.push('tidemark.config.ts');
  }
  const folders = FOLDERS[options.preset ?? 'none'];
  for (const folder of [folders.migrations, folders.schema]) {
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
