import fs from 'node:fs/promises';
import path from 'node:path';
import { introspect, type UnsupportedPolicy } from '../catalog/introspect.js';
import { ScriptError } from '../driver/driver.js';
import { ReferenceDocumentError } from '../errors.js';
import type { SchemaModel } from '../model/types.js';
import { withShadow, type ShadowOptions } from '../shadow/shadow.js';
import { referenceDdl, type LocatedStatement } from './ddl.js';
import type { Location } from './document.js';
import { codePointToIndex } from '../parser/text-position.js';
import { parseReference } from './parse.js';

/** LoadReferenceOptions: how to name the file in messages, the control schema to leave out, where the shadow comes from. */
export interface LoadReferenceOptions extends UnsupportedPolicy, ShadowOptions {
  /** Paths in messages are relative to this directory (default: the working directory). */
  readonly root?: string;
  readonly controlSchema?: string;
}

/**
 * loadReference reads a Markdown reference document into a {@link SchemaModel}: the document is
 * parsed (parse.ts), turned into DDL (ddl.ts), run in a shadow PGlite and introspected. So the
 * model is in PostgreSQL's own canonical forms, exactly comparable with an introspected database:
 * `DECIMAL(3,2)` becomes `numeric(3,2)`, `TIMESTAMPTZ` `timestamp with time zone`, a default
 * `'member'` `'member'::public.membership_role`, `x IN ('a', 'b')` `(x = ANY (ARRAY['a'::text, 'b'::text]))`,
 * and unnamed constraints get the names PostgreSQL gives them. A line PostgreSQL rejects is
 * reported as `file:line:col` of the document.
 *
 * The model holds what the format carries: tables, columns (type, nullability, default, comment),
 * constraints, indexes, row-level security, enums and extensions — not views, functions, triggers
 * or policies, which the document lists for people but does not define.
 *
 * @example const model = await loadReference('docs/DATABASE.md');
 */
export async function loadReference(file: string, options: LoadReferenceOptions = {}): Promise<SchemaModel> {
  const display = path.relative(options.root ?? process.cwd(), file) || file;
  const bytes = await fs.readFile(file).catch((error: NodeJS.ErrnoException) => {
    const reason = error.code === 'ENOENT' ? 'no such file' : error.code === 'EISDIR' ? 'is a directory, not a Markdown document' : error.message;
    throw new ReferenceDocumentError(`${display}: ${reason}`, { cause: error });
  });
  const text = decodeDocument(bytes, display);
  const statements = await referenceDdl(await parseReference(text, display));
  return withShadow(async (db) => {
    const script = statements.map((s) => `${s.sql};`).join('\n');
    try {
      await db.runScript(script);
    } catch (error) {
      if (!(error instanceof ScriptError)) throw error;
      const at = locate(statements, error, script);
      throw new ReferenceDocumentError(`${display}:${at.line}:${at.column}: ${error.fields.message}`, { cause: error });
    }
    return introspect(db, { controlSchema: options.controlSchema ?? 'tidemark', unsupported: options.unsupported, onWarning: options.onWarning });
  }, { devDatabase: options.devDatabase });
}

/** locate maps a failing statement, and PostgreSQL's error position within it, back to the document. */
function locate(statements: readonly LocatedStatement[], error: ScriptError, script: string): Location {
  const statement = statements[error.completedStatements];
  if (!statement) return { line: 1, column: 1 };
  if (error.fields.position === undefined || !statement.parts?.length) return statement.at;
  let start = 0;
  for (let i = 0; i < error.completedStatements; i++) start += statements[i]!.sql.length + 2;
  const offset = codePointToIndex(script, error.fields.position - 1) - start;
  const part = [...statement.parts].reverse().find((p) => p.offset <= offset);
  return part?.at ?? statement.at;
}

/**
 * decodeDocument refuses what is not text: a binary file decoded leniently has no tables in it and
 * would be compared as an empty reference, reporting every table as "not documented".
 */
function decodeDocument(bytes: Uint8Array, display: string): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw new ReferenceDocumentError(`${display}: not a Markdown document (not UTF-8 text)`, { cause: error });
  }
  if (text.includes('\u0000')) throw new ReferenceDocumentError(`${display}: not a Markdown document (binary data)`);
  return text;
}
