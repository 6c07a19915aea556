import type { CommandDefinition } from './index.js';

const define: CommandDefinition = (program, wrap) => {
  const db = program.command('db').description('create or drop the configured database');
  db.command('create')
    .description('create the database (a server database from "postgres", or a PGlite directory); nothing to do when it exists')
    .action(
      wrap(async (ctx) => {
        const result = await (await ctx.open()).createDatabase();
        ctx.out.line(result.changed ? `Created ${result.database}.` : `${result.database} already exists.`);
        ctx.out.document(result);
        return 0;
      }),
    );
  db.command('drop')
    .description('drop the database (local dev databases only without --force)')
    .option('--force', 'also drop a database that is not local, or of an environment other than dev')
    .action(
      wrap(async (ctx, raw) => {
        const result = await (await ctx.open()).dropDatabase({ force: (raw as { force?: boolean }).force });
        ctx.out.line(result.changed ? `Dropped ${result.database}.` : `${result.database} does not exist.`);
        ctx.out.document(result);
        return 0;
      }),
    );
};
export default define;
