import type { CommandDefinition } from './index.js';

const define: CommandDefinition = (program, wrap) => {
  program
    .command('squash')
    .description('replace the migrations up to a version with one baseline, proven identical by replay; deletes the old files (version control keeps them)')
    .option('--to <version>', 'the newest migration to squash (default: the newest file)')
    .option('--name <name>', 'the baseline migration name', 'squashed')
    .option('--force', 'squash even though replaced migrations change data (INSERT, UPDATE, …) or are TypeScript')
    .action(
      wrap(async (ctx, raw) => {
        const options = raw as { to?: string; name: string; force?: boolean };
        const result = await (await ctx.open()).squash(options);
        for (const file of result.removed) ctx.out.line(`removed ${file}`);
        ctx.out.line(`wrote ${result.file}: ${result.replaces.length} migrations squashed into version ${result.version}, proven identical by replay (${result.provenObjects} objects compared)`);
        ctx.out.document(result);
        return 0;
      }),
    );
};
export default define;
