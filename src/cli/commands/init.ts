import { PRESET_NAMES, type PresetName } from '../../presets/preset.js';
import { UsageError } from '../../errors.js';
import type { CommandDefinition } from './index.js';

const define: CommandDefinition = (program, wrap) => {
  program
    .command('init')
    .description('scaffold tidemark.config.ts, migrations/ and schema/ (never overwrites)')
    .option('--preset <name>', `the platform the database lives on: ${PRESET_NAMES.join(' | ')} (config preset)`)
    .action(
      wrap(async (ctx, raw) => {
        const { preset } = raw as { preset?: string };
        if (preset !== undefined && !(PRESET_NAMES as readonly string[]).includes(preset)) {
          throw new UsageError(`--preset ${preset}: expected one of ${PRESET_NAMES.join(', ')}`);
        }
        const { initProject } = await import('../../project/init.js');
        const result = await initProject(ctx.cwd, { preset: preset as PresetName | undefined });
        for (const item of result.created) ctx.out.line(`created ${item}`);
        for (const item of result.skipped) ctx.out.line(`exists  ${item} (left alone)`);
        ctx.out.document(result);
        return 0;
      }),
    );
};
export default define;
