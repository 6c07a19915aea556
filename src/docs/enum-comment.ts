/**
 * PostgreSQL has no comments on enum values, yet a reference document describes each value. The
 * convention (the example project's): the type's comment is `<summary>: <value> = <text>; …`,
 * e.g. `Role of a user within a tenant: owner = Full administrative access; member = Standard
 * member access`. A comment that does not describe exactly the type's values in this form is
 * a plain summary.
 */

/** EnumComment is a type comment split into its summary and per-value descriptions. */
export interface EnumComment {
  readonly summary: string | null;
  readonly values: ReadonlyMap<string, string>;
}

/** splitEnumComment reads the convention; values it does not describe get no description. */
export function splitEnumComment(comment: string | null, values: readonly string[]): EnumComment {
  if (comment === null) return { summary: null, values: new Map() };
  const colon = comment.indexOf(': ');
  if (colon !== -1) {
    const parts = comment.slice(colon + 2).split('; ');
    const described = new Map<string, string>();
    for (const part of parts) {
      const eq = part.indexOf(' = ');
      if (eq === -1) break;
      described.set(part.slice(0, eq), part.slice(eq + 3));
    }
    const exact = described.size === parts.length && [...described.keys()].every((v) => values.includes(v));
    if (exact && described.size > 0) return { summary: comment.slice(0, colon) || null, values: described };
  }
  return { summary: comment, values: new Map() };
}

/** joinEnumComment writes the convention back; null when there is nothing to say. */
export function joinEnumComment(summary: string | null, values: readonly (readonly [string, string])[]): string | null {
  const described = values.filter(([, text]) => text !== '');
  if (described.length === 0) return summary;
  return `${summary ?? ''}: ${described.map(([value, text]) => `${value} = ${text}`).join('; ')}`;
}
