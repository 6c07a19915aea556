import { initProject } from '../../index.js';
import type { CommandDefinition } from './index.js';

const define: CommandDefinition = (program, wrap) => {
  program
    .command('init')
    .description('scaffold tidemark.config.ts, migrations/ and schema/ (never overwrites)')
    .action(
      wrap(async (ctx) => {
        const result = await initProject(ctx.cwd);
        for (const item of result.created) ctx.out.line(`created ${item}`);
        for (const item of result.skipped) ctx.out.line(`exists  ${item} (left alone)`);
        ctx.out.document(result);
        return 0;
      }),
    );
};
export default define;
