import { loadParser } from '../parser/parser.js';
import { utf8ToIndex } from '../parser/text-position.js';

/**
 * Inline escapes: `-- tidemark-lint-disable-next-line rule-a, rule-b -- reason` (or the same in a
 * block comment) silences those rules on the next line, and on the whole statement that starts on
 * that line; without rule names it silences every rule there. Comments are found with libpg-query's
 * scanner, so text inside strings or dollar-quoted bodies never counts as a directive.
 */

/** DIRECTIVE is the comment keyword. */
export const DIRECTIVE = 'tidemark-lint-disable-next-line';

/** Directive is one disable comment. */
export interface Directive {
  /** UTF-16 index of the comment in the file text. */
  readonly index: number;
  /** 1-based line the directive applies to (the one after the comment's last line). */
  readonly targetLine: number;
  /** Rule ids named, or 'all' when none is. */
  readonly rules: readonly string[] | 'all';
}

interface Segment {
  readonly text: string;
  readonly offset: number;
}

function commentBody(token: string): string {
  if (token.startsWith('--')) return token.slice(2);
  return token.replace(/^\/\*/, '').replace(/\*\/$/, '');
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * findDirectives returns the disable directives of a migration file. `segments` are the parts to
 * scan when the whole text cannot be scanned (an unterminated string in one section must not
 * hide the directives of the others): normally the file's sections.
 *
 * @example await findDirectives('-- tidemark-lint-disable-next-line ban-drop-table\ndrop table t;', [])
 */
export async function findDirectives(text: string, segments: readonly Segment[]): Promise<Directive[]> {
  if (!text.includes(DIRECTIVE)) return [];
  const parser = await loadParser();
  const scan = (segment: Segment): { text: string; start: number; end: number }[] => {
    const toIndex = utf8ToIndex(segment.text);
    return parser.scanSync(segment.text).tokens
      .filter((t) => t.tokenName === 'SQL_COMMENT' || t.tokenName === 'C_COMMENT')
      .map((t) => ({ text: t.text, start: segment.offset + toIndex(t.start), end: segment.offset + toIndex(t.end) }));
  };
  let comments: { text: string; start: number; end: number }[];
  try {
    comments = scan({ text, offset: 0 });
  } catch {
    comments = [];
    for (const segment of segments) {
      try {
        comments.push(...scan(segment));
      } catch {
        // This segment does not scan (its syntax error is reported as a finding); its
        // directives cannot be told from string contents, so none are taken from it.
      }
    }
  }
  const directives: Directive[] = [];
  for (const comment of comments) {
    const body = commentBody(comment.text).trim();
    if (!body.startsWith(DIRECTIVE)) continue;
    const rest = body.slice(DIRECTIVE.length);
    // "tidemark-lint-disable-next-lineX" is another word, not this directive.
    if (rest !== '' && !/^\s/.test(rest)) continue;
    // "-- tidemark-lint-disable-next-line rule-a -- why" : the reason after " -- " is for people.
    const names = rest.split(' -- ')[0]!.split(/[\s,]+/).filter((n) => n !== '');
    directives.push({ index: comment.start, targetLine: lineAt(text, comment.end) + 1, rules: names.length ? names : 'all' });
  }
  return directives;
}
