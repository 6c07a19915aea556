/**
 * The SQL printer's quoting primitives: the only place in Tidemark where identifiers and literals
 * are turned into SQL text. Everything else builds SQL from these, never by pasting user strings.
 */

/** quoteIdent always double-quotes, which is valid for every identifier, reserved word or not. */
export function quoteIdent(name: string): string {
  if (name.includes('\0')) throw new Error('identifiers cannot contain NUL characters');
  return `"${name.replace(/"/g, '""')}"`;
}

/** quoteQualified quotes `schema.name` from its two parts. */
export function quoteQualified(schema: string, name: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

/**
 * quoteLiteral renders a string literal that means the same text whatever the server's
 * standard_conforming_strings setting is: backslashes switch to the E'' form, where they are escaped.
 */
export function quoteLiteral(value: string): string {
  if (value.includes('\0')) throw new Error('string literals cannot contain NUL characters');
  const body = value.replace(/'/g, "''");
  return value.includes('\\') ? `E'${body.replace(/\\/g, '\\\\')}'` : `'${body}'`;
}

/** literalOrNull renders a nullable value: strings and numbers as literals, null as NULL. */
export function literalOrNull(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return String(value);
  }
  return quoteLiteral(value);
}
