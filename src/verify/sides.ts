import type { ResolvedConfig } from '../config/load.js';
import type { Driver } from '../driver/driver.js';
import { openDriver } from '../driver/open.js';
import { readMigrationDir } from '../migrations/files.js';
import type { SchemaModel } from '../model/types.js';
import type { Plan } from '../plan/plan.js';
import { replayMigrations } from '../shadow/replay.js';
import { shadowPrelude } from '../presets/preset.js';
import { loadSqlFiles } from '../shadow/shadow.js';
import { shadowOptions, type SourceSpec } from '../sources/source.js';
import { parseDatabaseUrl } from '../driver/url.js';
import { verifyClosure } from './closure-verify.js';
import { verifyPlan, type PlanSide, type Verification } from './verify.js';

/** Verified says whether a plan was proven in a shadow (`true`) or the check was skipped. */
export type Verified = true | 'skipped';

/** SideOf is one end of a plan: where its model came from (no source: the project's database) and the model. */
export interface SideOf {
  /** `model`: the side exists only as its model, whose creation script the shadow loads. */
  readonly source: SourceSpec | 'model' | undefined;
  readonly model: SchemaModel;
}

/** ProveContext is what proving needs from a project: its config, its database, its live roles. */
export interface ProveContext {
  readonly project: ResolvedConfig;
  /** The project's open database connection. */
  readonly db: () => Promise<Driver>;
  /** The live database's roles, for a shadow whose SQL needs a role config `roles` lacks. */
  readonly liveRoles?: () => Promise<readonly string[]>;
}

/**
 * provePlan verifies a plan between two sources (see {@link verifyPlan}): declarative files and
 * migrations are rebuilt from their own SQL, a database from its model's creation script and
 * checked against the database itself. Between two live databases that can both be read, the
 * plan is proven by its closure when that is safe (see {@link verifyClosure}), else in full.
 * Returns how it was proven, with notes on what could not be compared (a live server of another
 * major version than the shadow).
 */
export async function provePlan(ctx: ProveContext, from: SideOf, to: SideOf, plan: Plan): Promise<Verification> {
  const { project } = ctx;
  const roles = { names: project.config.roles, live: ctx.liveRoles, prelude: await shadowPrelude(project.config.preset) };
  const { schemas, excludeSchemas, excludeTables } = project.config;
  const options = { roles, shadow: shadowOptions(project), controlSchema: project.config.controlSchema, owners: project.config.owners, include: schemas, excludeSchemas, excludeTables };
  const liveTarget = secondLive(ctx, from, to);
  let why = typeof liveTarget === 'string' ? liveTarget : '';
  const [source, target] = [sideOf(ctx, from), sideOf(ctx, { ...to, live: typeof liveTarget !== 'string' })];
  try {
    const [s, t] = [await source.side, await target.side];
    if (s.live && t.live) {
      const proven = await verifyClosure({ model: s.model, live: s.live }, { model: t.model, live: t.live }, plan, options, (reason) => (why = reason));
      if (proven) return proven;
    }
    const full = await verifyPlan(s, { model: t.model, ...(t.load ? { load: t.load } : {}) }, plan, options);
    return { ...full, detail: why || 'the source and target are not both databases' };
  } finally {
    await Promise.all([source.close(), target.close()]);
  }
}

/**
 * Whether the target can be opened as a live database beside the source (closure verification
 * needs both), or why not: a PGlite directory cannot be open twice, and `pglite:memory` is a new,
 * empty database each time it is opened.
 */
function secondLive(ctx: ProveContext, from: SideOf, to: SideOf): true | string {
  if (from.source === 'model' || (from.source !== undefined && from.source.kind !== 'database')) return 'the source is not a database';
  if (to.source === undefined || to.source === 'model' || to.source.kind !== 'database') return 'the target is not a database';
  const root = ctx.project.root;
  const target = parseDatabaseUrl(to.source.url, root);
  const source = parseDatabaseUrl(from.source === undefined ? ctx.project.databaseUrl : from.source.url, root);
  if (from.source !== undefined && source.kind === 'pglite' && source.dataDir === undefined) return 'the source database cannot be opened a second time';
  if (target.kind === 'pglite' && (target.dataDir === undefined || (source.kind === 'pglite' && source.dataDir === target.dataDir))) return 'the target database cannot be opened a second time';
  return true;
}

/**
 * Only the source is compared with its live database; a target that is a database is rebuilt from
 * its model alone, so it is not opened again (a PGlite directory cannot be open twice, and
 * `diff --from X --to X` names one).
 */
function sideOf(ctx: ProveContext, { source, model, live = true }: SideOf & { live?: boolean }): { side: Promise<PlanSide>; close: () => Promise<void> } {
  const root = ctx.project.root;
  const none = async () => {};
  if (source === 'model' || (!live && (source === undefined || source.kind === 'database'))) return { side: Promise.resolve({ model }), close: none };
  switch (source?.kind) {
    case undefined:
      return { side: ctx.db().then((live) => ({ model, live })), close: none };
    case 'database': {
      // A database named as a source was opened and closed by its loader; it is opened again here.
      const opened = openDriver(source.url, root, { readOnly: ctx.project.readOnly });
      return { side: opened.then((live) => ({ model, live })), close: async () => (await opened.catch(() => undefined))?.close() };
    }
    case 'dir':
      return { side: Promise.resolve({ model, load: (db) => loadSqlFiles(db, source.path, root) }), close: none };
    case 'migrations':
      return { side: Promise.resolve({ model, load: async (db) => replayMigrations(db, await readMigrationDir(source.path, root)) }), close: none };
    case 'reference':
      return { side: Promise.resolve({ model }), close: none };
  }
}
