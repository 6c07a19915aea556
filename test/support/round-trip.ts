import assert from 'node:assert/strict';
import { introspect, writeSchemaSql, compareModels, formatDifferences, type SchemaModel } from '../../src/index.js';
import { openScratch, type DatabaseTarget } from './databases.js';
import { loadedFresh } from './converge.js';
import { dumpSchema, assertSameDump } from './pg-dump.js';

/**
 * assertInspectRoundTrip loads `sql` into one database, writes its model as SQL (`inspect --format
 * sql`), loads that into an empty database and checks the two are the same: by Tidemark's model,
 * and by pg_dump, which also sees what the model does not hold. Returns the script and the model.
 */
export async function assertInspectRoundTrip(target: DatabaseTarget, sql: string): Promise<{ script: string; model: SchemaModel }> {
  const { model, dump: dumpA } = await loadedFresh(target, sql);
  const script = await writeSchemaSql(model);
  const b = await openScratch(target);
  try {
    await b.db.runScript(script);
    const differences = compareModels(model, await introspect(b.db));
    assert.equal(differences.length, 0, `models differ after the round trip:\n${formatDifferences(differences)}\n--- script:\n${script}`);
    assertSameDump(dumpA, await dumpSchema(b.url, { open: b.db }), `the database loaded from the inspected SQL differs from the original\n--- script:\n${script}`, 'original', 'round trip');
  } finally {
    await b.dispose();
  }
  return { script, model };
}
