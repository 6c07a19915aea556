import fs from 'node:fs/promises';
import path from 'node:path';
import type { PresetName } from '../presets/preset.js';
import { configTemplate } from './init.js';

/**
 * PresetSetting says how {@link setConfigPreset} left the config: `created` a config naming the
 * preset, `added` the key to an existing one, found it `present`, or could not edit the file
 * safely (`manual`: the user is told which line to add).
 */
export interface PresetSetting {
  readonly status: 'created' | 'added' | 'present' | 'manual';
  /** The config file, relative to the project root. */
  readonly file: string;
}

/**
 * setConfigPreset makes a project's config name a preset (`import --from supabase`). A JSON config
 * is parsed and rewritten; a TypeScript or JavaScript config gets one line after its single
 * `defineConfig({`, or, when it has no such line or names a preset already, is left alone.
 */
export async function setConfigPreset(root: string, configFile: string | undefined, preset: PresetName, migrations: string): Promise<PresetSetting> {
  if (!configFile) {
    const file = path.join(root, 'tidemark.config.ts');
    await fs.writeFile(file, configTemplate({ preset, migrations, database: false }), { flag: 'wx' });
    return { status: 'created', file: path.relative(root, file) };
  }
  const shown = path.relative(root, configFile) || configFile;
  const text = await fs.readFile(configFile, 'utf8');
  if (configFile.endsWith('.json')) {
    const config = JSON.parse(text) as Record<string, unknown>;
    if (config['preset'] !== undefined) return { status: 'present', file: shown };
    await fs.writeFile(configFile, `${JSON.stringify({ ...config, preset }, null, 2)}\n`);
    return { status: 'added', file: shown };
  }
  if (/^\s*preset\s*:/m.test(text)) return { status: 'present', file: shown };
  const opening = 'defineConfig({';
  const at = text.indexOf(opening);
  if (at === -1 || text.indexOf(opening, at + 1) !== -1) return { status: 'manual', file: shown };
  const end = at + opening.length;
  await fs.writeFile(configFile, `${text.slice(0, end)}\n  preset: '${preset}',${text.slice(end)}`);
  return { status: 'added', file: shown };
}
