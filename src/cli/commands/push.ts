import { unlessUnsupported } from '../output.js';
import { onlineFlag, planJson, printSql, printSummary, printNotes } from '../render-plan.js';
import type { CommandDefinition } from './index.js';

const define: CommandDefinition = (program, wrap) => {
  program
    .command('push')
    .description('apply the declarative schema straight to a development database, in one transaction (CONCURRENTLY builds run outside it)')
    .option('--accept-data-loss', 'allow changes that drop tables, columns or data')
    .option('--no-verify', 'do not prove the plan in a shadow database first')
    .option('--dry-run', 'print the SQL; change nothing')
    .option('--no-online', 'plain forms that block writes, instead of CONCURRENTLY / NOT VALID forms (config online)')
    .action(
      wrap(async (ctx, raw) => {
        const options = raw as { acceptDataLoss?: boolean; dryRun?: boolean; verify: boolean; online?: boolean };
        const tm = await ctx.open();
        const { applied, plan, verified } = await ctx.progress(options.dryRun ? 'Planning' : 'Pushing', () => tm.push({ acceptDataLoss: options.acceptDataLoss, dryRun: options.dryRun, verify: options.verify, online: onlineFlag(options) }));
        printNotes(ctx.out, plan);
        if (plan.up.length === 0) ctx.out.line(unlessUnsupported(ctx.out, 'No changes: the database already matches the schema.'));
        else {
          printSummary(ctx.out, plan);
          if (options.dryRun) {
            ctx.out.line();
            printSql(ctx.out, plan);
            if (plan.destructive && !options.acceptDataLoss) {
              ctx.out.line();
              ctx.out.line('The changes marked ! lose data: "tidemark push" refuses them without --accept-data-loss.');
            }
          } else if (applied) ctx.out.line(`Pushed ${plan.changes.filter((c) => !c.implied).length} change(s).`);
        }
        ctx.out.document({ applied, verified, plan: planJson(plan) });
        return 0;
      }),
    );
};
export default define;
