import type { ColumnDef, Constraint, RangeVar } from 'libpg-query';
import { notNullCheckName } from '../../model/kinds/online.js';
import type { ParsedStatement } from '../../parser/parser.js';
import { constraintsOf, listName, statementAs, strings, walk, nodeAs, type QualifiedName } from '../ast.js';
import { alterCommands } from '../facts.js';
import type { Fix, RuleContext } from '../types.js';
import { clauseEnd, defaultName, keywordsLike, keywordToken, mentionedLater, sectionSlice, spanOf, tableRef, tokenEnd, withInsertions, withoutRange, type Insertion } from './edit.js';

/**
 * The safe forms of the locking findings, as {@link Fix}es: the same forms `generate` plans for a
 * table that holds rows (src/model/kinds/column.ts, members.ts), printed by the same Ddl methods.
 * A fix is `manual` — shown as a suggestion, left alone by `--fix` — where the rewrite needs a
 * decision: one command of several in an ALTER TABLE, ALTER TABLE ONLY, a partitioned table,
 * a name PostgreSQL would choose that the linter cannot be sure of, or a later statement of the
 * section that uses what would move.
 */

const SEVERAL = 'one command of several in this ALTER TABLE: split it, then --fix';
const ONLY = 'ALTER TABLE ONLY: the safe form would reach the child tables too';
const PARTITIONED = 'a partitioned table takes neither NOT VALID nor CONCURRENTLY on itself';
const USED_LATER = (name: string) => `a later statement of this section uses "${name}", which the fix would move after it`;
const UNNAMED = 'name it first: the linter cannot be sure which name PostgreSQL would choose';

/** alterOf is the ALTER TABLE being checked, its table as written, and how many commands it has. */
function alterOf(statement: ParsedStatement) {
  const stmt = statementAs(statement, 'AlterTableStmt');
  return { ref: tableRef(stmt?.relation), only: stmt?.relation?.inh !== true, commands: alterCommands(statement).length };
}

/**
 * setNotNullFix: `CHECK (col IS NOT NULL) NOT VALID` in place (a brief lock, no scan); in the next
 * migration VALIDATE (a scan that blocks no writes), SET NOT NULL (proven by the check, no scan)
 * and the check dropped.
 */
export function setNotNullFix(statement: ParsedStatement, ctx: RuleContext, table: QualifiedName, column: string): Fix | undefined {
  const { ref, only, commands } = alterOf(statement);
  if (!ref) return undefined;
  const { ddl } = ctx;
  const check = notNullCheckName(table, column);
  const manual = commands > 1 ? SEVERAL : only ? ONLY : ctx.schema.table(table)?.partitioned ? PARTITIONED : undefined;
  return {
    ...spanOf(statement, ctx),
    inPlace: [ddl.addNotNullCheck(ref, check, column)],
    downFirst: [ddl.dropConstraint(ref, check)],
    next: {
      up: [ddl.validateConstraint(ref, check), ddl.alterColumn(ref, column, 'SET NOT NULL'), ddl.dropConstraint(ref, check)],
      down: [ddl.addNotNullCheck(ref, check, column), `-- tidemark-lint-disable-next-line ban-drop-not-null -- undoes this migration's SET NOT NULL`, ddl.alterColumn(ref, column, 'DROP NOT NULL')],
    },
    manual,
  };
}

/**
 * concurrentIndexFix: the same CREATE INDEX with CONCURRENTLY and IF NOT EXISTS (re-runnable, as
 * a section without a transaction should be), in a transaction:false migration after this one;
 * its down section drops it CONCURRENTLY IF EXISTS. An unnamed index is given the name PostgreSQL
 * would give it (IF NOT EXISTS needs one). In a transaction:false section it is fixed in place.
 */
export function concurrentIndexFix(statement: ParsedStatement, ctx: RuleContext, table: QualifiedName): Fix | undefined {
  const stmt = statementAs(statement, 'IndexStmt');
  if (!stmt) return undefined;
  const tokens = ctx.tokens(statement);
  const index = keywordToken(tokens, 'index');
  if (!index) return undefined;
  const columns = (stmt.indexParams ?? []).map((p) => nodeAs(p, 'IndexElem')?.name);
  const plain = columns.every((c): c is string => c !== undefined);
  const name = stmt.idxname ?? (plain ? defaultName(ctx, table, columns as string[], 'idx') : undefined);
  const added = name && !stmt.if_not_exists ? ` ${keywordsLike(index, 'CONCURRENTLY IF NOT EXISTS')}${stmt.idxname ? '' : ` ${ctx.ddl.id(name)}`}` : ` ${keywordsLike(index, 'CONCURRENTLY')}`;
  const rewritten = withInsertions(statement, ctx, [{ at: tokenEnd(index), text: added }]);
  const sql = rewritten.inPlace[0]!;
  const span = spanOf(statement, ctx);
  if (!ctx.section!.transactional) return { ...span, ...rewritten };
  const manual = !name ? UNNAMED : mentionedLater(statement, ctx, name) ? USED_LATER(name) : undefined;
  return {
    ...span,
    inPlace: [],
    concurrent: { up: [sql], down: name ? [ctx.ddl.dropIndex(stmt.relation?.schemaname || undefined, name, true, true)] : [] },
    moved: name ? [{ kind: 'index', name }] : [],
    manual,
  };
}

/**
 * notValidFix: the constraint as written, NOT VALID (and named, when it was not, with the name
 * PostgreSQL would give it: VALIDATE needs one), then VALIDATE CONSTRAINT in the next migration.
 */
export function notValidFix(statement: ParsedStatement, ctx: RuleContext, table: QualifiedName, constraint: Constraint): Fix | undefined {
  const { ref, only } = alterOf(statement);
  const at = constraint.location;
  if (!ref || at === undefined) return undefined;
  const tokens = ctx.tokens(statement);
  const end = clauseEnd(tokens, at);
  if (end === undefined) return undefined;
  const name = constraint.conname ?? unnamedConstraintName(ctx, table, constraint);
  const like = tokens.find((t) => t.location === at);
  const insertions: Insertion[] = [{ at: end, text: ` ${keywordsLike(like, 'NOT VALID')}` }];
  if (!constraint.conname && name) insertions.push({ at, text: `${keywordsLike(like, 'CONSTRAINT')} ${ctx.ddl.id(name)} ` });
  const manual = !name ? UNNAMED : only ? ONLY : ctx.schema.table(table)?.partitioned ? PARTITIONED : undefined;
  return {
    ...spanOf(statement, ctx),
    ...withInsertions(statement, ctx, insertions),
    next: { up: name ? [ctx.ddl.validateConstraint(ref, name)] : [], down: [] },
    manual,
  };
}

/**
 * inlineConstraintFix: a FOREIGN KEY or CHECK written inline in ADD COLUMN cannot say NOT VALID.
 * The column is added without it, and the constraint as written follows as ADD CONSTRAINT … NOT
 * VALID (a REFERENCES clause becoming `FOREIGN KEY (col) REFERENCES …`, named as PostgreSQL
 * would name it), then VALIDATE CONSTRAINT in the next migration.
 */
export function inlineConstraintFix(statement: ParsedStatement, ctx: RuleContext, table: QualifiedName, column: ColumnDef, c: Constraint): Fix | undefined {
  const { ref, only } = alterOf(statement);
  const at = c.location;
  if (!ref || at === undefined || !column.colname) return undefined;
  const tokens = ctx.tokens(statement);
  // The clause runs to the column's next constraint, or to the end of the ADD COLUMN command.
  const following = constraintsOf(column.constraints).map((k) => k.location).filter((l): l is number => l !== undefined && l > at).sort((a, b) => a - b)[0];
  const inside = tokens.filter((t) => t.location >= at && (following === undefined || t.location < following));
  const last = following === undefined ? tokens.find((t) => tokenEnd(t) === clauseEnd(tokens, at)) : inside.at(-1);
  const previous = tokens.filter((t) => t.location < at).at(-1);
  if (!last || !previous) return undefined;
  const end = tokenEnd(last);
  let clause = sectionSlice(ctx, at, end);
  const first = tokens.find((t) => t.location === at);
  if (c.contype === 'CONSTR_FOREIGN') {
    const references = keywordToken(inside, 'references');
    if (!references) return undefined;
    // Token locations are bytes: split the clause's bytes where REFERENCES starts.
    const split = references.location - at;
    const bytes = Buffer.from(clause);
    clause = `${bytes.subarray(0, split).toString()}${keywordsLike(references, 'FOREIGN KEY')} (${ctx.ddl.id(column.colname)}) ${bytes.subarray(split).toString()}`;
  }
  const name = c.conname ?? defaultName(ctx, table, [column.colname], c.contype === 'CONSTR_FOREIGN' ? 'fkey' : 'check');
  if (!c.conname && name) clause = `${keywordsLike(first, 'CONSTRAINT')} ${ctx.ddl.id(name)} ${clause}`;
  // A clause in the middle leaves its own trailing space; the last one, the space before it.
  const without = following === undefined ? withoutRange(statement, ctx, tokenEnd(previous), end) : withoutRange(statement, ctx, at, following);
  const manual = !name ? UNNAMED : only ? ONLY : ctx.schema.table(table)?.partitioned ? PARTITIONED : undefined;
  return {
    ...spanOf(statement, ctx),
    inPlace: [without, `${keywordsLike(first, 'ALTER TABLE')} ${ctx.ddl.qn(ref)} ${keywordsLike(first, 'ADD')} ${clause} ${keywordsLike(first, 'NOT VALID')};`],
    next: { up: name ? [ctx.ddl.validateConstraint(ref, name)] : [], down: [] },
    manual,
  };
}

/**
 * unnamedConstraintName is PostgreSQL's name for an unnamed FOREIGN KEY (`t_a_b_fkey`) or CHECK:
 * `t_col_check` when its expression reads one column, `t_check` otherwise.
 */
function unnamedConstraintName(ctx: RuleContext, table: QualifiedName, c: Constraint): string | undefined {
  if (c.contype === 'CONSTR_FOREIGN') return defaultName(ctx, table, strings(c.fk_attrs), 'fkey');
  const columns = new Set<string>();
  walk(c.raw_expr, (kind, node) => {
    if (kind === 'ColumnRef') {
      const last = strings(node['fields'] as never).at(-1);
      if (last) columns.add(last);
    }
  });
  return defaultName(ctx, table, columns.size === 1 ? [...columns] : [], 'check');
}

/**
 * usingIndexFix: the constraint's unique index built CONCURRENTLY (transaction:false migration),
 * then adopted with ADD CONSTRAINT … USING INDEX in the next one (a brief lock, no build). Only
 * for a key over plain columns without options (what USING INDEX can express); a PRIMARY KEY only
 * when its columns are already NOT NULL (USING INDEX would otherwise set them, with a scan).
 */
export function usingIndexFix(statement: ParsedStatement, ctx: RuleContext, table: QualifiedName, c: Constraint): Fix | undefined {
  const { ref, only, commands } = alterOf(statement);
  if (!ref || (c.contype !== 'CONSTR_UNIQUE' && c.contype !== 'CONSTR_PRIMARY')) return undefined;
  const columns = strings(c.keys);
  if (!columns.length || c.including?.length || c.options?.length || c.indexspace) return undefined;
  const primary = c.contype === 'CONSTR_PRIMARY';
  const known = ctx.schema.table(table);
  const name = c.conname ?? defaultName(ctx, table, primary ? [] : columns, primary ? 'pkey' : 'key');
  const nullable = primary && columns.some((col) => !known?.columns.get(col)?.notNull);
  const manual = !name
    ? UNNAMED
    : commands > 1
      ? SEVERAL
      : only
        ? ONLY
        : known?.partitioned
          ? PARTITIONED
          : nullable
            ? 'ADD PRIMARY KEY USING INDEX would set its columns NOT NULL with a scan: make them NOT NULL first'
            : mentionedLater(statement, ctx, name)
              ? USED_LATER(name)
              : undefined;
  if (!name) return undefined;
  const def = { name, type: primary ? ('primary key' as const) : ('unique' as const), columns, nullsNotDistinct: c.nulls_not_distinct === true, deferrable: c.deferrable === true, initiallyDeferred: c.initdeferred === true };
  return {
    ...spanOf(statement, ctx),
    inPlace: [],
    concurrent: { up: [ctx.ddl.uniqueIndexFor(ref, def, true)], down: [ctx.ddl.dropIndex(ref.schema, name, true, true)] },
    next: { up: [ctx.ddl.addConstraintUsingIndex(ref, def)], down: [ctx.ddl.dropConstraint(ref, name)] },
    moved: [{ kind: 'constraint', table, name }, { kind: 'index', name }],
    manual,
  };
}

/** concurrentReindexFix: the same REINDEX with CONCURRENTLY, outside a transaction; nothing to revert. */
export function concurrentReindexFix(statement: ParsedStatement, ctx: RuleContext): Fix | undefined {
  const stmt = statementAs(statement, 'ReindexStmt');
  const kind = stmt?.kind?.replace(/^REINDEX_OBJECT_/, '').toLowerCase();
  // REINDEX SYSTEM cannot run concurrently.
  if (!kind || kind === 'system') return undefined;
  const keyword = keywordToken(ctx.tokens(statement), kind);
  if (!keyword) return undefined;
  const rewritten = withInsertions(statement, ctx, [{ at: tokenEnd(keyword), text: ` ${keywordsLike(keyword, 'CONCURRENTLY')}` }]);
  const span = spanOf(statement, ctx);
  if (!ctx.section!.transactional) return { ...span, ...rewritten };
  return { ...span, inPlace: [], concurrent: { up: rewritten.inPlace, down: [] } };
}

/**
 * dropIndexFix: DROP INDEX CONCURRENTLY IF EXISTS, one index per statement (CONCURRENTLY drops
 * one). A suggestion only: the down section that builds the index again belongs with it, and
 * that is for the author to move.
 */
export function dropIndexFix(statement: ParsedStatement, ctx: RuleContext, index: { readonly schema: string | undefined; readonly name: string }): Fix {
  return {
    ...spanOf(statement, ctx),
    inPlace: [],
    concurrent: { up: [ctx.ddl.dropIndex(index.schema, index.name, true, true)], down: [] },
    manual: 'the down section that builds the index again must move with it',
  };
}

/**
 * detachFix: DETACH PARTITION … CONCURRENTLY, outside a transaction. A suggestion only: the down
 * section that attaches the partition again belongs with it, and that is for the author to move.
 */
export function detachFix(statement: ParsedStatement, ctx: RuleContext, partition: RangeVar | undefined): Fix | undefined {
  const { ref } = alterOf(statement);
  const child = tableRef(partition);
  if (!ref || !child) return undefined;
  return {
    ...spanOf(statement, ctx),
    inPlace: [],
    concurrent: { up: [ctx.ddl.detachPartition(ref, child, true)], down: [] },
    manual: 'the down section that attaches the partition again must move with it',
  };
}

/** domainNotValidFix: ALTER DOMAIN … ADD CONSTRAINT … NOT VALID, and VALIDATE CONSTRAINT in the next migration. */
export function domainNotValidFix(statement: ParsedStatement, ctx: RuleContext, constraint: Constraint): Fix | undefined {
  const stmt = statementAs(statement, 'AlterDomainStmt');
  const parts = strings(stmt?.typeName);
  const domain = listName(stmt?.typeName);
  // NOT NULL on a domain cannot be NOT VALID; an unnamed CHECK's name is PostgreSQL's to choose.
  if (!domain || constraint.contype !== 'CONSTR_CHECK' || !constraint.conname || constraint.location === undefined) return undefined;
  const tokens = ctx.tokens(statement);
  const end = clauseEnd(tokens, constraint.location);
  if (end === undefined) return undefined;
  const like = tokens.find((t) => t.location === constraint.location);
  const ref = { schema: parts.length > 1 ? domain.schema : undefined, name: domain.name };
  return {
    ...spanOf(statement, ctx),
    ...withInsertions(statement, ctx, [{ at: end, text: ` ${keywordsLike(like, 'NOT VALID')}` }]),
    next: { up: [ctx.ddl.validateDomainConstraint(ref, constraint.conname)], down: [] },
  };
}
