import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { SumMismatchError } from '../errors.js';
import type { MigrationFile } from './files.js';

/**
 * `migrations/tidemark.sum` (Atlas's atlas.sum, for Tidemark): one line per migration file with
 * the hash of its text, under a first line with the hash of them all. Committed beside the
 * migrations, it turns two branches that each added a migration into a merge conflict on that
 * first line — caught by git, or by `migrate`/`lint`/`verify` before they touch a database.
 *
 *     h1:<base64 sha256 of the lines below>
 *     001_users.sql h1:<base64 sha256 of the file's text, line endings normalized>
 */
export const SUM_FILE = 'tidemark.sum';

const hash = (text: string) => `h1:${createHash('sha256').update(text, 'utf8').digest('base64')}`;

/** fileLine is a migration's line: its file name and the hash of its (line-ending-normalized) text. */
function fileLine(file: MigrationFile): string {
  return `${path.basename(file.path)} ${hash(file.text.replace(/\r\n?/g, '\n'))}`;
}

/** sumText renders the sum of `files` (in version order, as read by readMigrationDir). */
export function sumText(files: readonly MigrationFile[]): string {
  const lines = files.map(fileLine);
  return `${hash(lines.map((l) => `${l}\n`).join(''))}\n${lines.map((l) => `${l}\n`).join('')}`;
}

/** writeSum writes (or rewrites) the sum of `files` into `dir`; returns the file written. */
export async function writeSum(dir: string, files: readonly MigrationFile[]): Promise<string> {
  const file = path.join(dir, SUM_FILE);
  await fs.writeFile(file, sumText(files));
  return file;
}

/** SumCheck is what {@link checkSum} found. */
export interface SumCheck {
  /** False when the project has no sum file (nothing is checked then). */
  readonly present: boolean;
  /** `added 003_x.sql`, `changed 001_y.sql`, `removed 002_z.sql`, or that the file itself is damaged. */
  readonly problems: readonly string[];
}

/** compareSum compares a sum file's text with the migration files; no database is involved. */
export function compareSum(text: string, files: readonly MigrationFile[]): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n').filter((l) => l !== '');
  const [total, ...entries] = lines;
  const problems: string[] = [];
  if (total === undefined || !/^h1:\S+$/.test(total) || entries.some((e) => !/^\S+ h1:\S+$/.test(e))) {
    problems.push('the sum file is damaged (merge conflict markers, or edited by hand)');
    return problems;
  }
  if (hash(entries.map((l) => `${l}\n`).join('')) !== total) problems.push('the sum file is damaged (its total hash does not match its lines)');
  const listed = new Map(entries.map((e) => e.split(' ') as [string, string]));
  const actual = new Map(files.map((f) => fileLine(f).split(' ') as [string, string]));
  for (const [name, h] of actual) {
    if (!listed.has(name)) problems.push(`added ${name}`);
    else if (listed.get(name) !== h) problems.push(`changed ${name}`);
  }
  for (const name of listed.keys()) if (!actual.has(name)) problems.push(`removed ${name}`);
  return problems;
}

/** readSumCheck reads `dir`'s sum file, if any, and compares it with `files`. */
export async function readSumCheck(dir: string, files: readonly MigrationFile[]): Promise<SumCheck> {
  const text = await fs.readFile(path.join(dir, SUM_FILE), 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (text === undefined) return { present: false, problems: [] };
  return { present: true, problems: compareSum(text, files) };
}

/**
 * assertSum throws {@link SumMismatchError} (exit 2, one line) when the sum file exists and does
 * not match. A project without one is not checked: the file is opt-out by deletion, and `new`,
 * `generate` and `squash` create it.
 */
export async function assertSum(dir: string, files: readonly MigrationFile[], root: string): Promise<void> {
  const { problems } = await readSumCheck(dir, files);
  if (problems.length === 0) return;
  const shown = path.relative(root, path.join(dir, SUM_FILE)) || SUM_FILE;
  throw new SumMismatchError(
    `${shown} does not match the migrations (${problems.join(', ')}): two branches added migrations, or a migration file was edited or removed; check the files (give a merged migration a version after the other branch's), then run "tidemark sum" to rewrite it`,
    problems,
  );
}
