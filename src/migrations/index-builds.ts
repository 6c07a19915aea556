import type { Driver } from '../driver/driver.js';
import type { ParsedStatement } from '../parser/parser.js';
import { quoteIdent, quoteQualified } from '../sql/quote.js';

/**
 * Index builds in `transaction:false` sections. A concurrent build that fails or whose backend
 * dies leaves an INVALID index behind, which PostgreSQL keeps maintaining but never uses; and a
 * rerun's `CREATE INDEX … IF NOT EXISTS` then skips the name and reports success. So the executor
 * checks `pg_index.indisvalid` after every build, and before a named `CREATE INDEX` it drops an
 * invalid index of that name on that table — left by an earlier attempt of this pending
 * migration — so that the build starts over.
 */

/** IndexBuild is a statement that builds an index, as far as the executor needs to know. */
export interface IndexBuild {
  readonly kind: 'create' | 'reindex';
  /** e.g. "CREATE INDEX CONCURRENTLY", for messages. */
  readonly verb: string;
  /** CREATE INDEX: the new index's name (unquoted) and its table as SQL; absent for an unnamed index. */
  readonly indexName?: string;
  readonly tableSql?: string;
  /** REINDEX INDEX: the index as SQL. */
  readonly reindexedSql?: string;
}

interface RangeVar {
  readonly schemaname?: string;
  readonly relname?: string;
}

function relationSql(relation: RangeVar | undefined): string | undefined {
  if (!relation?.relname) return undefined;
  return relation.schemaname ? quoteQualified(relation.schemaname, relation.relname) : quoteIdent(relation.relname);
}

/** indexBuildOf recognizes CREATE INDEX [CONCURRENTLY] and REINDEX … CONCURRENTLY. */
export function indexBuildOf(statement: ParsedStatement): IndexBuild | undefined {
  const node = statement.node;
  if (statement.nodeType === 'IndexStmt') {
    const tableSql = relationSql(node['relation'] as RangeVar | undefined);
    const indexName = typeof node['idxname'] === 'string' ? node['idxname'] : undefined;
    return {
      kind: 'create',
      verb: node['concurrent'] === true ? 'CREATE INDEX CONCURRENTLY' : 'CREATE INDEX',
      ...(indexName && tableSql ? { indexName, tableSql } : {}),
    };
  }
  if (statement.nodeType === 'ReindexStmt') {
    const params = (node['params'] ?? []) as { DefElem?: { defname?: string } }[];
    if (!params.some((p) => p.DefElem?.defname === 'concurrently')) return undefined;
    const reindexedSql = node['kind'] === 'REINDEX_OBJECT_INDEX' ? relationSql(node['relation'] as RangeVar | undefined) : undefined;
    return { kind: 'reindex', verb: 'REINDEX CONCURRENTLY', ...(reindexedSql ? { reindexedSql } : {}) };
  }
  return undefined;
}

/** ExistingIndex is the index a named CREATE INDEX would create, when one of that name already exists. */
export interface ExistingIndex {
  /** Qualified, quoted where needed, for messages. */
  readonly name: string;
  /** Qualified and quoted by the printer, for SQL. */
  readonly sql: string;
  readonly valid: boolean;
  /** Whether it is on the statement's table. */
  readonly sameTable: boolean;
  /** Whether another session is building it right now. */
  readonly building: boolean;
}

/** existingIndex finds the index named by a CREATE INDEX in its table's schema. */
export async function existingIndex(db: Driver, build: IndexBuild): Promise<ExistingIndex | undefined> {
  if (!build.indexName || !build.tableSql) return undefined;
  const { rows } = await db.query<{ schema: string; relname: string; name: string; valid: boolean; same_table: boolean; building: boolean }>(
    `SELECT n.nspname AS schema, c.relname, format('%I.%I', n.nspname, c.relname) AS name, i.indisvalid AS valid,
            i.indrelid = to_regclass($2) AS same_table,
            EXISTS (SELECT FROM pg_stat_progress_create_index p WHERE p.index_relid = c.oid AND p.pid <> pg_backend_pid()) AS building
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_index i ON i.indexrelid = c.oid
      WHERE c.relname = $1 AND c.relnamespace = (SELECT t.relnamespace FROM pg_class t WHERE t.oid = to_regclass($2))`,
    [build.indexName, build.tableSql],
  );
  const row = rows[0];
  return row ? { name: row.name, sql: quoteQualified(row.schema, row.relname), valid: row.valid, sameTable: row.same_table === true, building: row.building } : undefined;
}

/** invalidIndexes lists every INVALID index of the database: oid → qualified, quoted name. */
export async function invalidIndexes(db: Driver): Promise<Map<string, string>> {
  const { rows } = await db.query<{ oid: string; name: string }>(
    `SELECT i.indexrelid::oid::text AS oid, format('%I.%I', n.nspname, c.relname) AS name
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE NOT i.indisvalid`,
  );
  return new Map(rows.map((r) => [r.oid, r.name]));
}

/**
 * invalidAfter returns the invalid indexes a build is responsible for: those that became invalid
 * since `before`, plus the index it names (IF NOT EXISTS may have skipped an invalid one, and
 * REINDEX INDEX may have left it invalid).
 */
export async function invalidAfter(db: Driver, build: IndexBuild, before: ReadonlyMap<string, string>): Promise<string[]> {
  const now = await invalidIndexes(db);
  const named = build.kind === 'create' ? (await existingIndex(db, build))?.sql : build.reindexedSql;
  const { rows } = named
    ? await db.query<{ name: string }>(`SELECT format('%I.%I', n.nspname, c.relname) AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass($1)`, [named])
    : { rows: [] };
  const namedName = rows[0]?.name;
  return [...now].filter(([oid, name]) => !before.has(oid) || name === namedName).map(([, name]) => name);
}

/** recovery says how to get past invalid indexes a build left behind. */
export function recovery(build: IndexBuild, names: readonly string[]): string {
  const list = names.join(', ');
  if (build.kind === 'create' && build.indexName) {
    return `it left the INVALID index ${list}; the migration is not recorded: fix the cause and rerun "tidemark migrate", which drops the invalid index and builds it again (or drop it yourself: DROP INDEX CONCURRENTLY ${list})`;
  }
  return `it left the INVALID index(es) ${list}; the migration is not recorded: drop ${names.length === 1 ? 'it' : 'them'} with DROP INDEX CONCURRENTLY, fix the cause and rerun "tidemark migrate"`;
}
