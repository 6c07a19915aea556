import { unlessUnsupported } from '../output.js';
import { parseRenameHints } from '../../diff/renames.js';
import { UsageError } from '../../errors.js';
import { onlineFlag, planJson, printSql, printSummary, printNotes } from '../render-plan.js';
import type { CommandDefinition } from './index.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

const define: CommandDefinition = (program, wrap) => {
  program
    .command('diff')
    .description('the change plan between two sources (database URL, dir:<path>, migrations:<path>, reference:<file.md>)')
    .option('--from <source>', 'the starting point (default: the project database)')
    .option('--to <source>', 'the goal (default: the declarative schema)')
    .option('--format <format>', 'sql, summary or json', 'sql')
    .option('--no-verify', 'do not prove the plan in a shadow database first')
    .option('--rename <old=new>', 'treat a drop and an add as a rename (table: old=new; column: table.old=new); repeatable', collect)
    .option('--no-online', 'plain forms that block writes, instead of CONCURRENTLY / NOT VALID forms (config online)')
    .action(
      wrap(async (ctx, raw) => {
        const options = raw as { from?: string; to?: string; format: string; rename?: string[]; verify: boolean; online?: boolean };
        if (!['sql', 'summary', 'json'].includes(options.format)) throw new UsageError(`--format must be sql, summary or json, got "${options.format}"`);
        const tm = await ctx.open();
        const plan = await ctx.progress('Comparing', () => tm.diff({ from: options.from, to: options.to, hints: parseRenameHints(options.rename ?? []), verify: options.verify, online: onlineFlag(options) }));
        printNotes(ctx.out, plan);
        // Which proof ran, and why not the cheaper one: a person tuning a slow diff needs to know.
        const how = plan.verification;
        if (ctx.out.verbose && how) process.stderr.write(`verified in ${how.mode} mode${how.detail ? ` (${how.detail})` : ''}${how.notes.map((n) => `; ${n}`).join('')}\n`);
        const verification = how ? { verification: { mode: how.mode, ...(how.detail ? { detail: how.detail } : {}) } } : {};
        if (ctx.out.json || options.format === 'json') process.stdout.write(`${JSON.stringify({ ...(planJson(plan) as object), verified: plan.verified, ...verification }, null, 2)}\n`);
        else if (plan.up.length === 0) ctx.out.line(options.format === 'sql' ? `-- ${unlessUnsupported(ctx.out, 'no changes')}` : unlessUnsupported(ctx.out, 'No changes.'));
        else if (options.format === 'summary') printSummary(ctx.out, plan);
        else printSql(ctx.out, plan);
        return 0;
      }),
    );
};
export default define;
