import { ReferenceDocumentError } from '../errors.js';
import { loadParser } from '../parser/parser.js';
import { loadIdentQuoter } from '../sql/ident.js';
import { quoteLiteral } from '../sql/quote.js';
import type { Location, RefColumn, RefTable, ReferenceDocument } from './document.js';

/** LocatedStatement is one DDL statement and the line of the document it comes from. */
export interface LocatedStatement {
  readonly sql: string;
  readonly at: Location;
  /** Finer locations inside `sql` (a CREATE TABLE's column definitions), by UTF-16 offset. */
  readonly parts?: readonly { readonly offset: number; readonly at: Location }[];
}

type LibPgQuery = Awaited<ReturnType<typeof loadParser>>;

/**
 * referenceDdl turns a parsed reference document into the DDL that creates what it describes:
 * schemas, extensions, enums, sequences that defaults call `nextval` on, tables, constraints
 * (foreign keys last), indexes, row-level security and comments. Names are quoted by src/sql; the
 * document's SQL fragments are pasted only after PostgreSQL's parser has confirmed that each is
 * exactly one fragment of its kind (one type, one expression, one constraint clause), so a cell
 * cannot smuggle in a statement.
 */
export async function referenceDdl(doc: ReferenceDocument): Promise<LocatedStatement[]> {
  const [id, parser] = await Promise.all([loadIdentQuoter(), loadParser()]);
  const out: LocatedStatement[] = [];
  const fail = (at: Location, message: string): never => {
    throw new ReferenceDocumentError(`${doc.file}:${at.line}:${at.column}: ${message}`);
  };
  const qn = (o: { schema: string; name: string }) => `${id(o.schema)}.${id(o.name)}`;
  const guard = (at: Location, what: string, fragment: string, wrap: (f: string) => string, accept: (stmt: Record<string, unknown>) => boolean) => {
    if (!isOne(parser, wrap(fragment), accept)) fail(at, `${what} "${fragment}" is not valid SQL of that kind`);
    return fragment;
  };
  const expression = (at: Location, what: string, sql: string) =>
    guard(at, what, sql, (f) => `SELECT ${f}`, (s) => 'SelectStmt' in s && targets(s) === 1 && !hasKey(s['SelectStmt'], 'fromClause'));

  const schemas = new Set([...doc.tables, ...doc.enums].map((o) => o.schema).filter((s) => s !== 'public'));
  for (const schema of [...schemas].sort()) out.push({ sql: `CREATE SCHEMA IF NOT EXISTS ${id(schema)}`, at: { line: 1, column: 1 } });
  for (const ext of doc.extensions) out.push({ sql: `CREATE EXTENSION IF NOT EXISTS ${id(ext.name)}`, at: ext.at });
  for (const e of doc.enums) {
    out.push({ sql: `CREATE TYPE ${qn(e)} AS ENUM (${e.values.map(quoteLiteral).join(', ')})`, at: e.at });
    if (e.comment !== null) out.push({ sql: `COMMENT ON TYPE ${qn(e)} IS ${quoteLiteral(e.comment)}`, at: e.at });
  }

  const owned: LocatedStatement[] = [];
  for (const t of doc.tables) {
    for (const c of t.columns) {
      const sequence = c.default?.kind === 'expression' ? nextvalSequence(parser, c.default.sql) : null;
      if (sequence === null) continue;
      const name = guard(c.at, 'sequence', sequence, (f) => `CREATE SEQUENCE IF NOT EXISTS ${f}`, (s) => 'CreateSeqStmt' in s);
      // serial and smallserial make their sequence AS the column's type; bigserial's is the default.
      const as = SEQUENCE_TYPES[c.type.trim().toLowerCase()];
      out.push({ sql: `CREATE SEQUENCE IF NOT EXISTS ${name}${as ? ` AS ${as}` : ''}`, at: c.at });
      owned.push({ sql: `ALTER SEQUENCE ${name} OWNED BY ${qn(t)}.${id(c.name)}`, at: c.at });
    }
  }

  const column = (c: RefColumn) => {
    const type = guard(c.at, 'type', c.type, (f) => `SELECT NULL::${f}`, (s) => 'SelectStmt' in s && targets(s) === 1);
    let sql = `${id(c.name)} ${type}`;
    const d = c.default;
    if (d?.kind === 'expression') sql += ` DEFAULT ${expression(c.at, 'default', d.sql)}`;
    else if (d?.kind === 'identity') sql += ` GENERATED ${d.always ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY`;
    else if (d?.kind === 'generated') sql += ` GENERATED ALWAYS AS (${expression(c.at, 'generated column expression', d.sql)}) ${d.stored ? 'STORED' : 'VIRTUAL'}`;
    if (c.notNull) sql += ' NOT NULL';
    return sql;
  };
  for (const t of doc.tables) {
    if (t.columns.length === 0) fail(t.at, `table ${t.name} has no columns`);
    let sql = `CREATE TABLE ${qn(t)} (`;
    const parts: { offset: number; at: Location }[] = [];
    t.columns.forEach((c, i) => {
      sql += i === 0 ? '\n  ' : ',\n  ';
      parts.push({ offset: sql.length, at: c.at });
      sql += column(c);
    });
    out.push({ sql: `${sql}\n)`, at: t.at, parts });
  }
  const constraint = (t: RefTable, c: RefTable['constraints'][number]) => {
    const clause = guard(c.at, 'constraint', c.clause, (f) => `ALTER TABLE t ADD ${f}`, (s) => 'AlterTableStmt' in s && commands(s) === 1);
    return { sql: `ALTER TABLE ${qn(t)} ADD ${c.name === null ? '' : `CONSTRAINT ${id(c.name)} `}${clause}`, at: c.at };
  };
  for (const t of doc.tables) for (const c of t.constraints) if (c.kind !== 'foreign key') out.push(constraint(t, c));
  for (const t of doc.tables) for (const c of t.constraints) if (c.kind === 'foreign key') out.push(constraint(t, c));
  out.push(...owned);

  for (const t of doc.tables) {
    for (const i of t.indexes) {
      let tail = '';
      if (i.include) tail += ` INCLUDE ${i.include.trim().startsWith('(') ? i.include : `(${i.include})`}`;
      if (i.nullsNotDistinct) tail += ' NULLS NOT DISTINCT';
      if (i.predicate) tail += ` WHERE ${expression(i.at, 'index predicate', i.predicate)}`;
      const method = i.method ? ` USING ${id(i.method)}` : '';
      const body = `(${i.elements})${tail}`;
      guard(i.at, 'index', body, (f) => `CREATE INDEX ON t ${f}`, (s) => 'IndexStmt' in s);
      out.push({ sql: `CREATE ${i.unique ? 'UNIQUE ' : ''}INDEX ${id(i.name)} ON ${qn(t)}${method} ${body}`, at: i.at });
      if (i.comment) out.push({ sql: `COMMENT ON INDEX ${id(t.schema)}.${id(i.name)} IS ${quoteLiteral(i.comment)}`, at: i.at });
    }
    if (t.rowSecurity) out.push({ sql: `ALTER TABLE ${qn(t)} ENABLE ROW LEVEL SECURITY`, at: t.at });
    if (t.forceRowSecurity) out.push({ sql: `ALTER TABLE ${qn(t)} FORCE ROW LEVEL SECURITY`, at: t.at });
    if (t.comment !== null) out.push({ sql: `COMMENT ON TABLE ${qn(t)} IS ${quoteLiteral(t.comment)}`, at: t.at });
    for (const c of t.columns) {
      if (c.description !== null) out.push({ sql: `COMMENT ON COLUMN ${qn(t)}.${id(c.name)} IS ${quoteLiteral(c.description)}`, at: c.at });
    }
  }
  return out;
}

const SEQUENCE_TYPES: Record<string, string> = { integer: 'integer', int: 'integer', int4: 'integer', smallint: 'smallint', int2: 'smallint' };

/** isOne tells whether `sql` parses as exactly one statement that `accept`s. */
function isOne(parser: LibPgQuery, sql: string, accept: (stmt: Record<string, unknown>) => boolean): boolean {
  try {
    const stmts = parser.parseSync(sql).stmts ?? [];
    return stmts.length === 1 && accept((stmts[0]!.stmt ?? {}) as Record<string, unknown>);
  } catch {
    return false;
  }
}

const hasKey = (node: unknown, key: string) => typeof node === 'object' && node !== null && key in node;
const targets = (s: Record<string, unknown>) => ((s['SelectStmt'] as { targetList?: unknown[] }).targetList ?? []).length;
const commands = (s: Record<string, unknown>) => ((s['AlterTableStmt'] as { cmds?: unknown[] }).cmds ?? []).length;

/**
 * nextvalSequence names the sequence a `nextval('…'::regclass)` default draws from (a serial
 * column), so the shadow can create it first; null for any other default.
 */
function nextvalSequence(parser: LibPgQuery, sql: string): string | null {
  try {
    const stmt = parser.parseSync(`SELECT ${sql}`).stmts?.[0]?.stmt as
      | { SelectStmt?: { targetList?: { ResTarget: { val?: { FuncCall?: { funcname: { String: { sval: string } }[]; args?: unknown[] } } } }[] } }
      | undefined;
    const call = stmt?.SelectStmt?.targetList?.[0]?.ResTarget.val?.FuncCall;
    if (!call || call.funcname.at(-1)?.String.sval !== 'nextval') return null;
    const arg = call.args?.[0] as { TypeCast?: { arg: { A_Const?: { sval?: { sval: string } } } }; A_Const?: { sval?: { sval: string } } } | undefined;
    return (arg?.TypeCast?.arg.A_Const ?? arg?.A_Const)?.sval?.sval ?? null;
  } catch {
    return null;
  }
}
