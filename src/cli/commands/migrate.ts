import type { CommandDefinition } from './index.js';
import { eventPrinter } from '../render-events.js';
import { printChangeReport } from '../render-report.js';
import { TimingLog } from '../render-timing.js';

const define: CommandDefinition = (program, wrap) => {
  program
    .command('migrate')
    .description('apply pending migrations, each in its own transaction, under an advisory lock')
    .option('--to <version>', 'apply up to and including this version')
    .option('--dry-run', 'print the SQL that would run; change nothing')
    .option('--allow-out-of-order', 'also apply pending versions older than the newest applied one')
    .option('--report', 'introspect before and after, and report what the run changed (also in --json)')
    .action(
      wrap(async (ctx, raw) => {
        const { report: wantReport, ...options } = raw as { to?: string; dryRun?: boolean; allowOutOfOrder?: boolean; report?: boolean };
        const timing = new TimingLog(ctx.out);
        const tm = await timing.time('config', () => ctx.open());
        const onEvent = eventPrinter(ctx.out, timing);
        const { applied: steps, report } = wantReport ? await tm.migrate({ ...options, onEvent, report: true }) : { applied: await tm.migrate({ ...options, onEvent }), report: undefined };
        const total = steps.reduce((sum, s) => sum + s.durationMs, 0);
        if (options.dryRun) ctx.out.line(steps.length ? `-- dry run: ${steps.length} migration(s) would be applied; nothing was changed` : 'Nothing to migrate.');
        else ctx.out.line(steps.length ? `Applied ${steps.length} migration(s) in ${total} ms.` : 'Nothing to migrate: the database is up to date.');
        if (report) printChangeReport(ctx.out, report);
        timing.print({ count: steps.length, ms: total });
        ctx.out.document({ dryRun: options.dryRun === true, applied: steps, ...(report ? { report } : {}) });
        return 0;
      }),
    );
};
export default define;
