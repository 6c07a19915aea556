import assert from 'node:assert/strict';
import { openDriver, introspect, compareModels, formatDifferences, writeSchemaSql, writeDropSql, type SchemaModel } from '../../src/index.js';
import { diffModels } from '../../src/diff/diff.js';
import { planChanges } from '../../src/plan/plan.js';
import { applyStatements } from '../../src/plan/apply.js';
import { serverVersionNum } from '../../src/catalog/version.js';
import { openScratch, type DatabaseTarget, type ScratchDatabase } from './databases.js';
import { dumpSchema, assertSameDump } from './pg-dump.js';

/** loaded fills a database with `sql` and returns its model and its pg_dump. */
export async function loaded(url: string, sql: string, options: ConvergeOptions = {}): Promise<{ model: SchemaModel; dump: string }> {
  const db = await openDriver(url);
  try {
    if (sql.trim()) await db.runScript(sql);
    return { model: await introspect(db, options), dump: await dumpSchema(url, { open: db, ...options }) };
  } finally {
    await db.close();
  }
}

/**
 * loadedFresh loads `sql` into a fresh scratch database of the target (on PGlite, one from the
 * shadow pool: no data directory to seed) and returns its model and its pg_dump.
 */
export async function loadedFresh(target: DatabaseTarget, sql: string, options: ConvergeOptions = {}): Promise<{ model: SchemaModel; dump: string }> {
  const scratch = await openScratch(target);
  try {
    if (sql.trim()) await scratch.db.runScript(sql);
    return { model: await introspect(scratch.db, options), dump: await dumpSchema(scratch.url, { open: scratch.db, ...options }) };
  } finally {
    await scratch.dispose();
  }
}

function assertConverged(actual: SchemaModel, expected: SchemaModel, label: string): void {
  const differences = compareModels(actual, expected, { ignoreColumnOrder: true });
  assert.equal(differences.length, 0, `${label}:\n${formatDifferences(differences)}`);
}

/**
 * ConvergeOptions: `owners` makes owners part of both the model and the pg_dump judge;
 * `serverVersion` plans for another server than the one the test runs on (an older one, whose
 * forms the newer server accepts too); `online` plans the online forms.
 */
export interface ConvergeOptions {
  readonly owners?: boolean;
  readonly serverVersion?: number;
  readonly online?: boolean;
}

/**
 * converge loads A and B into two databases, plans A→B, applies it to A and checks A now equals B;
 * then applies the reverse plan and checks A equals its old self. Each check is made twice: by
 * Tidemark's model, and by pg_dump, which also sees what the model does not hold.
 */
export async function converge(target: DatabaseTarget, sqlA: string, sqlB: string, options: ConvergeOptions = {}): Promise<void> {
  const [dbA, dbB] = [await openScratch(target), await openScratch(target)];
  try {
    const dump = (scratch: ScratchDatabase) => dumpSchema(scratch.url, { open: scratch.db, ...options });
    if (sqlB.trim()) await dbB.db.runScript(sqlB);
    const b = { model: await introspect(dbB.db, options), dump: await dump(dbB) };
    const db = dbA.db;
    if (sqlA.trim()) await db.runScript(sqlA);
    const a = { model: await introspect(db, options), dump: await dump(dbA) };
    const plan = await planChanges(diffModels(a.model, b.model), a.model, b.model, { serverVersion: options.serverVersion ?? (await serverVersionNum(db)), online: options.online });
    await applyStatements(db, plan.up);
    assertConverged(await introspect(db, options), b.model, 'after plan(A→B), A differs from B');
    assertSameDump(await dump(dbA), b.dump, 'after plan(A→B), A differs from B', 'A after plan', 'B');
    await applyStatements(db, plan.down);
    assertConverged(await introspect(db, options), a.model, 'after the reverse plan, A differs from its old self');
    assertSameDump(await dump(dbA), a.dump, 'after the reverse plan, A differs from its old self', 'A after down', 'A');
    assert.deepEqual(diffModels(b.model, b.model), [], 'a model has no changes against itself');
  } finally {
    await dbA.dispose();
    await dbB.dispose();
  }
}


/**
 * convergesBothWays is the full check of one fixture pair in two databases (PGlite databases are
 * costly to open, so they are reused): plan(A→B) applied to A gives B and its down plan gives A
 * back; plan(B→A) applied to B gives A and its down plan gives B back; then A is emptied by the
 * drop script of its model (judged against the database's empty dump) and B's inspect script
 * (`inspect --format sql`) is loaded into it, which must give B. Every check is made by the model
 * and by pg_dump.
 */
export async function convergesBothWays(target: DatabaseTarget, sqlA: string, sqlB: string, options: ConvergeOptions = {}): Promise<void> {
  const [dbA, dbB] = [await openScratch(target), await openScratch(target)];
  try {
    const first = dbA.db;
    const dumpOf = (scratch: ScratchDatabase) => dumpSchema(scratch.url, { open: scratch.db, ...options });
    const empty = await dumpOf(dbA);
    const load = async (scratch: ScratchDatabase, sql: string) => {
      if (sql.trim()) await scratch.db.runScript(sql);
      return { model: await introspect(scratch.db, options), dump: await dumpOf(scratch) };
    };
    const a = await load(dbA, sqlA);
    const b = await load(dbB, sqlB);
    const oneWay = async (scratch: ScratchDatabase, from: typeof a, to: typeof a, label: string) => {
      const db = scratch.db;
      const plan = await planChanges(diffModels(from.model, to.model), from.model, to.model, { serverVersion: options.serverVersion ?? (await serverVersionNum(db)) });
      await applyStatements(db, plan.up);
      assertConverged(await introspect(db, options), to.model, `after plan(${label}), the database differs from its target`);
      assertSameDump(await dumpOf(scratch), to.dump, `after plan(${label}), the database differs from its target`, 'after plan', 'target');
      await applyStatements(db, plan.down);
      assertConverged(await introspect(db, options), from.model, `after the reverse of plan(${label}), the database differs from its old self`);
      assertSameDump(await dumpOf(scratch), from.dump, `after the reverse of plan(${label}), the database differs from its old self`, 'after down', 'before');
    };
    await oneWay(dbA, a, b, 'A→B');
    await oneWay(dbB, b, a, 'B→A');
    assert.deepEqual(diffModels(b.model, b.model), [], 'a model has no changes against itself');

    await first.runScript(await writeDropSql(a.model));
    assertSameDump(await dumpOf(dbA), empty, "A's drop script leaves something behind", 'after drop script', 'empty');
    await first.runScript(await writeSchemaSql(b.model));
    assertConverged(await introspect(first, options), b.model, "B's inspect script loads into something else");
    assertSameDump(await dumpOf(dbA), b.dump, "B's inspect script loads into something else", 'inspect script of B', 'B');
  } finally {
    await dbA.dispose();
    await dbB.dispose();
  }
}
