import type { SchemaModel } from '../model/types.js';
import { renderTypes } from './render.js';
import { readExisting, STDOUT_PATH, writeOutput } from '../project/output-file.js';
import { UsageError } from '../errors.js';
import { renderSupabaseTypes } from './supabase-render.js';
import type { TypesOptions } from './type-map.js';

/**
 * GeneratedFileStatus says what {@link generateTypes} found or did: it `written` a new or changed
 * file, or found it `unchanged`; with `check`, it writes nothing and reports `stale` (the file
 * differs) or `missing`.
 */
export type GeneratedFileStatus = 'written' | 'unchanged' | 'stale' | 'missing';

/** GenerateTypesOptions: the output file, check-only mode, and how driver-dependent values are typed. */
export interface GenerateTypesOptions extends Partial<TypesOptions> {
  /** The file to write; `-` renders for standard output: the result then carries `text` and nothing is written. */
  readonly out: string;
  /** Compare only; never write. */
  readonly check?: boolean | undefined;
  /**
   * `tidemark` (default): Row/Insert/Update interfaces, enums, `Database` and Kysely's `DB`, typed
   * as node-postgres returns values. `supabase`: the `Database` shape `supabase gen types
   * typescript` emits, typed as PostgREST returns values (see supabase-render.ts).
   */
  readonly format?: TypesFormat | undefined;
}

import type { TypesFormat } from './formats.js';

/** The layouts `tidemark types` writes. */
export { TYPES_FORMATS, type TypesFormat } from './formats.js';

/** GenerateTypesResult is JSON-serializable as is. */
export interface GenerateTypesResult {
  readonly file: string;
  readonly status: GeneratedFileStatus;
  readonly tables: number;
  readonly views: number;
  readonly enums: number;
  /** The rendered file, only with `out: '-'` (the caller prints it). */
  readonly text?: string;
}

/**
 * generateTypes renders `model` as TypeScript and writes it to `out` — only when the text
 * changed, so an unchanged schema leaves the file's timestamp alone — or, with `check`, reports
 * whether the file is current.
 *
 * @example const { status } = await generateTypes(await tm.model('migrations:migrations'), { out: 'src/db/types.ts', check: true });
 */
export async function generateTypes(model: SchemaModel, options: GenerateTypesOptions): Promise<GenerateTypesResult> {
  const text = options.format === 'supabase' ? await renderSupabaseTypes(model) : await renderTypes(model, { bigint: options.bigint, timestamp: options.timestamp });
  const counts = {
    tables: model.tables.filter((t) => t.partitionOf === null).length,
    views: model.views.length,
    enums: model.enums.length,
  };
  if (options.out === STDOUT_PATH) {
    if (options.check) throw new UsageError('--check compares a file: it cannot be combined with --out -');
    return { file: STDOUT_PATH, status: 'written', ...counts, text };
  }
  const current = await readExisting(options.out);
  let status: GeneratedFileStatus;
  if (current === text) status = 'unchanged';
  else if (options.check) status = current === undefined ? 'missing' : 'stale';
  else {
    await writeOutput(options.out, text);
    status = 'written';
  }
  return { file: options.out, status, ...counts };
}
