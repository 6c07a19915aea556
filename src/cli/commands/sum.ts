import type { CommandDefinition } from './index.js';

const define: CommandDefinition = (program, wrap) => {
  program
    .command('sum')
    .description('rewrite migrations/tidemark.sum from the migration files (after checking them), or --check it')
    .option('--check', 'only compare; exit 2 when the file is missing or does not match')
    .action(
      wrap(async (ctx, raw) => {
        const result = await (await ctx.open()).sum({ check: (raw as { check?: boolean }).check });
        if (!result.written) ctx.out.line(`${result.file} matches the migrations.`);
        else ctx.out.line(`wrote ${result.file}${result.problems.length ? ` (was: ${result.problems.join(', ')})` : ''}`);
        ctx.out.document(result);
        return 0;
      }),
    );
};
export default define;
