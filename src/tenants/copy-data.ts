import { pipeline } from 'node:stream/promises';
import type { Driver } from '../driver/driver.js';
import { quoteIdent, quoteQualified } from '../sql/quote.js';
import type { CopiedTable } from './move-schema.js';

/**
 * Moving a tenant's rows between two servers: COPY … TO STDOUT on the source piped into
 * COPY … FROM STDIN on the target (the driver's copyTo/copyFrom, pg-copy-streams underneath).
 */

/**
 * COPY_SETTINGS fix how both sessions print and read values in COPY's text format, so that what one
 * server writes the other reads back the same whatever each server's defaults are (a `DMY` date
 * style on one side would swap days and months). Text, not binary: binary arrays carry their
 * element type's OID, which differs between two databases for an enum or a domain.
 */
export const COPY_SETTINGS =
  "SET datestyle = 'ISO, YMD'; SET intervalstyle = 'postgres'; SET timezone = 'UTC'; SET extra_float_digits = 3; SET client_encoding = 'UTF8'; " +
  // Row-level security never filters what a move reads or writes: a policy that would hide rows
  // makes COPY fail instead (a table owner or superuser is not subject to it).
  'SET row_security = off';

function copyTarget(table: CopiedTable): string {
  const name = quoteQualified(table.schema, table.name);
  return table.columns.length === 0 ? name : `${name} (${table.columns.map(quoteIdent).join(', ')})`;
}

/**
 * copyRows streams one table's rows from `source` to `target`. Resolves once the target server
 * acknowledged the COPY; rejects (and the target's COPY fails, leaving nothing) when either side
 * breaks off.
 */
export async function copyRows(source: Driver, target: Driver, table: CopiedTable): Promise<void> {
  if (!source.copyTo || !target.copyFrom) throw new Error('copyRows needs two server connections (COPY streams)');
  const what = copyTarget(table);
  await pipeline(source.copyTo(`COPY ${what} TO STDOUT`), target.copyFrom(`COPY ${what} FROM STDIN`));
}

/** countRows counts a table's own rows (ONLY: an inheritance parent's children are counted on their own). */
export async function countRows(db: Driver, table: Pick<CopiedTable, 'schema' | 'name'>): Promise<number> {
  const { rows } = await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM ONLY ${quoteQualified(table.schema, table.name)}`);
  return Number(rows[0]?.n ?? 0);
}

/** SequenceValue is a sequence's state: setval(name, value, called) restores it. */
export interface SequenceValue {
  readonly name: string;
  readonly value: string;
  readonly called: boolean;
}

/**
 * readSequences reads every sequence of a schema (serial, identity and standalone ones). One that
 * never handed out a value has no last_value; it is restored at its start, not yet called.
 */
export async function readSequences(db: Driver, schema: string): Promise<SequenceValue[]> {
  const { rows } = await db.query<{ name: string; last_value: string | null; start_value: string }>(
    'SELECT sequencename AS name, last_value::text AS last_value, start_value::text AS start_value FROM pg_catalog.pg_sequences WHERE schemaname = $1 ORDER BY sequencename',
    [schema],
  );
  return rows.map((r) => ({ name: quoteQualified(schema, r.name), value: r.last_value ?? r.start_value, called: r.last_value !== null }));
}

/** writeSequences sets each sequence on the target to the source's state. */
export async function writeSequences(db: Driver, values: readonly SequenceValue[]): Promise<void> {
  for (const s of values) await db.query('SELECT pg_catalog.setval($1::regclass, $2::bigint, $3)', [s.name, s.value, s.called]);
}
