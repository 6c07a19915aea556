import path from 'node:path';
import { MigrationFileError } from '../../errors.js';
import type { ForeignMigration, ImportAdapter } from './adapter.js';
import { checkIncreasing, historyRows, listDir, readText, safeName, shown } from './common.js';

// node-pg-migrate's own marker test (sqlMigration.ts): a comment line "-- Up Migration" /
// "-- Down Migration", any case, any dashes and spaces before the word.
const marker = (direction: 'up' | 'down') => new RegExp(`^\\s*--[\\s-]*${direction}\\s+migration`, 'im');

/**
 * convert keeps node-pg-migrate's file and adds Tidemark's marker line above each of its marker
 * lines. Text before the up marker is ignored by node-pg-migrate; Tidemark accepts only comments
 * there, so SQL there is reported rather than silently run or dropped.
 */
function convert(text: string, source: string): string {
  // The pattern's leading \s* may start on an earlier, blank line; the marker is where its "--" is.
  const find = (direction: 'up' | 'down') => {
    const at = text.search(marker(direction));
    return at === -1 ? -1 : text.indexOf('--', at);
  };
  const up = find('up');
  const down = find('down');
  if (up === -1 && down === -1) return text;
  const lineStart = (at: number) => text.lastIndexOf('\n', at - 1) + 1;
  const cuts = [
    ...(up === -1 ? [] : [{ at: lineStart(up), line: '-- migrate:up\n' }]),
    ...(down === -1 ? [] : [{ at: lineStart(down), line: '-- migrate:down\n' }]),
  ].sort((a, b) => a.at - b.at);
  if (up === -1) throw new MigrationFileError(`${source}: a "-- Down Migration" marker without "-- Up Migration"; Tidemark needs to know where the up part starts`);
  let out = text.slice(0, cuts[0]!.at);
  if (out.split('\n').some((l) => l.trim() !== '' && !l.trim().startsWith('--'))) {
    throw new MigrationFileError(`${source}: SQL before the first marker, which node-pg-migrate ignores; remove it or move it into a section`);
  }
  for (let i = 0; i < cuts.length; i++) out += cuts[i]!.line + text.slice(cuts[i]!.at, cuts[i + 1]?.at ?? text.length);
  return out;
}

/**
 * node-pg-migrate (SQL migrations): `migrations/<timestamp>_<name>.sql` with `-- Up Migration` and
 * `-- Down Migration` comment markers. `pgmigrations` (name, run_on) lists applied migrations by
 * file name without its extension. JavaScript and TypeScript migrations are reported, not converted.
 */
export const nodePgMigrate: ImportAdapter = {
  layout: 'migrations/<timestamp>_<name>.sql with -- Up Migration / -- Down Migration',
  historyTable: { schema: 'public', name: 'pgmigrations' },

  async read(dir, root) {
    const migrations: ForeignMigration[] = [];
    const warnings: string[] = [];
    for (const entry of await listDir(dir, root)) {
      if (!entry.isFile()) continue;
      const file = path.join(dir, entry.name);
      if (/\.(js|cjs|mjs|ts|cts|mts)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        warnings.push(`${shown(root, file)}: a JavaScript/TypeScript migration; only SQL migrations are converted; not imported`);
        continue;
      }
      if (!entry.name.endsWith('.sql')) continue;
      const match = /^(\d+)_?(.*)\.sql$/.exec(entry.name);
      if (!match) throw new MigrationFileError(`${shown(root, file)}: node-pg-migrate file names start with a numeric timestamp`);
      const source = shown(root, file);
      migrations.push({ version: match[1]!, name: safeName(match[2]!), text: convert(await readText(file), source), source, keys: [entry.name.slice(0, -'.sql'.length)] });
    }
    checkIncreasing(migrations);
    return { migrations, warnings };
  },

  async history(db, table) {
    const rows = await historyRows<{ name: string }>(db, table, (t) => `SELECT name FROM ${t} ORDER BY run_on, id`);
    return { entries: rows.map((r) => ({ keys: [r.name], label: r.name })) };
  },
};
