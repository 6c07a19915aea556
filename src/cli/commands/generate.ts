import { unlessUnsupported } from '../output.js';
import { parseRenameHints } from '../../diff/renames.js';
import { onlineFlag, printSummary, printNotes } from '../render-plan.js';
import type { CommandDefinition } from './index.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

const define: CommandDefinition = (program, wrap) => {
  program
    .command('generate')
    .argument('<name>', 'what the migration does, e.g. add_payments')
    .description('write the migration (up and down) that takes the migrations to the declarative schema')
    .option('--no-verify', 'do not prove the plan in a shadow database first')
    .option('--rename <old=new>', 'treat a drop and an add as a rename (table: old=new; column: table.old=new); repeatable', collect)
    .option('--no-online', 'plain forms that block writes, instead of CONCURRENTLY / NOT VALID forms (config online)')
    .action(
      wrap(async (ctx, name, raw) => {
        const options = raw as { rename?: string[]; verify: boolean; online?: boolean };
        const tm = await ctx.open();
        const result = await ctx.progress('Planning the migration', () => tm.generate(String(name), { hints: parseRenameHints(options.rename ?? []), verify: options.verify, online: onlineFlag(options) }));
        printNotes(ctx.out, result.plan);
        if (result.files.length === 0) ctx.out.line(unlessUnsupported(ctx.out, 'No changes: the migrations already produce the declarative schema.'));
        else {
          printSummary(ctx.out, result.plan);
          for (const file of result.files) ctx.out.line(`wrote ${file}`);
        }
        ctx.out.document({ files: result.files, verified: result.verified, changes: result.plan.changes.filter((c) => !c.implied).map((c) => c.summary) });
        return 0;
      }),
    );
};
export default define;
