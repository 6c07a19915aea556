import path from 'node:path';
import type { CommandDefinition } from './index.js';

const define: CommandDefinition = (program, wrap) => {
  program
    .command('new')
    .argument('<name>', 'what the migration does, e.g. add_invoices')
    .description('create migrations/<timestamp>_<name>.sql with up and down sections (and rewrite migrations/tidemark.sum)')
    .action(
      wrap(async (ctx, name) => {
        const tm = await ctx.open();
        const file = await tm.newMigration(String(name));
        const shown = path.relative(ctx.cwd, file);
        ctx.out.line(`created ${shown}`);
        ctx.out.document({ file: shown });
        return 0;
      }),
    );
};
export default define;
