import v8 from 'node:v8';
import { formatReport, LINT_FORMATS, type LintFormat } from '../../lint/report.js';
import { UsageError } from '../../errors.js';
import type { CommandDefinition } from './index.js';

const define: CommandDefinition = (program, wrap) => {
  program
    .command('lint')
    .description('check migrations for statements that break production (locks, data loss, reserved words ...)')
    .argument('[files...]', 'migration files or directories (default: the pending migrations, which needs the database)')
    .option('--since <ref>', 'lint the migration files changed since this git ref, plus untracked ones')
    .option('--format <format>', 'text, json or github (workflow annotations)', 'text')
    .option('--fix', 'rewrite the files into the safe forms where that is mechanical (adding the migrations they need) and print the diff')
    // Repeatable rather than variadic, so `--profile citus migrations/` leaves the files alone.
    .option('--profile <name>', 'also run the rules of a profile: citus (what row-based Citus sharding needs); repeatable', (name: string, list: string[]) => [...list, name], [] as string[])
    .action(
      wrap(async (ctx, files, raw) => {
        const options = raw as { since?: string; format: string; fix?: boolean; profile?: string[] };
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
        const c = ctx.out.colors;
        if (options.fix) {
          const fixed = await tm.lintFix({ files: files as string[], since: options.since, cwd: ctx.cwd, profiles: options.profile });
          if (format === 'json') {
            const { changed, left, diff, report } = fixed;
            process.stdout.write(`${JSON.stringify({ changed: changed.map((f) => f.displayPath), fixed: fixed.fixed.length, left: left.map((l) => ({ file: l.finding.file, line: l.finding.line, rule: l.finding.rule, reason: l.reason })), diff, report }, null, 2)}\n`);
          } else {
            process.stdout.write(fixed.diff);
            const summary = `Fixed ${fixed.fixed.length} finding${fixed.fixed.length === 1 ? '' : 's'} in ${fixed.changed.filter((f) => f.before !== null).length} file(s), added ${fixed.changed.filter((f) => f.before === null).length} migration(s).`;
            const notes = fixed.left.map((l) => `${l.finding.file}:${l.finding.line}:${l.finding.column}  ${l.finding.rule}  not fixed: ${l.reason}`);
            process.stdout.write(`${[...notes, summary].join('\n')}\n\n`);
            process.stdout.write(formatReport(fixed.report, format, { error: c.red, warn: c.yellow, dim: c.dim, bold: c.bold }));
          }
          return fixed.report.errors > 0 ? 1 : 0;
        }
        const report = await tm.lint({ files: files as string[], since: options.since, cwd: ctx.cwd, profiles: options.profile });
        process.stdout.write(formatReport(report, format, { error: c.red, warn: c.yellow, dim: c.dim, bold: c.bold }));
        return report.errors > 0 ? 1 : 0;
      }),
    );
};
export default define;
