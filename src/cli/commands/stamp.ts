import type { CommandDefinition } from './index.js';
import { eventPrinter } from '../render-events.js';

const define: CommandDefinition = (program, wrap) => {
  program
    .command('stamp')
    .argument('<version>', 'the version the database already matches')
    .description('record <version> and every unapplied version below it as applied, without running them')
    .action(
      wrap(async (ctx, version) => {
        const tm = await ctx.open();
        const stamped = await tm.stamp(String(version), { onEvent: eventPrinter(ctx.out) });
        ctx.out.line(`Stamped ${stamped.length} migration(s).`);
        ctx.out.document({ stamped });
        return 0;
      }),
    );
};
export default define;
