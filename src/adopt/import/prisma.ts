import path from 'node:path';
import { MigrationFileError } from '../../errors.js';
import type { ForeignMigration, ImportAdapter } from './adapter.js';
import { checkIncreasing, historyRows, isDir, listDir, readText, safeName, shown } from './common.js';

/**
 * Prisma Migrate: `prisma/migrations/<timestamp>_<name>/migration.sql` (plus migration_lock.toml),
 * applied in directory-name order, up only. `_prisma_migrations` records each attempt; a
 * migration is applied when a row with its directory name finished and was not rolled back.
 */
export const prisma: ImportAdapter = {
  layout: 'prisma/migrations/<timestamp>_<name>/migration.sql',
  historyTable: { schema: 'public', name: '_prisma_migrations' },

  async read(dir, root) {
    const base = (await isDir(path.join(dir, 'migrations'))) ? path.join(dir, 'migrations') : dir;
    const migrations: ForeignMigration[] = [];
    const warnings: string[] = [];
    for (const entry of await listDir(base, root)) {
      if (!entry.isDirectory()) continue;
      const file = path.join(base, entry.name, 'migration.sql');
      const match = /^(\d+)_(.+)$/.exec(entry.name);
      const text = await readText(file).catch(() => undefined);
      if (text === undefined) {
        warnings.push(`${shown(root, path.join(base, entry.name))}: no migration.sql; not imported`);
        continue;
      }
      if (!match) throw new MigrationFileError(`${shown(root, file)}: prisma migration folders are named <timestamp>_<name>`);
      migrations.push({ version: match[1]!, name: safeName(match[2]!), text, source: shown(root, file), keys: [entry.name] });
    }
    checkIncreasing(migrations);
    return { migrations, warnings };
  },

  async history(db, table) {
    const rows = await historyRows<{ migration_name: string }>(
      db,
      table,
      (t) => `SELECT DISTINCT migration_name FROM ${t} WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
    );
    return { entries: rows.map((r) => ({ keys: [r.migration_name], label: r.migration_name })) };
  },
};
