import { MigrationFileError } from '../errors.js';

/**
 * A migration's text is split into sections by marker lines, in dbmate's format:
 * `-- migrate:up [transaction:false]` and `-- migrate:down [transaction:false]`. A file with no
 * marker is up-only (Supabase's format). Markers are recognized only as whole comment lines, so
 * they are found without parsing SQL; everything between markers is SQL for the real parser.
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
}

const MARKER = /^--\s*migrate:(\w+)(.*)$/;

/** parseSections splits a migration file's text into its sections. `file` is only for messages. */
export function parseSections(text: string, file: string): MigrationSections {
  const markers: { direction: 'up' | 'down'; transactional: boolean; lineStart: number; bodyStart: number; line: number }[] = [];
  let lineStart = 0;
  let lineNo = 1;
  while (lineStart <= text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    const line = text.slice(lineStart, lineEnd).trim();
    const match = MARKER.exec(line);
    if (match) {
      const direction = match[1];
      if (direction !== 'up' && direction !== 'down') {
        throw new MigrationFileError(`${file}:${lineNo}:1: unknown marker "-- migrate:${direction}" (expected migrate:up or migrate:down)`);
      }
      let transactional = true;
      for (const option of (match[2] ?? '').trim().split(/\s+/).filter(Boolean)) {
        if (option === 'transaction:false') transactional = false;
        else if (option === 'transaction:true') transactional = true;
        else throw new MigrationFileError(`${file}:${lineNo}:1: unknown option "${option}" on migrate:${direction} (expected transaction:false)`);
      }
      if (markers.some((m) => m.direction === direction)) {
        throw new MigrationFileError(`${file}:${lineNo}:1: second "-- migrate:${direction}" marker`);
      }
      markers.push({ direction, transactional, lineStart, bodyStart: newline === -1 ? text.length : newline + 1, line: lineNo });
    }
    if (newline === -1) break;
    lineStart = newline + 1;
    lineNo++;
  }

  if (markers.length === 0) return { up: { sql: text, offset: 0, transactional: true }, down: undefined };

  const up = markers.find((m) => m.direction === 'up');
  if (!up) throw new MigrationFileError(`${file}:${markers[0]!.line}:1: "-- migrate:down" without a "-- migrate:up" section`);
  const first = markers[0]!;
  const preamble = text.slice(0, first.lineStart);
  const strayLine = preamble.split('\n').findIndex((l) => l.trim() !== '' && !l.trim().startsWith('--'));
  if (strayLine !== -1) {
    throw new MigrationFileError(`${file}:${strayLine + 1}:1: SQL before the first "-- migrate:" marker belongs to no section`);
  }
  const sectionOf = (marker: (typeof markers)[number]): Section => {
    const next = markers.find((m) => m.lineStart > marker.lineStart);
    const end = next ? next.lineStart : text.length;
    return { sql: text.slice(marker.bodyStart, end), offset: marker.bodyStart, transactional: marker.transactional };
  };
  const down = markers.find((m) => m.direction === 'down');
  return { up: sectionOf(up), down: down ? sectionOf(down) : undefined };
}
