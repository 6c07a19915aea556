import { MigrationFileError, MigrationStateError } from '../errors.js';
import { SqlSyntaxError, splitStatements, type ParsedStatement, type StatementSpan } from '../parser/parser.js';
import { lineColumnAt } from '../parser/text-position.js';
import type { MigrationFile } from './files.js';
import { ELAPSED_MS_SQL, type HistoryStore } from './history.js';
import { loadMigrationFunction, type MigrationFunction } from './modules.js';
import type { ParseCache } from './parse-cache.js';
import type { Section } from './sections.js';

/** Direction of a step: apply (`up`) or revert (`down`). */
export type Direction = 'up' | 'down';

/** Timeouts applied around each migration, in milliseconds (0: no limit). */
export interface StepTimeouts {
  readonly lockTimeoutMs: number;
  readonly statementTimeoutMs: number;
}

/**
 * Step is one migration in one direction, ready to run: its SQL is parsed (so syntax errors are
 * reported before anything runs) and, for transactional SQL, already assembled into the single
 * script that applies it and records it in one round trip.
 */
export type Step =
  | {
      readonly kind: 'sql-transactional';
      readonly direction: Direction;
      readonly file: MigrationFile;
      readonly section: Section;
      /** Where each statement is (for errors); a parse cache may have supplied them without a parse tree. */
      readonly statements: readonly StatementSpan[];
      /** The whole script: BEGIN, timeouts, the section, the history record, COMMIT. */
      readonly script: string;
      /** Length of the script before the section, and how many statements it holds. */
      readonly prefixLength: number;
      readonly prefixStatements: number;
    }
  | {
      readonly kind: 'sql-autocommit';
      readonly direction: Direction;
      readonly file: MigrationFile;
      readonly section: Section;
      readonly statements: readonly ParsedStatement[];
    }
  | {
      readonly kind: 'module';
      readonly direction: Direction;
      readonly file: MigrationFile;
      /** The exported up/down, compiled and imported when the step is prepared. */
      readonly fn: MigrationFunction;
    };

// SAVEPOINT and friends are harmless inside our transaction; these end or open one.
const TRANSACTION_BREAKERS = new Set(['TRANS_STMT_BEGIN', 'TRANS_STMT_START', 'TRANS_STMT_COMMIT', 'TRANS_STMT_ROLLBACK', 'TRANS_STMT_PREPARE', 'TRANS_STMT_COMMIT_PREPARED', 'TRANS_STMT_ROLLBACK_PREPARED']);

/** fileLocation renders `file:line:col` for an index of a file's text. */
export function fileLocation(file: MigrationFile, index: number): { file: string; line: number; column: number } {
  const { line, column } = lineColumnAt(file.text, index);
  return { file: file.displayPath, line, column };
}

// A fleet prepares the same section once per tenant: parse it once (keyed by the Section object,
// so a changed file, which is a new object, is parsed again).
const parsedSections = new WeakMap<Section, ParsedStatement[]>();

export async function parseSection(file: MigrationFile, section: Section, direction: Direction): Promise<ParsedStatement[]> {
  const cached = parsedSections.get(section);
  if (cached) return cached;
  const statements = await parseSectionUncached(file, section, direction);
  parsedSections.set(section, statements);
  return statements;
}

async function parseSectionUncached(file: MigrationFile, section: Section, direction: Direction): Promise<ParsedStatement[]> {
  let statements: ParsedStatement[];
  try {
    statements = await splitStatements(section.sql);
  } catch (error) {
    if (error instanceof SqlSyntaxError) {
      const at = fileLocation(file, section.offset + error.index);
      throw new MigrationFileError(`${at.file}:${at.line}:${at.column}: ${error.message}`, { cause: error });
    }
    throw error;
  }
  for (const statement of statements) {
    if (statement.nodeType === 'TransactionStmt' && TRANSACTION_BREAKERS.has(String(statement.node['kind']))) {
      const at = fileLocation(file, section.offset + statement.start);
      throw new MigrationFileError(
        `${at.file}:${at.line}:${at.column}: "${statement.text.split(/\s/)[0]}" in a migration: Tidemark runs each ${direction} section in its own transaction (use "-- migrate:${direction} transaction:false" to run without one)`,
      );
    }
  }
  return statements;
}

/**
 * prepareStep parses a migration's section for `direction` and builds what runs it.
 * Throws MigrationFileError for SQL that does not parse, MigrationStateError when a revert has no
 * down section.
 */
export async function prepareStep(
  file: MigrationFile,
  direction: Direction,
  history: HistoryStore,
  appliedBy: string,
  timeouts: StepTimeouts,
  cache?: ParseCache,
): Promise<Step> {
  if (file.kind === 'ts') return { kind: 'module', direction, file, fn: await loadMigrationFunction(file, direction) };
  const section = direction === 'up' ? file.sections!.up : file.sections!.down;
  if (!section) {
    throw new MigrationStateError(`${file.displayPath} has no "-- migrate:down" section, so it cannot be reverted`);
  }
  // A transactional section runs as one script, so its statements' places are all it needs; an
  // autocommit section runs statement by statement and reads each one's parse tree.
  if (!section.transactional) return { kind: 'sql-autocommit', direction, file, section, statements: await parseSection(file, section, direction) };
  let statements = cache?.statements(file.checksum, direction, section);
  if (!statements) {
    statements = await parseSection(file, section, direction);
    cache?.keepStatements(file.checksum, direction, statements);
  }

  const prefix = `BEGIN;\nSET LOCAL lock_timeout = ${timeouts.lockTimeoutMs};\nSET LOCAL statement_timeout = ${timeouts.statementTimeoutMs};\n`;
  // The newline and semicolon end a last statement that lacks one, or a trailing "--" comment,
  // before the history record.
  const record = history.recordSql({
    action: direction,
    version: file.version,
    name: file.name,
    checksum: file.checksum,
    appliedBy,
    executionMsSql: ELAPSED_MS_SQL,
    squashes: file.squashes,
  });
  const script = `${prefix}${section.sql}\n;\n${record}\nCOMMIT;`;
  return { kind: 'sql-transactional', direction, file, section, statements, script, prefixLength: prefix.length, prefixStatements: 3 };
}
