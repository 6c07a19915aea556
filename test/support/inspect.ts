import { openDriver } from '../../src/index.js';

/**
 * catalogSnapshot is a coarse, stable picture of a database's user objects — enough to prove
 * that a command changed nothing (dry runs, refused migrations) or that a revert removed everything.
 * The full catalog arrives with the introspection module; this is deliberately independent of it.
 */
export async function catalogSnapshot(url: string): Promise<string[]> {
  const db = await openDriver(url);
  try {
    const { rows } = await db.query<{ item: string }>(`
      SELECT n.nspname || '.' || c.relname || ':' || c.relkind::text AS item
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
      UNION ALL
      SELECT 'schema:' || nspname FROM pg_namespace
       WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'
      UNION ALL
      SELECT 'type:' || t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
       WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd')
      UNION ALL
      SELECT 'function:' || p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
       WHERE n.nspname = 'public'
      ORDER BY 1`);
    return rows.map((r) => r.item);
  } finally {
    await db.close();
  }
}

/** queryOne runs one query against a URL and returns its rows. */
export async function queryRows<Row extends Record<string, unknown>>(url: string, sql: string, params?: unknown[]): Promise<Row[]> {
  const db = await openDriver(url);
  try {
    return (await db.query<Row>(sql, params)).rows;
  } finally {
    await db.close();
  }
}
