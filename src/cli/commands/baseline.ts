import path from 'node:path';
import type { CommandDefinition } from './index.js';
import { eventPrinter } from '../render-events.js';

const define: CommandDefinition = (program, wrap) => {
  program
    .command('baseline')
    .description('adopt an existing database: write its schema as the first migration (with a down section) and stamp it as applied')
    .option('--name <name>', 'the migration name', 'baseline')
    .option('--force', 'baseline even if migration files exist or the history is not empty (stamps those files too)')
    .action(
      wrap(async (ctx, raw) => {
        const options = raw as { name: string; force?: boolean };
        const tm = await ctx.open();
        const { baseline } = await import('../../adopt/baseline.js');
        const result = await baseline(tm, { name: options.name, force: options.force });
        const shown = path.relative(ctx.cwd, path.resolve(tm.project.root, result.file));
        const { tables, views, functions, types } = result.objects;
        ctx.out.line(`wrote ${shown} (${tables} table(s), ${views} view(s), ${functions} function(s), ${types} type(s))`);
        const printer = eventPrinter(ctx.out);
        for (const step of result.stamped) printer({ type: 'stamp', version: step.version, name: step.name });
        ctx.out.line(`Stamped ${result.stamped.length} migration(s) as applied: the database is at ${result.version}.`);
        ctx.out.document({ ...result, file: shown });
        return 0;
      }),
    );
};
export default define;
