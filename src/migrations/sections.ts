import { MigrationFileError } from '../errors.js';
import { loadParser } from '../parser/parser.js';
import { codePointToIndex, lineColumnAt, utf8ToIndex } from '../parser/text-position.js';
import { readMarkerComment } from './markers.js';

/**
 * A migration's text is split into sections by marker lines, in dbmate's format:
 * `-- migrate:up [transaction:false]` and `-- migrate:down [transaction:false]`. A file with no
 * marker is up-only (Supabase's format). Comments are found by PostgreSQL's own scanner, so a
 * `-- migrate:down` inside a string literal or a dollar-quoted body is SQL, not a marker; each
 * comment is then read by markers.ts, which refuses anything that merely resembles a marker.
 */

/** Section is the SQL of one direction, with where it starts in the file. */
export interface Section {
  readonly sql: string;
  /** UTF-16 index of the section's first character in the file text. */
  readonly offset: number;
  /** False when the marker says `transaction:false`. */
  readonly transactional: boolean;
}

/** MigrationSections holds a file's up section and, when present, its down section. */
export interface MigrationSections {
  readonly up: Section;
  readonly down: Section | undefined;
  /**
   * The migration's description: the comment lines directly above `-- migrate:up` (no blank line
   * between), joined into one line; `-- tidemark:` directives are not part of it.
   */
  readonly description: string | undefined;
}

interface Marker {
  readonly direction: 'up' | 'down';
  readonly transactional: boolean;
  /** Index of the start of the marker's line, and of the line after it. */
  readonly lineStart: number;
  readonly bodyStart: number;
}

interface Token {
  readonly start: number;
  readonly end: number;
  readonly comment: boolean;
}

/**
 * parseSections splits a migration file's text into its sections. `file` is only for messages.
 * Throws {@link MigrationFileError} (`file:line:col`) for a malformed marker, a near miss, SQL
 * outside any section, or text the scanner cannot read (an unterminated quote or comment would
 * otherwise swallow the next section).
 */
export async function parseSections(text: string, file: string): Promise<MigrationSections> {
  const fail = (index: number, message: string): never => {
    const { line, column } = lineColumnAt(text, index);
    throw new MigrationFileError(`${file}:${line}:${column}: ${message}`);
  };
  const tokens = await scan(text, fail);
  const markers: Marker[] = [];
  let firstSql: number | undefined;
  // The run of comments that ends on the line above the current token: a description candidate.
  let run: Token[] = [];
  let description: string | undefined;
  for (const token of tokens) {
    if (!token.comment) {
      firstSql ??= token.start;
      run = [];
      continue;
    }
    const reading = readMarkerComment(text.slice(token.start, token.end));
    if (reading.kind === 'none') {
      run = run.length > 0 && lineBreaksBetween(text, run.at(-1)!.end, token.start) <= 1 ? [...run, token] : [token];
      continue;
    }
    if (reading.kind === 'near-miss') fail(token.start + reading.at, reading.reason);
    if (reading.kind !== 'marker') continue;
    const { direction } = reading;
    const lineStart = text.lastIndexOf('\n', token.start - 1) + 1;
    if (text.slice(lineStart, token.start).trim() !== '') {
      fail(token.start, `"-- migrate:${direction}" after SQL on the same line; a marker must stand on a line of its own`);
    }
    let transactional = true;
    for (const option of reading.options.split(/\s+/).filter(Boolean)) {
      if (option === 'transaction:false') transactional = false;
      else if (option === 'transaction:true') transactional = true;
      else fail(token.start, `unknown option "${option}" on migrate:${direction} (expected transaction:false)`);
    }
    if (markers.some((m) => m.direction === direction)) fail(token.start, `second "-- migrate:${direction}" marker`);
    if (firstSql !== undefined && markers.length === 0) fail(firstSql, 'SQL before the first "-- migrate:" marker belongs to no section');
    if (direction === 'up' && run.length > 0 && lineBreaksBetween(text, run.at(-1)!.end, token.start) === 1) {
      description = describe(run.map((t) => text.slice(t.start, t.end)));
    }
    run = [];
    const newline = text.indexOf('\n', token.end);
    markers.push({ direction, transactional, lineStart, bodyStart: newline === -1 ? text.length : newline + 1 });
  }

  if (markers.length === 0) return { up: { sql: text, offset: 0, transactional: true }, down: undefined, description: undefined };
  const up = markers.find((m) => m.direction === 'up');
  if (!up) fail(markers[0]!.lineStart, '"-- migrate:down" without a "-- migrate:up" section');
  const sectionOf = (marker: Marker): Section => {
    const next = markers.find((m) => m.lineStart > marker.lineStart);
    const end = next ? next.lineStart : text.length;
    return { sql: text.slice(marker.bodyStart, end), offset: marker.bodyStart, transactional: marker.transactional };
  };
  const down = markers.find((m) => m.direction === 'down');
  return { up: sectionOf(up!), down: down ? sectionOf(down) : undefined, description };
}

/** lineBreaksBetween counts the newlines in text[from, to) (a `--` comment's own newline is outside its token). */
function lineBreaksBetween(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** describe joins comment texts into one line, leaving out `-- tidemark:` directives (squash baselines). */
function describe(comments: readonly string[]): string | undefined {
  const lines = comments
    .filter((c) => !/^--\s*tidemark:/.test(c))
    .map((c) => (c.startsWith('/*') ? c.replace(/^\/\*+|\*+\/$/g, '') : c.replace(/^-+\s?/, '')).replace(/^\s*\*\s?/gm, ''));
  const text = lines.join(' ').replace(/\s+/g, ' ').trim();
  return text === '' ? undefined : text;
}

/** scan returns the file's tokens with UTF-16 positions, comments flagged. */
async function scan(text: string, fail: (index: number, message: string) => never): Promise<Token[]> {
  const parser = await loadParser();
  let tokens: ReturnType<typeof parser.scanSync>['tokens'];
  try {
    tokens = parser.scanSync(text).tokens;
  } catch {
    // The scanner's error carries no position; the parser runs the same scanner and has one.
    try {
      parser.parseSync(text);
    } catch (error) {
      const details = (error as { sqlDetails?: { cursorPosition?: number } }).sqlDetails;
      const message = error instanceof Error ? error.message : String(error);
      // "at or near" quotes the rest of the file after an unterminated literal: keep one line.
      const [first] = message.split('\n');
      fail(codePointToIndex(text, details?.cursorPosition ?? 0), first === message ? message : `${first}…"`);
    }
    fail(0, 'the scanner cannot read this file');
  }
  const toIndex = utf8ToIndex(text);
  return tokens!.map((t) => ({
    start: toIndex(t.start),
    end: toIndex(t.end),
    comment: t.tokenName === 'SQL_COMMENT' || t.tokenName === 'C_COMMENT',
  }));
}
