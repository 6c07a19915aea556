import assert from 'node:assert/strict';
import { openDriver, introspect, compareModels, formatDifferences, writeSchemaSql, writeDropSql, type SchemaModel } from '../../src/index.js';
import { diffModels } from '../../src/diff/diff.js';
import { planChanges, type Plan } from '../../src/plan/plan.js';
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
    return await load(scratch, sql, options);
  } finally {
    await scratch.dispose();
  }
}

/** openPair opens two scratch databases at once; if one fails, the other is closed. */
async function openPair(target: DatabaseTarget): Promise<[ScratchDatabase, ScratchDatabase]> {
  const opened = await Promise.allSettled([openScratch(target), openScratch(target)]);
  const failed = opened.find((o) => o.status === 'rejected');
  if (failed) {
    await Promise.all(opened.map((o) => (o.status === 'fulfilled' ? o.value.dispose() : undefined)));
    throw failed.reason;
  }
  return opened.map((o) => (o as PromiseFulfilledResult<ScratchDatabase>).value) as [ScratchDatabase, ScratchDatabase];
}

/**
 * read introspects a scratch database and dumps it: on a server at once (pg_dump has a connection
 * of its own); on PGlite one after the other, since the WebAssembly pg_dump runs in the instance's
 * only session and changes its settings while it runs.
 */
async function read(scratch: ScratchDatabase, options: ConvergeOptions): Promise<{ model: SchemaModel; dump: string }> {
  const dump = () => dumpSchema(scratch.url, { open: scratch.db, ...options });
  if (scratch.db.kind === 'pglite') return { model: await introspect(scratch.db, options), dump: await dump() };
  const [model, dumped] = await Promise.all([introspect(scratch.db, options), dump()]);
  return { model, dump: dumped };
}

/**
 * both runs two pieces of work on two databases: at once on a server; one after the other on
 * PGlite, whose instances share this thread and whose WebAssembly pg_dump is not known to run
 * twice at a time.
 */
async function both<A, B>(kind: 'postgres' | 'pglite', first: () => Promise<A>, second: () => Promise<B>): Promise<[A, B]> {
  if (kind === 'pglite') return [await first(), await second()];
  return Promise.all([first(), second()]);
}

async function load(scratch: ScratchDatabase, sql: string, options: ConvergeOptions): Promise<{ model: SchemaModel; dump: string }> {
  if (sql.trim()) await scratch.db.runScript(sql);
  return read(scratch, options);
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
  const [dbA, dbB] = await openPair(target);
  try {
    // On a server the two sides load, introspect and dump at once (pg_dump is a process of its own).
    const [a, b] = await both(dbA.db.kind, () => load(dbA, sqlA, options), () => load(dbB, sqlB, options));
    const db = dbA.db;
    const plan = await planChanges(diffModels(a.model, b.model), a.model, b.model, { serverVersion: options.serverVersion ?? (await serverVersionNum(db)), online: options.online });
    await applyStatements(db, plan.up);
    const up = await read(dbA, options);
    assertConverged(up.model, b.model, 'after plan(A→B), A differs from B');
    assertSameDump(up.dump, b.dump, 'after plan(A→B), A differs from B', 'A after plan', 'B');
    await applyStatements(db, plan.down);
    const down = await read(dbA, options);
    assertConverged(down.model, a.model, 'after the reverse plan, A differs from its old self');
    assertSameDump(down.dump, a.dump, 'after the reverse plan, A differs from its old self', 'A after down', 'A');
    assert.deepEqual(diffModels(b.model, b.model), [], 'a model has no changes against itself');
  } finally {
    await Promise.all([dbA.dispose(), dbB.dispose()]);
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
  const [dbA, dbB] = await openPair(target);
  try {
    const first = dbA.db;
    const dumpOf = (scratch: ScratchDatabase) => dumpSchema(scratch.url, { open: scratch.db, ...options });
    const empty = await dumpOf(dbA);
    const [a, b] = await both(first.kind, () => load(dbA, sqlA, options), () => load(dbB, sqlB, options));
    const oneWay = async (scratch: ScratchDatabase, from: typeof a, to: typeof a, label: string) => {
      const db = scratch.db;
      const plan = await planChanges(diffModels(from.model, to.model), from.model, to.model, { serverVersion: options.serverVersion ?? (await serverVersionNum(db)) });
      await applyStatements(db, plan.up);
      const up = await read(scratch, options);
      assertConverged(up.model, to.model, `after plan(${label}), the database differs from its target`);
      assertSameDump(up.dump, to.dump, `after plan(${label}), the database differs from its target`, 'after plan', 'target');
      await applyStatements(db, plan.down);
      const down = await read(scratch, options);
      assertConverged(down.model, from.model, `after the reverse of plan(${label}), the database differs from its old self`);
      assertSameDump(down.dump, from.dump, `after the reverse of plan(${label}), the database differs from its old self`, 'after down', 'before');
    };
    // The two directions run in databases of their own, so on a server they run at once.
    await both(first.kind, () => oneWay(dbA, a, b, 'A→B'), () => oneWay(dbB, b, a, 'B→A'));
    assert.deepEqual(diffModels(b.model, b.model), [], 'a model has no changes against itself');

    await first.runScript(await writeDropSql(a.model));
    assertSameDump(await dumpOf(dbA), empty, "A's drop script leaves something behind", 'after drop script', 'empty');
    await first.runScript(await writeSchemaSql(b.model));
    const inspected = await read(dbA, options);
    assertConverged(inspected.model, b.model, "B's inspect script loads into something else");
    assertSameDump(inspected.dump, b.dump, "B's inspect script loads into something else", 'inspect script of B', 'B');
  } finally {
    await Promise.all([dbA.dispose(), dbB.dispose()]);
  }
}

/** planOf loads A and B into two scratch databases of the target and plans A→B. */
export async function planOf(target: DatabaseTarget, sqlA: string, sqlB: string, options: ConvergeOptions = {}): Promise<Plan> {
  const [dbA, dbB] = await openPair(target);
  try {
    const [a, b] = await both(dbA.db.kind, () => load(dbA, sqlA, options), () => load(dbB, sqlB, options));
    return await planChanges(diffModels(a.model, b.model), a.model, b.model, { serverVersion: options.serverVersion ?? (await serverVersionNum(dbA.db)), online: options.online });
  } finally {
    await Promise.all([dbA.dispose(), dbB.dispose()]);
  }
}
