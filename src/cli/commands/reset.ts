import type { CommandDefinition } from './index.js';
import { eventPrinter } from '../render-events.js';

const define: CommandDefinition = (program, wrap) => {
  program
    .command('reset')
    .description('drop what the schema scope owns and the migration history, apply every migration, and with --seed run the seeds (local dev databases only)')
    .option('--seed', 'run seeds/*.sql|ts after migrating')
    .option('--force', 'also reset a database that is not local, or an environment other than dev')
    .action(
      wrap(async (ctx, raw) => {
        const options = raw as { seed?: boolean; force?: boolean };
        const tm = await ctx.open();
        const result = await tm.reset({ ...options, onEvent: eventPrinter(ctx.out), onSeed: (s) => ctx.out.note(`${ctx.out.colors.green('seeded  ')} ${s.file} ${ctx.out.colors.dim(`(${s.durationMs} ms)`)}`) });
        const { schemas, objects, kept } = result.dropped;
        ctx.out.line(`Reset ${result.database}: dropped ${schemas.length} schema(s)${objects.length ? ` and ${objects.length} object(s)` : ''}${kept.length ? ` (kept ${kept.join(', ')})` : ''}, applied ${result.applied.length} migration(s)${options.seed ? `, ran ${result.seeds.length} seed(s)` : ''}.`);
        ctx.out.document(result);
        return 0;
      }),
    );

  program
    .command('seed')
    .description('run seeds/*.sql|ts (config seeds) in file-name order, each in its own transaction')
    .action(
      wrap(async (ctx) => {
        const tm = await ctx.open();
        const seeds = await tm.seed({ onSeed: (s) => ctx.out.note(`${ctx.out.colors.green('seeded  ')} ${s.file} ${ctx.out.colors.dim(`(${s.durationMs} ms)`)}`) });
        ctx.out.line(seeds.length ? `Ran ${seeds.length} seed(s).` : 'No seeds to run.');
        ctx.out.document({ seeds });
        return 0;
      }),
    );
};
export default define;
