import { IMPORT_TOOLS, isImportTool } from '../../adopt/import/adapter.js';
import { UsageError } from '../../errors.js';
import type { CommandDefinition } from './index.js';
import { eventPrinter } from '../render-events.js';

const define: CommandDefinition = (program, wrap) => {
  program
    .command('import')
    .argument('<path>', "the tool's migrations folder")
    .description("convert another tool's migrations folder into Tidemark migrations; with --database, stamp what that tool's history table says is applied")
    .requiredOption('--from <tool>', IMPORT_TOOLS.join(' | '))
    .option('--stamp', "stamp from the tool's history table in the project's database (implied by --database)")
    .option('--history-table <schema.table>', "the tool's history table, when not its default")
    .action(
      wrap(async (ctx, folder, raw) => {
        const options = raw as { from: string; stamp?: boolean; historyTable?: string };
        if (!isImportTool(options.from)) throw new UsageError(`--from ${options.from}: expected one of ${IMPORT_TOOLS.join(', ')}`);
        const stamp = options.stamp === true || ctx.globals.database !== undefined;
        const tm = await ctx.open();
        const { importMigrations } = await import('../../adopt/import/importer.js');
        const result = await importMigrations(tm, {
          tool: options.from,
          from: String(folder),
          stamp,
          historyTable: options.historyTable,
          onEvent: eventPrinter(ctx.out),
        });
        for (const f of result.files) ctx.out.line(`${f.status === 'written' ? 'wrote    ' : 'unchanged'} ${f.file}  ${ctx.out.colors.dim(`← ${f.source}`)}`);
        if (result.preset && result.preset.status !== 'present' && result.preset.status !== 'manual') {
          ctx.out.line(`${result.preset.status === 'created' ? 'wrote    ' : 'updated  '} ${result.preset.file}  ${ctx.out.colors.dim("← preset: 'supabase'")}`);
        }
        for (const w of result.warnings) ctx.out.note(`${ctx.out.colors.yellow('warning:')} ${w}`);
        const written = result.files.filter((f) => f.status === 'written').length;
        const summary = `Imported ${result.files.length} ${options.from} migration(s) (${written} written)`;
        ctx.out.line(stamp ? `${summary}; stamped ${result.stamped.length} as applied.` : `${summary}. Pass --database to stamp what ${options.from} applied.`);
        ctx.out.document(result);
        return 0;
      }),
    );
};
export default define;
