import path from 'node:path';
import { MigrationFileError } from '../../errors.js';
import type { ForeignMigration, ImportAdapter } from './adapter.js';
import { checkIncreasing, historyRows, isDir, listDir, readText, safeName, shown } from './common.js';

/** readVersionedFiles reads `<digits>[_name].sql` files, which both Supabase and dbmate use. */
async function readVersionedFiles(base: string, root: string): Promise<ForeignMigration[]> {
  const migrations: ForeignMigration[] = [];
  for (const entry of await listDir(base, root)) {
    if (!entry.isFile() || !entry.name.endsWith('.sql')) continue;
    const file = path.join(base, entry.name);
    const match = /^(\d+)_?(.*)\.sql$/.exec(entry.name);
    if (!match) throw new MigrationFileError(`${shown(root, file)}: migration file names start with their version (digits)`);
    migrations.push({ version: match[1]!, name: safeName(match[2]!), text: await readText(file), source: shown(root, file), keys: [match[1]!] });
  }
  // The tools run files in name order; Tidemark runs them in numeric version order. Same order, or an error.
  checkIncreasing(migrations);
  return migrations;
}

/** versionHistory reads a table of applied versions (one text column). */
async function versionHistory(db: Parameters<ImportAdapter['history']>[0], table: Parameters<ImportAdapter['history']>[1]) {
  const rows = await historyRows<{ version: string }>(db, table, (t) => `SELECT version::text AS version FROM ${t} ORDER BY 1`);
  return { entries: rows.map((r) => ({ keys: [r.version], label: r.version })) };
}

/**
 * Supabase CLI: `supabase/migrations/<timestamp>_<name>.sql`, up only — already Tidemark's
 * up-only format, copied as is. `supabase_migrations.schema_migrations` holds applied versions.
 */
export const supabase: ImportAdapter = {
  layout: 'supabase/migrations/<timestamp>_<name>.sql',
  historyTable: { schema: 'supabase_migrations', name: 'schema_migrations' },
  async read(dir, root) {
    let base = dir;
    if (await isDir(path.join(dir, 'supabase', 'migrations'))) base = path.join(dir, 'supabase', 'migrations');
    else if (await isDir(path.join(dir, 'migrations'))) base = path.join(dir, 'migrations');
    return { migrations: await readVersionedFiles(base, root), warnings: [] };
  },
  history: versionHistory,
};

/**
 * dbmate: `db/migrations/<version>_<name>.sql` with `-- migrate:up` / `-- migrate:down` — the
 * format Tidemark adopted, copied as is. `schema_migrations` holds applied versions.
 */
export const dbmate: ImportAdapter = {
  layout: 'db/migrations/<version>_<name>.sql with -- migrate:up / -- migrate:down',
  historyTable: { schema: 'public', name: 'schema_migrations' },
  async read(dir, root) {
    return { migrations: await readVersionedFiles(dir, root), warnings: [] };
  },
  history: versionHistory,
};
