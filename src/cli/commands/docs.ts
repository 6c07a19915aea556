import { UsageError } from '../../errors.js';
import type { CommandDefinition } from './index.js';

/** A value as the user would type it back into a shell (quoted only when it has to be). */
function shellWord(value: string): string {
  return /^[\w./:@%+=,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** rerunFlags are the flags the stale hint repeats, so the command it prints writes the checked file. */
function rerunFlags(options: { out?: string; from?: string }): string {
  return `${options.from ? ` --from ${shellWord(options.from)}` : ''}${options.out ? ` --out ${shellWord(options.out)}` : ''}`;
}

const define: CommandDefinition = (program, wrap) => {
  program
    .command('docs')
    .description('generate the Markdown reference document (tables, enums, relationships, row counts, history)')
    .option('--out <file>', 'the document, - for standard output (default: config docs.out, docs/DATABASE.md)')
    .option('--from <source>', 'document this source instead of the database: migrations:<dir>, dir:<path>, reference:<file>, a URL')
    .option('--check', 'write nothing; exit 1 with a diff when the document is stale')
    .action(
      wrap(async (ctx, raw) => {
        const options = raw as { out?: string; from?: string; check?: boolean };
        if (options.out === '-' && ctx.out.json) throw new UsageError('--out - prints the document on standard output: it cannot be combined with --json');
        const tm = await ctx.open();
        const result = await ctx.progress('Reading the schema', () => tm.docs({ out: options.out, from: options.from, check: options.check === true }));
        if (options.out === '-') {
          process.stdout.write(result.text);
          return 0;
        }
        if (options.check) {
          if (result.stale) {
            ctx.out.line(result.diff.trimEnd());
            ctx.out.line();
            ctx.out.line(`${result.displayPath} is stale: run "tidemark docs${rerunFlags(options)}" and commit the result.`);
          } else ctx.out.line(`${result.displayPath} is up to date.`);
        } else ctx.out.line(result.written ? `wrote ${result.displayPath}` : `${result.displayPath} is up to date.`);
        ctx.out.document({ file: result.displayPath, source: result.source, stale: result.stale, written: result.written, diff: result.diff });
        return options.check && result.stale ? 1 : 0;
      }),
    );
};
export default define;
