import type { Driver } from '../driver/driver.js';
import type { MigrationFile } from '../migrations/files.js';
import { HistoryStore } from '../migrations/history.js';
import type { QualifiedName } from '../model/types.js';
import { loadParser } from '../parser/parser.js';

/**
 * What the reference document shows besides the model: row-count estimates and the migration
 * history. Both are read here, from a live database and the migration files; rendering stays pure.
 */

/** RowEstimate is the planner's idea of how many rows a table holds. */
export interface RowEstimate extends QualifiedName {
  readonly rows: number;
}

/** HistoryRow is one line of the Migration History section. */
export interface HistoryRow {
  readonly version: string;
  /** The migration's file name, or `<version>_<name>` when its file is not in the directory. */
  readonly file: string;
  readonly description: string;
  /** `YYYY-MM-DD` (UTC) when applied; null for a history read from files alone. */
  readonly applied: string | null;
}

/**
 * readRowEstimates reads the planner's row estimates: `pg_class.reltuples` once the table was
 * analyzed or vacuumed, else the statistics collector's live-tuple count (`pg_stat_user_tables`),
 * which is maintained from the first insert on. Never a `count(*)`: that would scan every table.
 */
export async function readRowEstimates(db: Driver, tables: readonly QualifiedName[]): Promise<RowEstimate[]> {
  if (tables.length === 0) return [];
  const { rows } = await db.query<{ schema: string; name: string; rows: string | number }>(
    `SELECT n.nspname AS schema, c.relname AS name,
            CASE WHEN c.reltuples >= 0 THEN c.reltuples::int8 ELSE COALESCE(s.n_live_tup, 0)::int8 END::text AS rows
       FROM pg_catalog.pg_class c
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_catalog.pg_stat_user_tables s ON s.relid = c.oid
      WHERE (n.nspname, c.relname) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    [tables.map((t) => t.schema), tables.map((t) => t.name)],
  );
  return rows.map((r) => ({ schema: r.schema, name: r.name, rows: Number(r.rows) }));
}

/**
 * readHistory lists the applied migrations of the control schema, oldest version first, with
 * file names and descriptions taken from the migration files where they exist.
 */
export async function readHistory(db: Driver, controlSchema: string, files: readonly MigrationFile[]): Promise<HistoryRow[]> {
  const applied = await new HistoryStore(controlSchema).applied(db);
  const byVersion = new Map(files.map((f) => [BigInt(f.version), f]));
  const rows = await Promise.all(
    applied.map(async (a) => {
      const file = byVersion.get(BigInt(a.version));
      return {
        version: a.version,
        file: file ? fileName(file) : `${a.version}_${a.name}`,
        description: file ? await describeMigration(file) : humanize(a.name),
        applied: a.appliedAt.slice(0, 10),
      };
    }),
  );
  return rows.sort((x, y) => (BigInt(x.version) < BigInt(y.version) ? -1 : BigInt(x.version) > BigInt(y.version) ? 1 : 0));
}

/** historyFromFiles lists the migration files as a history without dates (for sources with no database). */
export async function historyFromFiles(files: readonly MigrationFile[]): Promise<HistoryRow[]> {
  return Promise.all(files.map(async (f) => ({ version: f.version, file: fileName(f), description: await describeMigration(f), applied: null })));
}

function fileName(file: MigrationFile): string {
  return file.path.split(/[\\/]/).pop() ?? file.displayPath;
}

/**
 * describeMigration is the first sentence of the comment above `-- migrate:up` or else of the comment that opens the migration's up section
 * (comments found by PostgreSQL's scanner), or else its name in words: `002_admins_table` →
 * "Admins table".
 */
export async function describeMigration(file: MigrationFile): Promise<string> {
  const sql = file.sections?.up.sql;
  const above = file.sections?.description;
  if (above) return /^(.*?[.!?])(\s|$)/.exec(above)?.[1] ?? above;
  if (sql?.trim()) {
    const parser = await loadParser();
    const lines: string[] = [];
    let tokens: ReturnType<typeof parser.scanSync>['tokens'] = [];
    try {
      tokens = parser.scanSync(sql).tokens;
    } catch {
      // An unterminated literal or comment: describe the migration by its name.
    }
    for (const token of tokens) {
      if (token.tokenName === 'SQL_COMMENT') lines.push(token.text.replace(/^--\s?/, '').trim());
      else if (token.tokenName === 'C_COMMENT') lines.push(token.text.replace(/^\/\*+|\*+\/$/g, '').trim());
      else break;
    }
    const text = lines.join(' ').replace(/\s+/g, ' ').trim();
    const sentence = /^(.*?[.!?])(\s|$)/.exec(text)?.[1] ?? text;
    if (sentence) return sentence;
  }
  return humanize(file.name);
}

function humanize(name: string): string {
  const words = name.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
