import type { CommandDefinition } from './index.js';
import { positiveInt } from '../flags.js';

const define: CommandDefinition = (program, wrap) => {
  program
    .command('history')
    .description('every apply, revert and stamp: who, when, how long (newest first)')
    .option('--limit <n>', 'show at most n entries')
    .action(
      wrap(async (ctx, raw) => {
        const { limit } = raw as { limit?: string };
        const max = positiveInt('--limit', limit);
        const tm = await ctx.open();
        const events = await tm.history({ limit: max });
        for (const e of events) {
          ctx.out.line(`${e.at.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}  ${e.action.padEnd(5)}  ${e.version}_${e.name}  by ${e.by}  (${e.executionMs} ms)${e.description ? `  ${e.description}` : ''}`);
        }
        if (events.length === 0) ctx.out.line('No history yet.');
        ctx.out.document({ events });
        return 0;
      }),
    );
};
export default define;
