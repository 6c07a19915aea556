import type { loadParser } from './parser.js';

type LibPgQuery = Awaited<ReturnType<typeof loadParser>>;

// The scanner reports single-character tokens by their character code.
const OPEN = 40;
const CLOSE = 41;

/**
 * unwrapParens removes one pair of parentheses that encloses all of `text`, as PostgreSQL's
 * scanner sees it (parentheses inside literals and quoted names do not count); otherwise it returns
 * `text` unchanged.
 *
 * @example unwrapParens(parser, "(a > 0)") // 'a > 0'; unwrapParens(parser, '(a) + (b)') // unchanged
 */
export function unwrapParens(parser: LibPgQuery, text: string): string {
  let tokens: ReturnType<LibPgQuery['scanSync']>['tokens'];
  if (text.trim() === '') return text;
  try {
    tokens = parser.scanSync(text).tokens;
  } catch {
    return text;
  }
  if (tokens[0]?.tokenType !== OPEN || tokens.at(-1)?.tokenType !== CLOSE) return text;
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const type = tokens[i]!.tokenType;
    if (type === OPEN) depth++;
    else if (type === CLOSE && --depth === 0 && i < tokens.length - 1) return text;
  }
  const bytes = Buffer.from(text, 'utf8');
  return bytes.subarray(tokens[0]!.end, tokens.at(-1)!.start).toString('utf8').trim();
}
