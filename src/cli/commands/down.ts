import { positiveInt } from '../flags.js';
import type { CommandDefinition } from './index.js';
import { eventPrinter } from '../render-events.js';
import { TimingLog } from '../render-timing.js';

const define: CommandDefinition = (program, wrap) => {
  program
    .command('down')
    .description('revert applied migrations, newest first (default: the newest one)')
    .option('--steps <n>', 'revert this many migrations')
    .option('--to <version>', 'revert everything newer than <version>; "base" reverts all')
    .option('--dry-run', 'print the SQL that would run; change nothing')
    .action(
      wrap(async (ctx, raw) => {
        const options = raw as { steps?: string; to?: string; dryRun?: boolean };
        const steps = positiveInt('--steps', options.steps);
        const timing = new TimingLog(ctx.out);
        const tm = await timing.time('config', () => ctx.open());
        const reverted = await tm.down({ steps, to: options.to, dryRun: options.dryRun, onEvent: eventPrinter(ctx.out, timing) });
        if (options.dryRun) ctx.out.line(`-- dry run: ${reverted.length} migration(s) would be reverted; nothing was changed`);
        else ctx.out.line(reverted.length ? `Reverted ${reverted.length} migration(s).` : 'Nothing to revert.');
        timing.print({ count: reverted.length, ms: reverted.reduce((sum, s) => sum + s.durationMs, 0) });
        ctx.out.document({ dryRun: options.dryRun === true, reverted });
        return 0;
      }),
    );
};
export default define;
