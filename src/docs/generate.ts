import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import type { ResolvedConfig } from '../config/load.js';
import type { Driver } from '../driver/driver.js';
import { openDriver } from '../driver/open.js';
import { UsageError } from '../errors.js';
import { introspect } from '../catalog/introspect.js';
import { readMigrationDir, type MigrationFile } from '../migrations/files.js';
import type { SchemaModel } from '../model/types.js';
import { loadSource, parseSource, readPolicy, type SourceSpec } from '../sources/source.js';
import { historyFromFiles, readHistory, readRowEstimates, type HistoryRow, type RowEstimate } from './collect.js';
import { renderDocument } from './document.js';
import { readExisting, STDOUT_PATH, writeOutput } from '../project/output-file.js';

/** DocsOptions choose the source, the file and the clock of {@link generateDocs}. */
export interface DocsOptions {
  /** Any source (database URL, `dir:`, `migrations:`, `reference:`); default config `docs.from`, else the project's database. */
  readonly from?: string | undefined;
  /** The document, relative to the project root; default config `docs.out`; `-` renders it for standard output (never written, never compared). */
  readonly out?: string | undefined;
  /** Compare only; never write. */
  readonly check?: boolean | undefined;
  /** The clock (tests pin it). */
  readonly now?: Date | undefined;
  /** Receives a line per object the model cannot represent, with config `unsupported: 'warn'`. */
  readonly onWarning?: ((message: string) => void) | undefined;
}

/** DocsResult says what the document should contain and whether the file on disk already does. */
export interface DocsResult {
  /** Absolute path of the document. */
  readonly file: string;
  /** The path relative to the project root, for messages. */
  readonly displayPath: string;
  /** The source the document was generated from, as given (`database` for the project's database). */
  readonly source: string;
  readonly text: string;
  /** True when the file on disk differs from `text` (or does not exist). */
  readonly stale: boolean;
  /** True when the file was written (never with `check`). */
  readonly written: boolean;
  /** A unified diff from the file on disk to `text`; empty when up to date. */
  readonly diff: string;
}

/**
 * generateDocs renders the project's reference document from a source and, unless `check`,
 * writes it when it changed. From a database it shows row-count estimates and the applied
 * migration history; from `migrations:<dir>` (no database needed, for CI) the history lists the
 * files without dates; `dir:` and `reference:` sources have neither.
 *
 * @example const result = await generateDocs(project, { check: true }, () => openDriver(project.databaseUrl));
 */
export async function generateDocs(project: ResolvedConfig, options: DocsOptions, projectDb: () => Promise<Driver>): Promise<DocsResult> {
  const docsConfig = project.config.docs;
  const from = options.from ?? docsConfig.from;
  const spec: SourceSpec = from ? parseSource(from, project.root) : { kind: 'database', url: project.databaseUrl };
  const toStdout = options.out === STDOUT_PATH;
  if (toStdout && options.check) throw new UsageError('--check compares a file: it cannot be combined with --out -');
  const file = toStdout ? STDOUT_PATH : path.resolve(project.root, options.out ?? docsConfig.out);
  const displayPath = toStdout ? STDOUT_PATH : path.relative(project.root, file) || file;

  const { model, rowCounts, history } = await readInputs(project, spec, projectDb, options.onWarning);
  const previous = toStdout ? null : ((await readExisting(file)) ?? null);
  const text = await renderDocument(
    model,
    { title: docsConfig.title, rowCounts: docsConfig.rowCounts ? rowCounts : null, history: docsConfig.history ? history : null },
    { now: options.now ?? new Date(), existing: previous === null ? undefined : { text: previous, file: displayPath } },
  );
  const stale = previous !== text;
  const diff = stale ? createTwoFilesPatch(`a/${displayPath}`, `b/${displayPath}`, previous ?? '', text, 'on disk', 'generated') : '';
  let written = false;
  if (toStdout) return { file, displayPath, source: from ?? 'database', text, stale: true, written: false, diff: '' };
  if (stale && !options.check) {
    await writeOutput(file, text);
    written = true;
  }
  return { file, displayPath, source: from ?? 'database', text, stale, written, diff };
}

async function readInputs(
  project: ResolvedConfig,
  spec: SourceSpec,
  projectDb: () => Promise<Driver>,
  onWarning: ((message: string) => void) | undefined,
): Promise<{ model: SchemaModel; rowCounts: RowEstimate[] | null; history: HistoryRow[] | null }> {
  const controlSchema = project.config.controlSchema;
  switch (spec.kind) {
    case 'database': {
      const own = spec.url === project.databaseUrl;
      const db = own ? await projectDb() : await openDriver(spec.url, project.root, { readOnly: project.readOnly });
      try {
        const model = await introspect(db, { controlSchema, ...readPolicy(project, onWarning) });
        const files = await migrationFiles(project.migrationsDir, project.root);
        return { model, rowCounts: await readRowEstimates(db, model.tables), history: await readHistory(db, controlSchema, files) };
      } finally {
        if (!own) await db.close();
      }
    }
    case 'migrations': {
      const model = await loadSource(spec, project, { onWarning });
      return { model, rowCounts: null, history: await historyFromFiles(await readMigrationDir(spec.path, project.root)) };
    }
    case 'dir':
    case 'reference':
      return { model: await loadSource(spec, project, { onWarning }), rowCounts: null, history: null };
    default: {
      const never: never = spec;
      throw new Error(`unknown source ${JSON.stringify(never)}`);
    }
  }
}

/** A project documented from its database may have no migrations directory; that is no error here. */
async function migrationFiles(dir: string, root: string): Promise<MigrationFile[]> {
  try {
    return await readMigrationDir(dir, root);
  } catch (error) {
    if (error instanceof UsageError) return [];
    throw error;
  }
}
