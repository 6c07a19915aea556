import { someString } from '../ast.js';
import type { Rule } from '../types.js';

const NAMEDATALEN = 63;

function unquote(token: string): string {
  return token.startsWith('"') ? token.slice(1, -1).replaceAll('""', '"') : token.toLowerCase();
}

/**
 * identifier-too-long: PostgreSQL truncates names longer than 63 bytes with only a notice, so the
 * object gets a different name than the code uses. The parse tree already holds the truncated
 * name, so the statement's own tokens (libpg-query's scanner) are read for the original.
 */
const rule: Rule = {
  id: 'identifier-too-long',
  doc: 'An identifier is longer than 63 bytes; PostgreSQL silently truncates it.',
  defaultSeverity: 'error',
  hint: 'Shorten the name to at most 63 bytes, so the object is called what the code calls it.',
  squawk: ['identifier-too-long'],
  check: {
    statement(statement, ctx) {
      // Cheap filter first: the parse tree holds a truncated name as one of 60 to 63 bytes
      // (fewer than 63 when the cut fell inside a multi-byte character).
      const truncated = (value: string) => value.length >= 15 && value.length <= NAMEDATALEN && Buffer.byteLength(value) >= NAMEDATALEN - 3 && Buffer.byteLength(value) <= NAMEDATALEN;
      if (!someString(statement.node, truncated)) return;
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
