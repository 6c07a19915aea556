import { definedNames } from '../facts.js';
import type { Rule } from '../types.js';

const NAMEDATALEN = 63;

/** mayBeTruncated: 60 to 63 bytes long, tested without encoding every string. */
function mayBeTruncated(value: string): boolean {
  // Bytes ≥ UTF-16 units, and at most 3 bytes per unit: 60 bytes need 20 to 63 units.
  if (value.length < 20 || value.length > NAMEDATALEN) return false;
  if (value.length < NAMEDATALEN - 3) {
    let wide = false;
    for (let i = 0; i < value.length && !wide; i++) wide = value.charCodeAt(i) > 0x7f;
    if (!wide) return false;
  }
  const bytes = Buffer.byteLength(value);
  return bytes >= NAMEDATALEN - 3 && bytes <= NAMEDATALEN;
}

function unquote(token: string): string {
  return token.startsWith('"') ? token.slice(1, -1).replaceAll('""', '"') : token.toLowerCase();
}

/**
 * identifier-too-long: PostgreSQL truncates names longer than 63 bytes with only a notice, so the
 * object gets a different name than the code uses (and two long names may become one). Checked
 * where names are defined — tables, columns, indexes, constraints, types …. The parse tree holds
 * the truncated name, so the statement's own tokens (libpg-query's scanner) give the original.
 */
const rule: Rule = {
  id: 'identifier-too-long',
  doc: 'A name the migration defines (table, column, index, constraint …) is longer than 63 bytes; PostgreSQL silently truncates it.',
  defaultSeverity: 'error',
  hint: 'Shorten the name to at most 63 bytes, so the object is called what the code calls it.',
  squawk: ['identifier-too-long'],
  check: {
    statement(statement, ctx) {
      // Cheap filter first: the parse tree holds a truncated name as one of 60 to 63 bytes
      // (fewer than 63 when the cut fell inside a multi-byte character).
      if (!definedNames(statement).some((defined) => mayBeTruncated(defined.name))) return;
      for (const token of ctx.tokens(statement)) {
        if (token.tokenName !== 'IDENT') continue;
        const name = unquote(token.text);
        const bytes = Buffer.byteLength(name);
        if (bytes <= NAMEDATALEN) continue;
        ctx.report(`identifier "${name}" is ${bytes} bytes; PostgreSQL truncates it to 63 bytes`, token.location);
      }
    },
  },
};
export default rule;
