import type { FleetReport, TenantResult } from '../tenants/fleet.js';
import type { TenantsStatusReport } from '../tenants/tenants.js';
import type { Output } from './output.js';

/** tenantLine renders one tenant's result as one line (the non-TTY progress format). */
export function tenantLine(r: TenantResult): string {
  const where = `${r.slug}${r.shard ? ` @${r.shard}` : ''}`;
  switch (r.outcome) {
    case 'applied':
      return `applied     ${where}: ${r.applied.join(', ')} (${r.durationMs} ms)`;
    case 'up-to-date':
      return `up-to-date  ${where}`;
    case 'failed':
      return `FAILED      ${where}: ${r.error?.message ?? 'unknown error'}${r.applied.length ? ` (applied before the failure: ${r.applied.join(', ')})` : ''}`;
    case 'skipped':
      return `skipped     ${where} (an earlier tenant failed; use --continue-on-error to go on)`;
    default: {
      const never: never = r.outcome;
      return never;
    }
  }
}

/**
 * progressPrinter prints a redrawn progress bar on a TTY and one line per tenant otherwise
 * (failures are always printed in full).
 */
export function progressPrinter(out: Output): (r: TenantResult, done: number, total: number) => void {
  const tty = out.stdout.isTTY === true && !out.json;
  return (r, done, total) => {
    if (!tty) {
      if (!out.json) out.line(tenantLine(r));
      return;
    }
    if (r.outcome === 'failed') out.stdout.write(`\r\x1b[K${tenantLine(r)}\n`);
    const width = 30;
    const filled = Math.round((done / total) * width);
    out.stdout.write(`\r\x1b[K[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total} tenants${done === total ? '\n' : ''}`);
  };
}

/** printFleetSummary prints the summary table at the end of a run. */
export function printFleetSummary(out: Output, report: FleetReport): void {
  const rows: [string, number][] = [
    ['applied', report.counts.applied],
    ['up to date', report.counts['up-to-date']],
    ['failed', report.counts.failed],
    ['skipped', report.counts.skipped],
  ];
  out.line('');
  out.line('outcome      tenants');
  for (const [name, n] of rows) out.line(`${name.padEnd(12)} ${n}`);
  const failed = report.results.filter((r) => r.outcome === 'failed');
  if (failed.length) out.line(`failed: ${failed.map((r) => r.slug).join(', ')} (see "tidemark tenants history <slug>"; "tidemark tenants retry" re-runs them)`);
  if (report.interrupted.length) out.line(`${report.interrupted.length} attempt(s) of earlier runs had died; closed "failed" (attempt interrupted) in the audit log`);
}

/** printTenantsStatus renders `tenants status`. */
export function printTenantsStatus(out: Output, report: TenantsStatusReport): void {
  if (report.tenants.length === 0) {
    out.line('No tenants.');
    return;
  }
  out.line(`${'tenant'.padEnd(24)} ${'shard'.padEnd(10)} ${'version'.padEnd(16)} ${'behind'.padEnd(6)} ${'last run'.padEnd(8)} schema`);
  for (const t of report.tenants) {
    const schema = t.schemaVersion === null ? '-' : `v${t.schemaVersion} ${t.schemaStatus}`;
    out.line(`${t.slug.padEnd(24)} ${(t.shard ?? '-').padEnd(10)} ${(t.version ?? '-').padEnd(16)} ${String(t.behind).padEnd(6)} ${(t.lastAttempt ?? '-').padEnd(8)} ${schema}`);
  }
  out.line('');
  out.line(`${report.tenants.length} tenant(s); latest tenant migration ${report.latest ?? '-'}; ${report.behind.length} behind; ${report.failed.length} failed; ${report.pending.length} attempt(s) pending (died, or running now)`);
  for (const p of report.pending) out.line(`pending since ${p.createdAt}: ${p.slug ?? p.tenantId} version ${p.versionApplied} (migration_id ${p.migrationId})`);
}
