import type { RangeVar } from 'libpg-query';
import type { ParsedStatement } from '../../parser/parser.js';
import { utf8ToIndex } from '../../parser/text-position.js';
import type { TableRef } from '../../sql/ddl.js';
import type { QualifiedName } from '../ast.js';
import type { FileInsertion, Fix, LintToken, RuleContext } from '../types.js';

/**
 * What the fix builders (online-forms.ts) need from a statement: where it is in the file, its
 * table as written, and its text with keywords inserted at positions the scanner gives. A
 * statement is never searched with patterns: positions come from libpg-query's parse tree and
 * tokens, and everything a fix adds besides keywords is printed by src/sql.
 */

/** Span is where a statement is in the file, as a {@link Fix} records it. */
export type Span = Pick<Fix, 'section' | 'start' | 'end'>;

/** spanOf locates the statement being checked in the file. */
export function spanOf(statement: ParsedStatement, ctx: RuleContext): Span {
  const section = ctx.section!;
  return { section: section.direction, start: section.offset + statement.start, end: section.offset + statement.end };
}

/** tableRef is a relation as the statement names it: a bare name stays bare (it resolves through search_path). */
export function tableRef(relation: RangeVar | undefined): TableRef | undefined {
  if (!relation?.relname) return undefined;
  return { schema: relation.schemaname || undefined, name: relation.relname };
}

/** Insertion puts `text` at a byte location of the section (a token's or a parse node's). */
export interface Insertion {
  readonly at: number;
  readonly text: string;
}

/**
 * withInsertions returns the statement's text (with its `;`) with `insertions` made, and the same
 * insertions as places in the file (a {@link Fix}'s `inPlace` and `edits`).
 */
export function withInsertions(statement: ParsedStatement, ctx: RuleContext, insertions: readonly Insertion[]): Pick<Fix, 'inPlace' | 'edits'> {
  const section = ctx.section!;
  const toIndex = utf8ToIndex(section.sql);
  let text = statement.text;
  const sorted = [...insertions].sort((a, b) => b.at - a.at);
  const edits: FileInsertion[] = [];
  for (const { at, text: added } of sorted) {
    const i = toIndex(at) - statement.start;
    text = `${text.slice(0, i)}${added}${text.slice(i)}`;
    edits.push({ at: section.offset + toIndex(at), text: added });
  }
  return { inPlace: [`${text};`], edits };
}

/** sectionSlice is the section's text between two byte locations. */
export function sectionSlice(ctx: RuleContext, from: number, to: number): string {
  const toIndex = utf8ToIndex(ctx.section!.sql);
  return ctx.section!.sql.slice(toIndex(from), toIndex(to));
}

/** withoutRange returns the statement's text (with its `;`) without the bytes [from, to) of the section. */
export function withoutRange(statement: ParsedStatement, ctx: RuleContext, from: number, to: number): string {
  const toIndex = utf8ToIndex(ctx.section!.sql);
  const [a, b] = [toIndex(from) - statement.start, toIndex(to) - statement.start];
  return `${statement.text.slice(0, a)}${statement.text.slice(b)};`;
}

/** tokenEnd is the byte location just past a token. */
export const tokenEnd = (token: LintToken): number => token.location + Buffer.byteLength(token.text);

/**
 * clauseEnd is the byte location just past the clause that starts at `from`: the last token
 * before a comma outside parentheses (the next ALTER TABLE command), or the statement's last one.
 */
export function clauseEnd(tokens: readonly LintToken[], from: number): number | undefined {
  let depth = 0;
  let last: LintToken | undefined;
  for (const token of tokens) {
    if (token.location < from) continue;
    if (token.text === '(') depth++;
    else if (token.text === ')') depth--;
    else if (token.text === ',' && depth === 0) break;
    last = token;
  }
  return last ? tokenEnd(last) : undefined;
}

/** keywordToken finds the first token that is the keyword `word` (case-insensitive). */
export function keywordToken(tokens: readonly LintToken[], word: string, from = 0): LintToken | undefined {
  return tokens.find((t) => t.location >= from && t.keywordName !== 'NO_KEYWORD' && t.text.toLowerCase() === word);
}

/** keywordsLike writes keywords in the case of the statement's own keyword `like` (lower when it is lower). */
export function keywordsLike(like: LintToken | undefined, words: string): string {
  return like && like.text === like.text.toLowerCase() ? words.toLowerCase() : words;
}

/**
 * mentionedLater tells whether a statement after `statement` in its section names `name` anywhere
 * in its parse tree: an index or constraint a fix would move to a later migration must not be
 * used before then.
 */
export function mentionedLater(statement: ParsedStatement, ctx: RuleContext, name: string): boolean {
  const statements = ctx.section?.statements ?? [];
  const needle = JSON.stringify(name);
  return statements.slice(statements.indexOf(statement) + 1).some((s) => JSON.stringify(s.node).includes(needle));
}

/**
 * defaultName is the name PostgreSQL gives an unnamed index or constraint (`users_email_key`,
 * `posts_author_id_fkey`, `users_email_idx`), or undefined where the linter cannot be sure: over
 * 63 bytes (PostgreSQL shortens it its own way), or taken by a relation or constraint the replay
 * knows in that schema (PostgreSQL would add a number).
 */
export function defaultName(ctx: RuleContext, table: QualifiedName, parts: readonly string[], suffix: string): string | undefined {
  const name = [table.name, ...parts, suffix].join('_');
  if (Buffer.byteLength(name) > 63) return undefined;
  for (const other of ctx.schema.tables()) {
    if (other.schema !== table.schema) continue;
    if (other.name === name || other.indexes.some((i) => i.name === name) || other.constraints.some((c) => c.name === name)) return undefined;
  }
  return name;
}
