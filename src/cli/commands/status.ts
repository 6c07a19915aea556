import type { CommandDefinition } from './index.js';
import type { MigrationState } from '../../migrations/status.js';

const define: CommandDefinition = (program, wrap) => {
  program
    .command('status')
    .description('applied, pending, missing, changed and out-of-order migrations')
    .action(
      wrap(async (ctx) => {
        const tm = await ctx.open();
        const report = await tm.status();
        const c = ctx.out.colors;
        const paint: Record<MigrationState, (s: string) => string> = {
          applied: c.green,
          pending: c.cyan,
          'out-of-order': c.yellow,
          changed: c.red,
          missing: c.red,
        };
        ctx.out.line(`Database: ${report.database} (control schema "${report.controlSchema}")`);
        ctx.out.line(`Current:  ${report.current ?? 'none applied'}`);
        ctx.out.line();
        const width = Math.max(0, ...report.migrations.map((m) => m.version.length + m.name.length + 1));
        for (const m of report.migrations) {
          const label = paint[m.state](m.state.padEnd(12));
          const when = m.appliedAt ? c.dim(`${m.appliedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z')} by ${m.appliedBy} (${m.executionMs} ms)`) : '';
          const about = m.description ? `  ${m.description}` : '';
          ctx.out.line(`  ${label} ${`${m.version}_${m.name}`.padEnd(width)}  ${when}${about}`.trimEnd());
        }
        if (report.migrations.length === 0) ctx.out.line('  no migrations yet (create one with "tidemark new <name>")');
        ctx.out.line();
        const parts = (Object.entries(report.counts) as [MigrationState, number][]).filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s}`);
        ctx.out.line(`Summary: ${parts.join(', ') || 'nothing'}`);
        ctx.out.document(report);
        return 0;
      }),
    );
};
export default define;
