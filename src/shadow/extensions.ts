import { contribExtensionNames } from '../driver/pglite/package.js';

/**
 * explainShadowError adds, to PostgreSQL's "extension … is not available", that the shadow is
 * PGlite and which extensions it does provide — the usual reason a schema loads on the server but
 * not in a shadow. A shadow on a dev database server (`kind` 'postgres') keeps the server's message.
 */
export function explainShadowError(message: string, kind: 'pglite' | 'postgres' = 'pglite'): string {
  // A dev database server's own message is the whole story: it lacks what production may have.
  if (kind === 'postgres') return message;
  const missing = /extension "([^"]+)" is not available/.exec(message)?.[1];
  if (!missing) return message;
  const available = contribExtensionNames().map((n) => n.replace(/_/g, '-'));
  return `${message}: the shadow database (PGlite) does not provide extension "${missing}"; it provides ${available.join(', ')}`;
}
