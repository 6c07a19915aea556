import type { Driver } from '../driver/driver.js';

/** serverVersionNum reads a database's `server_version_num` (150020 for PostgreSQL 15.2): what its plans may use. */
export async function serverVersionNum(db: Driver): Promise<number> {
  const { rows } = await db.query<{ v: number | string }>("SELECT current_setting('server_version_num')::int AS v");
  return Number(rows[0]!.v);
}

/** versionNum turns a major version (config `postgresVersion`, e.g. 15) into the `server_version_num` it starts at. */
export function versionNum(major: number | undefined): number | undefined {
  return major === undefined ? undefined : major * 10000;
}
