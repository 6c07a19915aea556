import path from 'node:path';
import { loadIdentQuoter } from '../../sql/ident.js';
import { TYPES_FORMATS, type TypesFormat } from '../../types/formats.js';
import { UsageError } from '../../errors.js';
import type { CommandDefinition } from './index.js';

const define: CommandDefinition = (program, wrap) => {
  program
    .command('types')
    .description('generate TypeScript types (Row, Insert, Update, enums, Database, Kysely DB) from the schema')
    .option('--out <file>', 'the generated file, - for standard output (default: config types.out, src/db/types.ts)')
    .option('--check', 'write nothing; exit 1 if the file is missing or stale')
    .option('--format <format>', 'tidemark (default: config types.format) | supabase (the Database shape of `supabase gen types typescript`)')
    .option('--from <source>', 'read the schema from a database URL, dir:<path> or migrations:<path> instead of the project database')
    .action(
      wrap(async (ctx, raw) => {
        const options = raw as { out?: string; check?: boolean; from?: string; format?: string };
        if (options.format !== undefined && !(TYPES_FORMATS as readonly string[]).includes(options.format)) {
          throw new UsageError(`--format ${options.format}: expected one of ${TYPES_FORMATS.join(', ')}`);
        }
        // The renderer reads type names with the parser: load it while the schema is read.
        void loadIdentQuoter().catch(() => {});
        const tm = await ctx.open();
        const config = tm.project.config.types;
        if (options.out === '-' && ctx.out.json) throw new UsageError('--out - prints the types on standard output: it cannot be combined with --json');
        const out = options.out === '-' ? '-' : options.out ? path.resolve(ctx.cwd, options.out) : path.resolve(tm.project.root, config.out);
        const model = await ctx.progress('Reading the schema', () => tm.model(options.from));
        const { generateTypes } = await import('../../types/generate.js');
        const result = await generateTypes(model, { out, check: options.check, bigint: config.bigint, timestamp: config.timestamp, format: (options.format as TypesFormat | undefined) ?? config.format });
        if (result.text !== undefined) {
          process.stdout.write(result.text);
          return 0;
        }
        const shown = path.relative(ctx.cwd, out) || out;
        const counts = `${result.tables} table(s), ${result.views} view(s), ${result.enums} enum(s)`;
        switch (result.status) {
          case 'written':
            ctx.out.line(`wrote ${shown} (${counts})`);
            break;
          case 'unchanged':
            ctx.out.line(`${shown} is up to date (${counts})`);
            break;
          case 'stale':
            ctx.out.line(`${shown} is stale: run "tidemark types" to regenerate it`);
            break;
          case 'missing':
            ctx.out.line(`${shown} does not exist: run "tidemark types" to generate it`);
            break;
          default: {
            const never: never = result.status;
            throw new Error(`unhandled status ${String(never)}`);
          }
        }
        ctx.out.document({ ...result, file: shown });
        return result.status === 'stale' || result.status === 'missing' ? 1 : 0;
      }),
    );
};
export default define;
