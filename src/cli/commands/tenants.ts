import fs from 'node:fs/promises';
import path from 'node:path';
import type { CommandDefinition } from './index.js';
import { UsageError } from '../../errors.js';
import type { FleetReport } from '../../tenants/fleet.js';
import { printFleetSummary, printTenantsStatus, progressPrinter } from '../render-tenants.js';
import type { CliContext } from '../program.js';
import { positiveInt } from '../flags.js';

type RunFlags = { tenant?: string[]; shard?: string; concurrency?: string; continueOnError?: boolean; to?: string };


function finishRun(ctx: CliContext, report: FleetReport): number {
  printFleetSummary(ctx.out, report);
  ctx.out.document(report);
  return report.counts.failed > 0 ? 1 : 0;
}

const define: CommandDefinition = (program, wrap) => {
  const tenants = program.command('tenants').description('schema-per-tenant fleets: registry, fleet migrations, tenant-defined schemas, audit log');

  tenants
    .command('add <slug...>')
    .description("register tenants, create their schemas (tenant_<slug>) and migrate them to the fleet's version")
    .option('--shard <name>', 'the shard (tenants.shards config key) the tenants live on')
    .option('--no-migrate', 'leave the new schemas empty (run "tidemark tenants migrate" later)')
    .action(
      wrap(async (ctx, slugs, raw) => {
        const flags = raw as { shard?: string; migrate: boolean };
        const { addTenants } = await import('../../tenants/onboard.js');
        const result = await addTenants((await ctx.open()).tenants(), slugs as string[], { shard: flags.shard, migrate: flags.migrate, onTenant: progressPrinter(ctx.out) });
        for (const t of result.tenants) ctx.out.line(`Added tenant ${t.slug} (schema ${t.schema}${t.shard ? `, shard ${t.shard}` : ''}, id ${t.tenantId}).`);
        if (result.migration) {
          const failed = result.migration.counts.failed;
          ctx.out.line(failed ? `${failed} new tenant(s) failed to reach version ${result.version}: see "tidemark tenants history <slug>", then "tidemark tenants retry".` : `Migrated to the fleet's version ${result.version}.`);
        } else if (flags.migrate) ctx.out.line('Not migrated: the fleet is at no tenant migration yet.');
        ctx.out.document({ tenants: result.tenants, version: result.version, migration: result.migration });
        return result.migration && result.migration.counts.failed > 0 ? 1 : 0;
      }),
    );

  tenants
    .command('list')
    .description('list registered tenants')
    .action(
      wrap(async (ctx) => {
        const list = await (await ctx.open()).tenants().list();
        if (list.length > 0) ctx.out.line(`${'tenant'.padEnd(24)} ${'schema'.padEnd(32)} ${'shard'.padEnd(10)} id`);
        for (const t of list) ctx.out.line(`${t.slug.padEnd(24)} ${t.schema.padEnd(32)} ${(t.shard ?? '-').padEnd(10)} ${t.tenantId}`);
        if (list.length === 0) ctx.out.line('No tenants.');
        ctx.out.document({ tenants: list });
        return 0;
      }),
    );

  tenants
    .command('remove <slug>')
    .description('unregister a tenant; its schema and data stay unless --drop-schema')
    .option('--drop-schema', 'also DROP SCHEMA … CASCADE (destroys the tenant\'s data)')
    .action(
      wrap(async (ctx, slug, raw) => {
        const dropSchema = (raw as { dropSchema?: boolean }).dropSchema === true;
        const tenant = await (await ctx.open()).tenants().remove(slug as string, { dropSchema });
        ctx.out.line(`Removed tenant ${tenant.slug}; schema ${tenant.schema} ${dropSchema ? 'dropped' : 'kept (use --drop-schema to drop it)'}.`);
        ctx.out.document({ tenant, droppedSchema: dropSchema });
        return 0;
      }),
    );

  const runOptions = (cmd: ReturnType<typeof tenants.command>) =>
    cmd
      .option('--shard <name>', 'only tenants on this shard')
      .option('--concurrency <n>', 'tenants at once on each shard (default: tenants.concurrency; PGlite: 1)')
      .option('--continue-on-error', 'go on with the other tenants after a failure');

  runOptions(
    tenants
      .command('migrate')
      .description('apply the tenant migrations in every tenant schema, each migration in its own transaction')
      .option('--tenant <slug...>', 'only these tenants')
      .option('--to <version>', 'apply up to and including this version'),
  ).action(
    wrap(async (ctx, raw) => {
      const flags = raw as RunFlags;
      const report = await (await ctx.open()).tenants().migrate({
        tenants: flags.tenant,
        shard: flags.shard,
        concurrency: positiveInt('--concurrency', flags.concurrency),
        continueOnError: flags.continueOnError === true,
        to: flags.to,
        onTenant: progressPrinter(ctx.out),
      });
      return finishRun(ctx, report);
    }),
  );

  runOptions(tenants.command('retry').description("close attempts that died, re-run every tenant behind the fleet's version or whose last attempt failed; exit 1 unless the fleet converged")).action(
    wrap(async (ctx, raw) => {
      const flags = raw as RunFlags;
      const report = await (await ctx.open()).tenants().retry({
        shard: flags.shard,
        concurrency: positiveInt('--concurrency', flags.concurrency),
        continueOnError: flags.continueOnError === true,
        onTenant: progressPrinter(ctx.out),
      });
      if (report.results.length === 0) ctx.out.line('Nothing to retry: no tenant is behind or failed.');
      printFleetSummary(ctx.out, report);
      if (!report.converged) ctx.out.line(`not converged: ${report.behind.length} tenant(s) behind the fleet's version${report.behind.length ? ` (${report.behind.join(', ')})` : ''}; see "tidemark tenants status"`);
      ctx.out.document(report);
      // Exit 0 only when the fleet (in scope) converged: every tenant at the fleet's version, none failed.
      return report.converged ? 0 : 1;
    }),
  );

  tenants
    .command('apply <slug> <file>')
    .description("store <file> (declarative SQL) as the tenant's next schema version and apply the diff in one transaction")
    .option('--allow-destructive', 'apply even when the plan drops or narrows something')
    .option('--applied-by <who>', 'recorded in the audit log (default: appliedBy config or user@host)')
    .action(
      wrap(async (ctx, slug, file, raw) => {
        const flags = raw as { allowDestructive?: boolean; appliedBy?: string };
        const filePath = path.resolve(ctx.cwd, file as string);
        const definition = await fs.readFile(filePath, 'utf8').catch(() => {
          throw new UsageError(`cannot read ${file as string}`);
        });
        const result = await (await ctx.open()).tenants().applyTenantSchema(slug as string, definition, {
          appliedBy: flags.appliedBy,
          allowDestructive: flags.allowDestructive === true,
          displayName: file as string,
        });
        ctx.out.line(`${result.status === 'success' ? 'success' : 'FAILED'}: ${result.details}`);
        const { plan: _plan, ...rest } = result;
        ctx.out.document({ ...rest, statements: result.plan?.up.map((s) => s.sql) ?? [] });
        return result.status === 'success' ? 0 : 1;
      }),
    );

  tenants
    .command('move <slug>')
    .description('move a tenant to another shard: copy its schema and rows (COPY), verify, switch the registry, drop the old schema')
    .requiredOption('--to <shard>', 'the shard (tenants.shards config key) to move the tenant to')
    .option('--keep-source', 'keep the old schema and its rows on the source shard')
    .option('--applied-by <who>', 'recorded in the audit log (default: appliedBy config or user@host)')
    .action(
      wrap(async (ctx, slug, raw) => {
        const flags = raw as { to: string; keepSource?: boolean; appliedBy?: string };
        const result = await (await ctx.open()).tenants().move(slug as string, flags.to, {
          keepSource: flags.keepSource === true,
          appliedBy: flags.appliedBy,
          onStep: (event) => ctx.out.line(event.message),
        });
        ctx.out.line(`${result.status === 'success' ? 'success' : 'FAILED'}: ${result.details}`);
        ctx.out.document(result);
        return result.status === 'success' ? 0 : 1;
      }),
    );

  tenants
    .command('status')
    .description('version per tenant, tenants behind, failed, and attempts still pending')
    .action(
      wrap(async (ctx) => {
        const report = await (await ctx.open()).tenants().status();
        printTenantsStatus(ctx.out, report);
        ctx.out.document(report);
        return 0;
      }),
    );

  tenants
    .command('history <slug>')
    .description("a tenant's audit log, most recent first")
    .option('--limit <n>', 'at most n rows (default 50)')
    .action(
      wrap(async (ctx, slug, raw) => {
        const limit = positiveInt('--limit', (raw as { limit?: string }).limit) ?? 50;
        const rows = await (await ctx.open()).tenants().history(slug as string, limit);
        for (const r of rows) ctx.out.line(`${r.createdAt}  v${r.versionApplied}  ${r.status.padEnd(7)}  ${r.appliedBy ?? '-'}  ${r.details ?? ''}`);
        if (rows.length === 0) ctx.out.line('No attempts yet.');
        ctx.out.document({ history: rows });
        return 0;
      }),
    );
};
export default define;
