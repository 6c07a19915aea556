import { unlessUnsupported } from '../output.js';
import { planJson, printSummary, printSql, printNotes } from '../render-plan.js';
import type { CommandDefinition } from './index.js';

const define: CommandDefinition = (program, wrap) => {
  program
    .command('drift')
    .description('compare the live database with the replayed migrations; exit 1 with the reconciling SQL when they differ')
    .action(
      wrap(async (ctx) => {
        const tm = await ctx.open();
        const { drifted, plan } = await ctx.progress('Comparing the database with its source', () => tm.drift());
        printNotes(ctx.out, plan);
        if (!drifted) ctx.out.line(unlessUnsupported(ctx.out, 'No drift: the database matches the migrations.'));
        else {
          ctx.out.line('Drift: the database differs from what the migrations produce. To make it match them:');
          printSummary(ctx.out, plan);
          ctx.out.line();
          printSql(ctx.out, plan);
        }
        ctx.out.document({ drifted, plan: planJson(plan) });
        return drifted ? 1 : 0;
      }),
    );
};
export default define;
