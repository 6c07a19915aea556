import type { ScopeOptions } from '../catalog/scope.js';
import path from 'node:path';
import type { ResolvedConfig } from '../config/load.js';
import { introspect, type UnsupportedPolicy } from '../catalog/introspect.js';
import { openDriver } from '../driver/open.js';
import { redactUrl } from '../driver/url.js';
import { UsageError } from '../errors.js';
import { readMigrationDir } from '../migrations/files.js';
import type { SchemaModel } from '../model/types.js';
import { loadSqlFiles, type ShadowOptions } from '../shadow/shadow.js';
import { replayMigrations } from '../shadow/replay.js';
import { withRoleShadow } from '../shadow/roles.js';
import { shadowPrelude } from '../presets/preset.js';

/**
 * A source is anything Tidemark can turn into a schema model, named by one syntax in every
 * command:
 * - a database URL (`postgres://…`, `pglite:<dir>`) — introspected live;
 * - `dir:<path>` — declarative SQL (a directory of .sql files, or one file) loaded into a shadow;
 * - `migrations:<path>` — a migrations directory replayed into a shadow;
 * - `reference:<file.md>` — a Markdown reference document (parsed; see SourceLoaders).
 */
export type SourceSpec =
  | { readonly kind: 'database'; readonly url: string }
  | { readonly kind: 'dir'; readonly path: string }
  | { readonly kind: 'migrations'; readonly path: string }
  | { readonly kind: 'reference'; readonly path: string };

/** parseSource reads the source syntax; paths resolve against `root`. */
export function parseSource(spec: string, root: string): SourceSpec {
  const prefixed = /^(dir|migrations|reference):(.+)$/.exec(spec);
  if (prefixed) {
    const kind = prefixed[1] as 'dir' | 'migrations' | 'reference';
    return { kind, path: path.resolve(root, prefixed[2]!) };
  }
  if (/^(postgres(ql)?:\/\/|pglite:)/.test(spec)) return { kind: 'database', url: spec };
  // A mistyped URL is still a URL: its password is not printed.
  throw new UsageError(`unknown source "${redactUrl(spec)}": expected a database URL, dir:<path>, migrations:<path> or reference:<file.md>`);
}

/**
 * schemaSource is the project's declarative source, config `schema`: a Markdown reference document
 * when the path ends in `.md`, else a directory (or file) of SQL. diff and generate use it as the
 * desired state, so a team may keep the reference document as its single source of truth.
 */
export function schemaSource(project: ResolvedConfig): SourceSpec {
  return /\.(md|markdown)$/i.test(project.schemaPath) ? { kind: 'reference', path: project.schemaPath } : { kind: 'dir', path: project.schemaPath };
}

/**
 * SourceLoaders lets an embedder replace how a `reference:` source is read; by default the
 * reference-doc parser is loaded when the first one is (it is large, and most commands never read one).
 */
export const sourceLoaders: { reference?: (file: string, policy?: UnsupportedPolicy, shadow?: ShadowOptions) => Promise<SchemaModel> } = {};

/**
 * loadSource turns a source into a model. The control schema is never part of it; objects the
 * model cannot represent are refused or, with config `unsupported: 'warn'`, passed to `onWarning`.
 * Owners are part of it with config `owners`. A shadow gets config `roles`, and the roles
 * `liveRoles` lists (the project's database) when the SQL needs one more. Shadows are PGlite, or
 * databases on the dev database server (config `devDatabase`).
 */
export async function loadSource(
  source: SourceSpec,
  project: ResolvedConfig,
  options: { onWarning?: (message: string) => void; liveRoles?: () => Promise<readonly string[]> } = {},
): Promise<SchemaModel> {
  const policy = readPolicy(project, options.onWarning);
  const { controlSchema, owners } = project.config;
  const roles = { names: project.config.roles, live: options.liveRoles, prelude: await shadowPrelude(project.config.preset) };
  const shadow = shadowOptions(project);
  switch (source.kind) {
    case 'database': {
      const db = await openDriver(source.url, project.root, { readOnly: project.readOnly });
      try {
        return await introspect(db, { controlSchema, ...policy, owners });
      } finally {
        await db.close();
      }
    }
    case 'dir':
      return withRoleShadow(roles, async (db) => {
        await loadSqlFiles(db, source.path, project.root);
        return introspect(db, { controlSchema, ...policy, owners });
      }, shadow);
    case 'migrations':
      return withRoleShadow(roles, async (db) => {
        await replayMigrations(db, await readMigrationDir(source.path, project.root));
        return introspect(db, { controlSchema, ...policy, owners });
      }, shadow);
    case 'reference': {
      if (sourceLoaders.reference) return sourceLoaders.reference(source.path, policy, shadow);
      const { loadReference } = await import('../reference/load.js');
      return loadReference(source.path, { ...policy, ...shadow });
    }
    default: {
      const never: never = source;
      throw new Error(`unknown source ${JSON.stringify(never)}`);
    }
  }
}

/** shadowOptions: where the project's shadows come from (config `devDatabase`, `--dev-database`; else PGlite). */
export function shadowOptions(project: ResolvedConfig): ShadowOptions {
  return { devDatabase: project.devDatabase };
}

/** unsupportedPolicy is config `unsupported` with the caller's warning sink. */
export function unsupportedPolicy(project: ResolvedConfig, onWarning?: (message: string) => void): UnsupportedPolicy {
  return onWarning ? { unsupported: project.config.unsupported, onWarning } : { unsupported: project.config.unsupported };
}

/**
 * readPolicy is how every command reads a schema: config `unsupported` and the project's scope
 * (config `schemas`, `excludeSchemas`, `excludeTables`; see catalog/scope.ts).
 */
export function readPolicy(project: ResolvedConfig, onWarning?: (message: string) => void): UnsupportedPolicy & ScopeOptions {
  const { schemas, excludeSchemas, excludeTables } = project.config;
  return { ...unsupportedPolicy(project, onWarning), include: schemas, excludeSchemas, excludeTables };
}
