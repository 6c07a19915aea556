import type { CommandDefinition } from './index.js';

const define: CommandDefinition = (program, wrap) => {
  program
    .command('verify')
    .description('fail (exit 1) if an applied migration file changed or vanished')
    .action(
      wrap(async (ctx) => {
        const tm = await ctx.open();
        const problems = await tm.verify();
        for (const p of problems) {
          ctx.out.line(p.problem === 'changed' ? `changed  ${p.file}: its checksum differs from the one applied` : `missing  ${p.version}_${p.name}: applied, but its file is gone`);
        }
        ctx.out.line(problems.length ? `${problems.length} problem(s) found.` : 'All applied migrations match their files.');
        ctx.out.document({ ok: problems.length === 0, problems });
        return problems.length ? 1 : 0;
      }),
    );
};
export default define;
