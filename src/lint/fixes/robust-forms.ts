import type { ParsedStatement } from '../../parser/parser.js';
import { nodeAs, relationName, statementAs } from '../ast.js';
import { alterCommands } from '../facts.js';
import type { Fix, LintToken, RuleContext } from '../types.js';
import { defaultName, keywordsLike, keywordToken, spanOf, tokenEnd, withInsertions, type Insertion } from './edit.js';

/**
 * The re-runnable forms prefer-robust-stmts asks for in a `transaction:false` section: IF NOT
 * EXISTS / IF EXISTS inserted where PostgreSQL's grammar puts it, at a position from the parse
 * tree or the scanner. Only where every problem of the statement goes away: an ADD CONSTRAINT
 * has no IF NOT EXISTS, and a DROP of anything but an index is left to its author.
 */

/** after is an insertion just after a keyword token, in the statement's case. */
const after = (token: LintToken, words: string): Insertion => ({ at: tokenEnd(token), text: ` ${keywordsLike(token, words)}` });

function insertions(statement: ParsedStatement, ctx: RuleContext): Insertion[] | undefined {
  const tokens = ctx.tokens(statement);
  const index = statementAs(statement, 'IndexStmt');
  if (index) {
    const anchor = (index.concurrent ? keywordToken(tokens, 'concurrently') : undefined) ?? keywordToken(tokens, 'index');
    const table = relationName(index.relation);
    if (!anchor || !table) return undefined;
    if (index.idxname) return [after(anchor, 'IF NOT EXISTS')];
    // IF NOT EXISTS needs a name: PostgreSQL's own, when the replay can tell it.
    const columns = (index.indexParams ?? []).map((p) => nodeAs(p, 'IndexElem')?.name);
    const name = columns.every((c): c is string => c !== undefined) ? defaultName(ctx, table, columns as string[], 'idx') : undefined;
    return name ? [{ at: tokenEnd(anchor), text: ` ${keywordsLike(anchor, 'IF NOT EXISTS')} ${ctx.ddl.id(name)}` }] : undefined;
  }
  const drop = statementAs(statement, 'DropStmt');
  if (drop) {
    if (drop.removeType !== 'OBJECT_INDEX') return undefined;
    const anchor = (drop.concurrent ? keywordToken(tokens, 'concurrently') : undefined) ?? keywordToken(tokens, 'index');
    return anchor ? [after(anchor, 'IF EXISTS')] : undefined;
  }
  const create = statementAs(statement, 'CreateStmt');
  if (create) {
    const at = create.relation?.location;
    const like = tokens.find((t) => t.location < (at ?? 0) && t.text.toLowerCase() === 'table');
    return at === undefined ? undefined : [{ at, text: `${keywordsLike(like, 'IF NOT EXISTS')} ` }];
  }
  if (statementAs(statement, 'CreateSchemaStmt')) {
    const anchor = keywordToken(tokens, 'schema');
    return anchor ? [after(anchor, 'IF NOT EXISTS')] : undefined;
  }
  const value = statementAs(statement, 'AlterEnumStmt');
  if (value) {
    const anchor = keywordToken(tokens, 'value');
    return anchor ? [after(anchor, 'IF NOT EXISTS')] : undefined;
  }
  const commands = alterCommands(statement);
  if (!commands.length || !commands.every((c) => c.cmd.subtype === 'AT_AddColumn')) return undefined;
  const out: Insertion[] = [];
  for (const { cmd, location } of commands) {
    if (cmd.missing_ok) continue;
    // ColumnDef's location is the column name's: IF NOT EXISTS goes right before it.
    if (location === undefined) return undefined;
    const like = tokens.find((t) => t.location < location && ['add', 'column'].includes(t.text.toLowerCase()));
    out.push({ at: location, text: `${keywordsLike(like, 'IF NOT EXISTS')} ` });
  }
  return out;
}

/**
 * robustFix makes a statement of a transaction:false section re-runnable, in place.
 *
 * @example robustFix(statement, ctx)?.inPlace // ['create index concurrently if not exists users_age_idx on users (age);']
 */
export function robustFix(statement: ParsedStatement, ctx: RuleContext): Fix | undefined {
  const found = insertions(statement, ctx);
  if (!found?.length) return undefined;
  return { ...spanOf(statement, ctx), ...withInsertions(statement, ctx, found) };
}
