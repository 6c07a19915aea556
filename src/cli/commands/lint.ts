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
    // Repeatable rather than variadic, so `--profile citus migrations/` leaves the files alone.
    .option('--profile <name>', 'also run the rules of a profile: citus (what row-based Citus sharding needs); repeatable', (name: string, list: string[]) => [...list, name], [] as string[])
    .action(
      wrap(async (ctx, files, raw) => {
        const options = raw as { since?: string; format: string; profile?: string[] };
        const format = (ctx.globals.json ? 'json' : options.format) as LintFormat;
        if (!LINT_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${LINT_FORMATS.join(', ')}, got "${options.format}"`);
        // A lint run is short and does each thing once per file, so V8's optimizing compilers
        // cost more than they save: TurboFan recompiling our hot JavaScript, and for
        // libpg-query's large WebAssembly module, tiering up from the baseline compiler
        // (Liftoff). Without both, linting 500 files took about half the CPU time
        // (bench/lint.mjs). Set before the parser loads; they affect this process only.
        v8.setFlagsFromString('--liftoff-only');
        v8.setFlagsFromString('--no-turbofan');
        const tm = await ctx.open();
        const report = await tm.lint({ files: files as string[], since: options.since, cwd: ctx.cwd, profiles: options.profile });
        const c = ctx.out.colors;
        process.stdout.write(formatReport(report, format, { error: c.red, warn: c.yellow, dim: c.dim, bold: c.bold }));
        return report.errors > 0 ? 1 : 0;
      }),
    );
};
export default define;
