import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { MigrationFileError } from '../../errors.js';
import type { ImportAdapter } from './adapter.js';
import { checkIncreasing, historyRows, isDir, readText, safeName, shown } from './common.js';

interface JournalEntry {
  readonly idx: number;
  readonly when: number;
  readonly tag: string;
}

/**
 * Drizzle Kit: `<out>/<tag>.sql` listed, in order, by `<out>/meta/_journal.json`; statements are
 * separated by `--> statement-breakpoint` comment lines, which are plain SQL comments and stay.
 * Drizzle's migrator records each applied file in `drizzle.__drizzle_migrations` as (hash,
 * created_at): the SHA-256 of the file's text (line endings as LF) and the journal entry's `when`.
 * A file counts as applied when a row has its hash or its `when`.
 */
export const drizzle: ImportAdapter = {
  layout: '<out>/NNNN_name.sql + <out>/meta/_journal.json',
  historyTable: { schema: 'drizzle', name: '__drizzle_migrations' },

  async read(dir, root) {
    const base = (await isDir(path.join(dir, 'meta'))) || !(await isDir(path.join(dir, 'drizzle'))) ? dir : path.join(dir, 'drizzle');
    const journalFile = path.join(base, 'meta', '_journal.json');
    let journal: { entries?: JournalEntry[] };
    try {
      journal = JSON.parse(await fs.readFile(journalFile, 'utf8')) as { entries?: JournalEntry[] };
    } catch (error) {
      throw new MigrationFileError(`${shown(root, journalFile)}: cannot read drizzle's journal (${(error as Error).message.split('\n')[0]})`, { cause: error });
    }
    const entries = journal.entries ?? [];
    const migrations = [];
    for (const entry of entries) {
      const file = path.join(base, `${entry.tag}.sql`);
      const text = await readText(file).catch(() => {
        throw new MigrationFileError(`${shown(root, journalFile)}: entry ${entry.idx} names ${entry.tag}.sql, which does not exist`);
      });
      // Tags are "<index>_<words>" (drizzle's default prefix) or "<timestamp>_<words>"; a tag
      // without a numeric prefix takes its journal index.
      const match = /^(\d+)_(.*)$/.exec(entry.tag);
      const version = match ? match[1]! : String(entry.idx).padStart(4, '0');
      const hash = createHash('sha256').update(text.replace(/\r\n/g, '\n')).digest('hex');
      migrations.push({
        version,
        name: safeName(match ? match[2]! : entry.tag),
        text,
        source: shown(root, file),
        keys: [`hash:${hash}`, `when:${entry.when}`],
      });
    }
    checkIncreasing(migrations);
    const listed = new Set(entries.map((e) => `${e.tag}.sql`));
    const strays = (await fs.readdir(base)).filter((f) => f.endsWith('.sql') && !listed.has(f)).sort();
    return { migrations, warnings: strays.map((f) => `${shown(root, path.join(base, f))}: not in meta/_journal.json, so drizzle never runs it; not imported`) };
  },

  async history(db, table) {
    const rows = await historyRows<{ hash: string; created_at: string | null }>(db, table, (t) => `SELECT hash, created_at::text AS created_at FROM ${t} ORDER BY id`);
    return {
      entries: rows.map((r) => ({
        keys: [`hash:${r.hash}`, ...(r.created_at === null ? [] : [`when:${r.created_at}`])],
        label: `hash ${r.hash.slice(0, 12)}… created_at ${r.created_at ?? 'null'}`,
      })),
    };
  },
};
