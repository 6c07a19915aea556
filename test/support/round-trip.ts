import assert from 'node:assert/strict';
import { openDriver, introspect, writeSchemaSql, compareModels, formatDifferences, type SchemaModel } from '../../src/index.js';
import type { DatabaseTarget } from './databases.js';
import { dumpSchema, assertSameDump } from './pg-dump.js';

/**
 * assertInspectRoundTrip loads `sql` into one database, writes its model as SQL (`inspect --format
 * sql`), loads that into an empty database and checks the two are the same: by Tidemark's model,
 * and by pg_dump, which also sees what the model does not hold. Returns the script and the model.
 */
export async function assertInspectRoundTrip(target: DatabaseTarget, sql: string): Promise<{ script: string; model: SchemaModel }> {
  const [dbA, dbB] = [await target.create(), await target.create()];
  try {
    const a = await openDriver(dbA.url);
    let model: SchemaModel;
    let dumpA: string;
    try {
      await a.runScript(sql);
      model = await introspect(a);
      dumpA = await dumpSchema(dbA.url, { open: a });
    } finally {
      await a.close();
    }
    const script = await writeSchemaSql(model);
    const b = await openDriver(dbB.url);
    try {
      await b.runScript(script);
      const differences = compareModels(model, await introspect(b));
      assert.equal(differences.length, 0, `models differ after the round trip:\n${formatDifferences(differences)}\n--- script:\n${script}`);
      assertSameDump(dumpA, await dumpSchema(dbB.url, { open: b }), `the database loaded from the inspected SQL differs from the original\n--- script:\n${script}`, 'original', 'round trip');
    } finally {
      await b.close();
    }
    return { script, model };
  } finally {
    await dbA.dispose();
    await dbB.dispose();
  }
}
