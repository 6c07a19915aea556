import path from 'node:path';
import { loadIdentQuoter } from '../../sql/ident.js';
import { writeOutput } from '../../project/output-file.js';
import { UsageError } from '../../errors.js';
import type { CommandDefinition } from './index.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

const define: CommandDefinition = (program, wrap) => {
  program
    .command('inspect')
    .description('introspect the live schema: the model as JSON, or a complete DDL script')
    .option('--schema <name>', 'only this schema (repeatable)', collect)
    .option('--exclude-schema <name>', 'leave this schema out (repeatable)', collect)
    .option('--format <format>', 'json or sql', 'json')
    .option('--out <file>', 'write to a file instead of stdout')
    .option('--pin-versions', 'print each extension\'s installed version in the SQL (CREATE EXTENSION … VERSION)')
    .action(
      wrap(async (ctx, raw) => {
        const options = raw as { schema?: string[]; excludeSchema?: string[]; format: string; out?: string; pinVersions?: boolean };
        if (options.format !== 'json' && options.format !== 'sql') throw new UsageError(`--format must be json or sql, got "${options.format}"`);
        // The SQL writer's identifier quoting needs the parser: load it while the catalog is read.
        const quoter = options.format === 'sql' ? loadIdentQuoter() : undefined;
        void quoter?.catch(() => {});
        const tm = await ctx.open();
        // Without a database to read, the schema the migrations build (said in one warning line).
        const fallback = await tm.readSource();
        const model = fallback === undefined ? await tm.inspect({ include: options.schema, exclude: options.excludeSchema }) : await tm.model(fallback);
        const { writeSchemaSql } = await import('../../sql/write-schema.js');
        const text = options.format === 'sql' ? await writeSchemaSql(model, { pinVersions: options.pinVersions === true }) : `${JSON.stringify(model, null, 2)}\n`;
        if (options.out) {
          await writeOutput(path.resolve(ctx.cwd, options.out), text);
          process.stderr.write(`wrote ${options.out}\n`);
        } else process.stdout.write(text);
        return 0;
      }),
    );
};
export default define;
