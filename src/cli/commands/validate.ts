import { UsageError } from '../../errors.js';
import type { CommandDefinition } from './index.js';

const define: CommandDefinition = (program, wrap) => {
  program
    .command('validate')
    .description('check the database against config validate (required tables, columns, RLS, indexes, FKs) and a reference document')
    .option('--reference <file>', 'also compare with this Markdown reference document (default: config validate.reference)')
    .option('--from <source>', 'validate this source instead of the database: migrations:<dir>, dir:<path>, a URL')
    .option('--format <format>', 'text or json', 'text')
    .action(
      wrap(async (ctx, raw) => {
        const options = raw as { reference?: string; from?: string; format: string };
        if (options.format !== 'text' && options.format !== 'json') throw new UsageError(`--format must be text or json, got "${options.format}"`);
        const tm = await ctx.open();
        const report = await ctx.progress('Validating', () => tm.validate({ reference: options.reference, from: options.from }));
        if (options.format === 'json' || ctx.out.json) {
          process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
          return report.ok ? 0 : 1;
        }
        const c = ctx.out.colors;
        if (report.reference) {
          for (const m of report.reference.mismatches) ctx.out.line(`${c.red('✗')} ${m.kind.padEnd(18)} ${m.message}`);
          const n = report.reference.mismatches.length;
          ctx.out.line(n ? `${n} difference(s) from ${report.reference.file}.` : `${c.green('✓')} the database matches ${report.reference.file}.`);
        }
        for (const f of report.policy) ctx.out.line(`${c.red('✗')} ${f.rule.padEnd(20)} ${f.message}`);
        if (report.rules > 0) ctx.out.line(report.policy.length ? `${report.policy.length} policy failure(s).` : `${c.green('✓')} all ${report.rules} policy rule(s) pass.`);
        if (!report.reference && report.rules === 0) ctx.out.line('nothing to check: configure "validate" rules or pass --reference <file>.');
        return report.ok ? 0 : 1;
      }),
    );
};
export default define;
