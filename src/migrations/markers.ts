/**
 * Reading one comment as a section marker. The comments come from PostgreSQL's scanner (see
 * sections.ts), so a `--` inside a string literal never gets here; this module only decides what
 * a comment's text says. A marker is exactly `-- migrate:up` or `-- migrate:down` (dbmate's
 * format, optionally `transaction:false`). A comment that looks like one but is not — other case,
 * spacing, punctuation, a typo, another tool's form, a marker inside a block comment — is reported
 * as a near miss, because ignoring it would run one section's SQL as part of another.
 */

/** MarkerReading is what one comment says about sections. */
export type MarkerReading =
  | { readonly kind: 'none' }
  | { readonly kind: 'marker'; readonly direction: 'up' | 'down'; readonly options: string }
  | { readonly kind: 'near-miss'; readonly reason: string; /** UTF-16 index of the offending line within the comment. */ readonly at: number };

const EXACT = /^--[ \t]*migrate:(up|down)(?=[ \t]|$)(.*)$/;
// Other migration tools' markers (sql-migrate, goose): `-- +migrate Down`, `-- +goose Up`.
const FOREIGN = /^\+\s*(migrate|goose)\b/i;
// dbmate's colon form with anything around or after the colon: `migrate : down`, `Migrate:UP`.
const COLON_FORM = /^([a-z]+)\s*:\s*([a-z]*)/i;
const TARGETS = ['migrateup', 'migratedown', 'gooseup', 'goosedown'];
// Words that may follow a marker-like head without making the comment prose.
const OPTION_WORDS = new Set(['transaction', 'false', 'true', 'no', 'notransaction']);

const EXPECTED = 'markers are written exactly "-- migrate:up" or "-- migrate:down", on a line of their own';

/**
 * readMarkerComment classifies a comment token's text (`-- …` or `/* … *\/`).
 *
 * @example readMarkerComment('-- migrate:down') // { kind: 'marker', direction: 'down', options: '' }
 * @example readMarkerComment('-- Migrate:Down').kind // 'near-miss'
 */
export function readMarkerComment(comment: string): MarkerReading {
  if (comment.startsWith('/*')) return readBlockComment(comment);
  const exact = EXACT.exec(comment);
  if (exact) return { kind: 'marker', direction: exact[1] as 'up' | 'down', options: exact[2]!.trim() };
  const body = comment.replace(/^-+/, '');
  const shape = markerShape(body);
  if (!shape) return { kind: 'none' };
  return { kind: 'near-miss', reason: `"${comment.trim()}" looks like a ${shape} but is not one; ${EXPECTED}`, at: 0 };
}

function readBlockComment(comment: string): MarkerReading {
  const inner = comment.slice(2, comment.endsWith('*/') ? -2 : undefined);
  let at = 2;
  for (const line of inner.split('\n')) {
    const body = line.replace(/^[\s*]*/, '').replace(/^-+/, '');
    const shape = EXACT.test(`--${body.trimEnd()}`) ? 'section marker' : markerShape(body);
    if (shape) {
      return { kind: 'near-miss', reason: `a ${shape} inside a /* */ comment is not read as one; ${EXPECTED}`, at: at + line.length - line.trimStart().length };
    }
    at += line.length + 1;
  }
  return { kind: 'none' };
}

/** markerShape names what a comment body (the text after its dashes) imitates, or returns undefined. */
function markerShape(body: string): string | undefined {
  const text = body.trim();
  const foreign = FOREIGN.exec(text);
  if (foreign) return `${foreign[1]!.toLowerCase() === 'goose' ? 'goose' : 'sql-migrate'} marker`;
  const colon = COLON_FORM.exec(text);
  if (colon && editDistance(colon[1]!.toLowerCase(), 'migrate') <= 2) return 'section marker';
  const words = text.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  for (const headLength of [1, 2]) {
    if (words.length < headLength) break;
    const head = words.slice(0, headLength).join('');
    const rest = words.slice(headLength);
    if (TARGETS.some((t) => editDistance(head, t) <= 2) && rest.every((w) => OPTION_WORDS.has(w))) return 'section marker';
  }
  return undefined;
}

/** editDistance is the Levenshtein distance of two short strings. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
