/**
 * Offsets in Tidemark are UTF-16 indexes into JavaScript strings. libpg-query reports statement
 * boundaries in UTF-8 bytes and PostgreSQL reports error positions in code points; these helpers
 * convert both, and turn an index into the 1-based line and column a user sees.
 */

/** LineColumn is a 1-based position in a text. */
export interface LineColumn {
  readonly line: number;
  readonly column: number;
}

/** lineColumnAt converts a UTF-16 index into a 1-based line and column (columns count code points). */
export function lineColumnAt(text: string, index: number): LineColumn {
  const clamped = Math.max(0, Math.min(index, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < clamped; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: [...text.slice(lineStart, clamped)].length + 1 };
}

/**
 * utf8ToIndex returns a converter from UTF-8 byte offsets to UTF-16 indexes for `text`. Pure
 * ASCII, the common case, converts by identity without building anything.
 */
export function utf8ToIndex(text: string): (byteOffset: number) => number {
  if (Buffer.byteLength(text, 'utf8') === text.length) return (offset) => offset;
  const byteStarts: number[] = [];
  const indexes: number[] = [];
  let bytes = 0;
  let index = 0;
  for (const char of text) {
    byteStarts.push(bytes);
    indexes.push(index);
    bytes += Buffer.byteLength(char, 'utf8');
    index += char.length;
  }
  return (offset) => {
    let lo = 0;
    let hi = byteStarts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (byteStarts[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo < indexes.length ? indexes[lo]! : text.length;
  };
}

/** codePointToIndex converts a 0-based code-point offset into a UTF-16 index of `text`. */
export function codePointToIndex(text: string, codePoints: number): number {
  let index = 0;
  let seen = 0;
  for (const char of text) {
    if (seen === codePoints) break;
    index += char.length;
    seen++;
  }
  return index;
}
