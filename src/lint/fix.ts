import fs from 'node:fs/promises';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { compareVersions } from '../migrations/files.js';
import { parseSections } from '../migrations/sections.js';
import { readSumCheck, writeSum } from '../migrations/sum.js';
import { readMigrationDir } from '../migrations/files.js';
import { rewriteMigration } from './fixes/rewrite.js';
import { lintFiles, type LintProject } from './lint.js';
import type { Finding, LintReport } from './types.js';

/**
 * `tidemark lint --fix`: lint the files, rewrite each into the safe forms its findings carry
 * where the rewrite is mechanical (fixes/rewrite.ts), add the migrations those forms need right
 * after it, and lint again. What is not mechanical is left as written, with the reason.
 */

/** ChangedFile is a file --fix wrote: `before` is null for a migration it added. */
export interface ChangedFile {
  readonly displayPath: string;
  readonly before: string | null;
  readonly after: string;
}

/** FixReport is what {@link fixFiles} did, and the lint report of the files afterwards. */
export interface FixReport {
  readonly changed: readonly ChangedFile[];
  readonly fixed: readonly Finding[];
  readonly left: readonly { readonly finding: Finding; readonly reason: string }[];
  /** The unified diff of every change, added files included (from /dev/null). */
  readonly diff: string;
  /** The files linted again after the fix (the migrations it added included). */
  readonly report: LintReport;
}

const FILE_NAME = /^(\d+)_(.+)\.sql$/;

/**
 * versionsAfter allocates `count` versions right after `version`, before the next one in the
 * directory: version+1, +2 … with the same digits, or undefined when one is taken.
 */
function versionsAfter(version: string, taken: readonly string[], count: number): string[] | undefined {
  const next = taken.filter((v) => compareVersions(v, version) > 0).sort(compareVersions)[0];
  const out: string[] = [];
  for (let i = 1n; out.length < count; i++) {
    const candidate = (BigInt(version) + i).toString().padStart(version.length, '0');
    if (next !== undefined && compareVersions(candidate, next) >= 0) return undefined;
    out.push(candidate);
  }
  return out;
}

/**
 * fixFiles lints `paths` (as {@link lintFiles} does), rewrites the files with mechanical fixes,
 * writes them and the migrations they add (and `tidemark.sum`, when the directory has one), and
 * returns the diff. With `write: false` nothing is written: the diff says what would change.
 *
 * @example const { diff, report } = await fixFiles(['migrations/20260101000000_add_index.sql'], project);
 */
export async function fixFiles(paths: readonly string[], project: LintProject, options: { cwd?: string; write?: boolean } = {}): Promise<FixReport> {
  const before = await lintFiles(paths, project, options);
  const byFile = new Map<string, Finding[]>();
  for (const f of before.findings) if (f.fix) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  const changed: ChangedFile[] = [];
  const fixed: Finding[] = [];
  const left: FixReport['left'][number][] = [];
  const written = new Set<string>();
  for (const [displayPath, findings] of byFile) {
    const file = path.resolve(project.root, displayPath);
    const text = (await fs.readFile(file, 'utf8')).replace(/^\uFEFF/, '');
    const sections = await parseSections(text, displayPath);
    const match = FILE_NAME.exec(path.basename(file));
    const dir = path.dirname(file);
    const taken = (await fs.readdir(dir)).map((n) => FILE_NAME.exec(n)?.[1] ?? /^(\d+)_/.exec(n)?.[1]).filter((v): v is string => v !== undefined);
    const allocate = (count: number) => (count === 0 ? [] : match ? versionsAfter(match[1]!, taken, count) : undefined);
    const rewrite = await rewriteMigration(text, sections, findings, allocate);
    fixed.push(...rewrite.fixed);
    left.push(...rewrite.left);
    if (rewrite.fixed.length === 0) continue;
    changed.push({ displayPath, before: text, after: rewrite.text });
    rewrite.added.forEach((m, i) => {
      const name = `${rewrite.versions[i]}_${match![2]}${m.suffix}.sql`;
      changed.push({ displayPath: path.relative(project.root, path.join(dir, name)) || name, before: null, after: m.text });
    });
  }
  if (options.write !== false) {
    for (const c of changed) {
      const file = path.resolve(project.root, c.displayPath);
      await fs.writeFile(file, c.after, c.before === null ? { flag: 'wx' } : {});
      written.add(file);
    }
    await refreshSums(project, written);
  }
  const diff = changed.map((c) => createTwoFilesPatch(c.before === null ? '/dev/null' : `a/${c.displayPath}`, `b/${c.displayPath}`, c.before ?? '', c.after, undefined, undefined, { context: 3 }).replace(/^=+\n/, '')).join('');
  // lintFiles lists each file once, whether given or found in a directory given.
  const added = changed.filter((c) => c.before === null).map((c) => path.resolve(project.root, c.displayPath));
  const report = options.write === false ? before : await lintFiles([...paths.map((p) => path.resolve(options.cwd ?? project.root, p)), ...added], project);
  return { changed, fixed, left, diff, report };
}

/** refreshSums rewrites `tidemark.sum` where the migrations directory has one and --fix wrote into it. */
async function refreshSums(project: LintProject, written: ReadonlySet<string>): Promise<void> {
  const dir = path.resolve(project.migrationsDir);
  if (![...written].some((f) => path.dirname(f) === dir)) return;
  const files = await readMigrationDir(dir, project.root);
  if ((await readSumCheck(dir, files)).present) await writeSum(dir, files);
}
