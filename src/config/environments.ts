import { ConfigError } from '../errors.js';
import { ENVIRONMENT_NAME } from './schema.js';

/**
 * Named environments: config `environments: { dev: {…}, prod: {…} }`, each a set of top-level
 * keys that replace the base config's when that environment is chosen (`--env`, TIDEMARK_ENV).
 * The override is shallow on purpose — `docs: {…}` in an environment replaces the whole `docs`
 * object — so what an environment changes can be read off its entry.
 */

/** MergedEnvironment is the raw config with one environment applied, and the keys that came from it. */
export interface MergedEnvironment {
  readonly raw: Record<string, unknown>;
  /** Keys the environment set, so a validation issue under one names `environments.<name>.<key>`. */
  readonly overridden: ReadonlySet<string>;
}

function environmentsOf(raw: Record<string, unknown>): Record<string, unknown> {
  const environments = raw['environments'];
  return typeof environments === 'object' && environments !== null && !Array.isArray(environments) ? (environments as Record<string, unknown>) : {};
}

/** environmentNames lists the environments a raw config defines (empty when it has none or a malformed key). */
export function environmentNames(raw: Record<string, unknown>): string[] {
  return Object.keys(environmentsOf(raw));
}

/**
 * applyEnvironment merges environment `name` into `raw`. An unknown name is a config error naming
 * the key and the environments there are; an environment may not itself hold `environments`.
 */
export function applyEnvironment(raw: Record<string, unknown>, name: string, file: string | undefined): MergedEnvironment {
  const environments = environmentsOf(raw);
  if (!ENVIRONMENT_NAME.test(name)) throw new ConfigError(file, [`environment "${name}": names are lower-case letters, digits, "_" and "-"`]);
  if (!Object.hasOwn(environments, name)) {
    const known = Object.keys(environments);
    throw new ConfigError(file, [`environments.${name}: no such environment (${known.length ? `config defines ${known.join(', ')}` : 'config defines no environments'})`]);
  }
  const override = environments[name];
  if (typeof override !== 'object' || override === null || Array.isArray(override)) {
    throw new ConfigError(file, [`environments.${name}: expected an object of config keys`]);
  }
  if (Object.hasOwn(override, 'environments')) throw new ConfigError(file, [`environments.${name}.environments: an environment cannot define environments`]);
  return { raw: { ...raw, ...(override as Record<string, unknown>) }, overridden: new Set(Object.keys(override)) };
}
