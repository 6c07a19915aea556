import fs from 'node:fs/promises';

/**
 * A preset describes a platform a project's database lives on: what that platform puts into every
 * database before the project's first migration (loaded into each shadow before the project's SQL,
 * so migrations that reference it replay) and which schemas are the platform's, never the
 * project's (left out of the scope of every command, like config `excludeSchemas`).
 */
export interface Preset {
  readonly name: PresetName;
  /** Schemas the platform owns: never diffed, documented, typed or dropped. */
  readonly schemas: readonly string[];
  /** The SQL asset that stands in for the platform's own objects, next to this module. */
  readonly asset: string;
}

/** The presets config `preset` accepts. */
export const PRESET_NAMES = ['supabase'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/**
 * SUPABASE_SCHEMAS are the schemas Supabase's images and services create and manage: auth
 * (GoTrue), storage, realtime, the extension and GraphQL schemas, Edge Functions' hooks, the
 * Supabase CLI's migration history, Vault and pgsodium, pg_net, pg_cron, the pooler's and the
 * analytics services' own.
 */
export const SUPABASE_SCHEMAS: readonly string[] = [
  'auth',
  'storage',
  'extensions',
  'graphql',
  'graphql_public',
  'realtime',
  '_realtime',
  'supabase_functions',
  'supabase_migrations',
  'vault',
  'pgsodium',
  'pgsodium_masks',
  'net',
  'cron',
  'pgbouncer',
  'pgtle',
  'pgmq',
  '_analytics',
  '_supavisor',
];

const PRESETS: Record<PresetName, Preset> = {
  supabase: { name: 'supabase', schemas: SUPABASE_SCHEMAS, asset: 'supabase.sql' },
};

/** presetOf returns the preset of that name. */
export function presetOf(name: PresetName): Preset {
  return PRESETS[name];
}

const loaded = new Map<PresetName, Promise<string>>();

/**
 * presetSql is the SQL a preset loads into a shadow (and that can stand in for the platform in a
 * plain PostgreSQL database): `src/presets/<name>.sql`, copied next to the compiled modules by the
 * build. It is read once per process.
 *
 * @example await db.runScript(await presetSql('supabase'));
 */
export function presetSql(name: PresetName): Promise<string> {
  let text = loaded.get(name);
  if (!text) {
    // Resolved from this module in dist/src/presets and from the CLI bundle in dist/src/cli alike.
    text = fs.readFile(new URL(`../presets/${PRESETS[name].asset}`, import.meta.url), 'utf8');
    loaded.set(name, text);
  }
  return text;
}

/**
 * withPresetScope adds the schemas of a config's preset to its `excludeSchemas`, so every command
 * that applies the config's scope leaves them out (catalog/scope.ts).
 */
export function withPresetScope<T extends { readonly preset?: PresetName | undefined; readonly excludeSchemas: readonly string[] }>(config: T): T {
  if (!config.preset) return config;
  const schemas = presetOf(config.preset).schemas.filter((s) => !config.excludeSchemas.includes(s));
  return { ...config, excludeSchemas: [...config.excludeSchemas, ...schemas] };
}

/** shadowPrelude is the SQL a shadow of a project with this preset loads before the project's SQL (none without a preset). */
export async function shadowPrelude(preset: PresetName | undefined): Promise<string | undefined> {
  return preset ? presetSql(preset) : undefined;
}
