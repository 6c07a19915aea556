import v8 from 'node:v8';
import { formatReport, LINT_FORMATS, type LintFormat } from '../../index.js';
import { UsageError } from '../../errors.js';
import type { CommandDefinition } from './index.js';

const define: CommandDefinition = (program, wrap) => {
  program
    .command('lint')
    .description('check migrations for statements that break production (locks, data loss, reserved words ...)')
    .argument('[files...]', 'migration files or directories (default: the pending migrations, which needs the database)')
    .option('--since <ref>', 'lint the migration files changed since this git ref, plus untracked ones')
    .option('--format <format>', 'text, json or github (workflow annotations)', 'text')
    .action(
      wrap(async (ctx, files, raw) => {
        const options = raw as { since?: string; format: string };
        const format = (ctx.globals.json ? 'json' : options.format) as LintFormat;
        if (!LINT_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${LINT_FORMATS.join(', ')}, got "${options.format}"`);
        // libpg-query is a large WebAssembly module. V8 first compiles it with its baseline
        // compiler (Liftoff) and then re-optimizes hot functions with TurboFan; in a short lint
        // run that recompilation costs more than it saves (parsing 500 files measured ~7x
        // faster without it, bench/lint.mjs). Set before the parser loads; this process only.
        v8.setFlagsFromString('--liftoff-only');
        const tm = await ctx.open();
        const report = await tm.lint({ files: files as string[], since: options.since, cwd: ctx.cwd });
        const c = ctx.out.colors;
        process.stdout.write(formatReport(report, format, { error: c.red, warn: c.yellow, dim: c.dim, bold: c.bold }));
        return report.errors > 0 ? 1 : 0;
      }),
    );
};
export default define;
