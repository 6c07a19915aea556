import { codePointToIndex, utf8ToIndex } from './text-position.js';

/**
 * The one wrapper around libpg-query, PostgreSQL's own parser compiled to WebAssembly. It is
 * loaded on first use only, so commands that never parse SQL (status, --version) never pay for it.
 */

type LibPgQuery = typeof import('libpg-query');
let loading: Promise<LibPgQuery> | undefined;

/** loadParser imports and initializes libpg-query once per process. */
export function loadParser(): Promise<LibPgQuery> {
  loading ??= import('libpg-query').then(async (module) => {
    await module.loadModule();
    return module;
  });
  return loading;
}

/** ParsedStatement is one top-level statement of a script, with its place in the script. */
/** StatementSpan is where one statement of a script is, and its text. */
export interface StatementSpan {
  /** The parse node's type, e.g. `CreateStmt`, `IndexStmt`, `TransactionStmt`. */
  readonly nodeType: string;
  /** UTF-16 index of the statement's first token in the script. */
  readonly start: number;
  /** UTF-16 index just past the statement's last token (before its semicolon). */
  readonly end: number;
  /** The statement's text, without the terminating semicolon. */
  readonly text: string;
}

/** ParsedStatement is a statement with its parse tree. */
export interface ParsedStatement extends StatementSpan {
  /** The parse node itself (libpg-query's JSON). */
  readonly node: Record<string, unknown>;
}

/** SqlSyntaxError is a parse failure at a UTF-16 index of the script. */
export class SqlSyntaxError extends Error {
  readonly index: number;

  constructor(message: string, index: number) {
    super(message);
    this.name = 'SqlSyntaxError';
    this.index = index;
  }
}

/**
 * splitStatements parses a script with PostgreSQL's grammar and returns its statements in order.
 * Comments and empty statements produce nothing. Throws {@link SqlSyntaxError} on invalid SQL.
 *
 * @example (await splitStatements('create table a (x int); select 1')).map(s => s.nodeType) // ['CreateStmt', 'SelectStmt']
 */
export async function splitStatements(sql: string): Promise<ParsedStatement[]> {
  // libpg-query refuses an empty string ("Query cannot be empty"), which is an empty section at
  // the end of a file (`-- migrate:down` on its last line): no statements, like a blank one.
  if (sql === '') return [];
  const parser = await loadParser();
  let result: ReturnType<LibPgQuery['parseSync']>;
  try {
    result = parser.parseSync(sql);
  } catch (error) {
    const details = (error as { sqlDetails?: { cursorPosition?: number } }).sqlDetails;
    const message = error instanceof Error ? error.message : String(error);
    // libpg-query's cursor is a 0-based code-point offset.
    throw new SqlSyntaxError(message, codePointToIndex(sql, details?.cursorPosition ?? 0));
  }
  const toIndex = utf8ToIndex(sql);
  const totalBytes = Buffer.byteLength(sql, 'utf8');
  return (result.stmts ?? []).map((raw) => {
    const startByte = raw.stmt_location ?? 0;
    const endByte = raw.stmt_len ? startByte + raw.stmt_len : totalBytes;
    const start = toIndex(startByte);
    const end = toIndex(endByte);
    const node = (raw.stmt ?? {}) as Record<string, unknown>;
    const nodeType = Object.keys(node)[0] ?? 'Unknown';
    return { nodeType, node: (node[nodeType] ?? {}) as Record<string, unknown>, start, end, text: sql.slice(start, end).trimEnd() };
  });
}
