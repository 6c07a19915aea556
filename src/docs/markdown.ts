/**
 * Markdown building blocks of the reference document. Everything that comes from the database
 * (names, comments, SQL) passes through these, so that what a Markdown parser reads back is exactly
 * what the catalog said: the reference parser relies on it for its round trip.
 */

/**
 * escapeText escapes `text` for use as Markdown inline text, leaving it readable: only characters
 * that could start Markdown syntax are escaped (`_` only where it could open or close emphasis, not
 * inside words like `user_id`). With `blockStart`, also what would open a block at the start of a
 * line (`#`, `-`, `1.`); table cells and text after other text need not.
 *
 * @example escapeText('a*b_c |d') // 'a\\*b_c \\|d'
 */
export function escapeText(text: string, blockStart = true): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const prev = text[i - 1] ?? ' ';
    const next = text[i + 1] ?? ' ';
    const word = (c: string) => /[\p{L}\p{N}]/u.test(c);
    if ('\\`*|<>[]~'.includes(ch)) out += `\\${ch}`;
    else if (ch === '_' && !(word(prev) && word(next))) out += '\\_';
    else if (ch === '&' && /^&(#?[A-Za-z0-9]+);/.test(text.slice(i))) out += '\\&';
    else if (blockStart && i === 0 && '#+-=!'.includes(ch)) out += `\\${ch}`;
    else out += ch;
  }
  // A line that starts with digits and a dot or parenthesis would become an ordered list.
  return blockStart ? out.replace(/^(\d+)([.)])/, '$1\\$2') : out;
}

/**
 * inlineText renders possibly multi-line prose (a comment) as one line of inline Markdown:
 * line breaks become `<br>`, which the reference parser turns back into newlines.
 */
export function inlineText(text: string, blockStart = false): string {
  return text
    .split(/\r?\n/)
    .map((line, i) => escapeText(line, blockStart && i === 0))
    .join('<br>');
}

/**
 * paragraphText renders prose as Markdown paragraphs: each line escaped, blank lines kept, so a
 * multi-paragraph comment stays multi-paragraph.
 */
export function paragraphText(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => (line.trim() === '' ? '' : escapeText(line.trim())))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * code renders a code span that holds `text` verbatim, choosing a backtick fence longer than any
 * run inside it (CommonMark's rule). Inside tables, pipes must be escaped even in code spans.
 *
 * @example code('a`b') // '``a`b``'
 */
export function code(text: string, inTable = false): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const body = inTable ? text.replace(/\|/g, '\\|') : text;
  const pad = body.startsWith('`') || body.endsWith('`') || (body.startsWith(' ') && body.endsWith(' ') && body.trim() !== '') ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

/** cell renders a table cell's text (escaped; multi-line text joined with `<br>`). */
export function cell(text: string): string {
  return inlineText(text);
}

/**
 * table renders a GFM table with padded columns, as seed 000 lays them out. Cells must already be
 * Markdown (see {@link cell} and {@link code}).
 */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, 3, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

/** KEEP_START and KEEP_END delimit hand-written Markdown that regeneration preserves. */
export const KEEP_START = '<!-- tidemark:keep -->';
export const KEEP_END = '<!-- /tidemark:keep -->';
