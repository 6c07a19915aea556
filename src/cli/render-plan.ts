import type { Hazards } from '../model/kinds/kind.js';
import type { Plan, PlanStatement } from '../plan/plan.js';
import type { Output } from './output.js';

export { planJson } from '../plan/plan-json.js';

/**
 * onlineFlag reads `--no-online`: commander sets `online` true when the flag is absent, which must
 * not override the config's `online: false`, so only an explicit `--no-online` counts.
 */
export function onlineFlag(options: { online?: boolean }): false | undefined {
  return options.online === false ? false : undefined;
}

const LOCK_ORDER = ['ACCESS EXCLUSIVE', 'EXCLUSIVE', 'SHARE ROW EXCLUSIVE', 'SHARE', 'SHARE UPDATE EXCLUSIVE', 'ROW EXCLUSIVE'];

/**
 * hazardText sums up the hazards of one change's statements: its locks, strongest first, then
 * what else it costs, then the later migrations it spans (`[locks SHARE UPDATE EXCLUSIVE; index
 * build; concurrently]`). Empty when the change locks nothing anyone uses.
 */
export function hazardText(statements: readonly PlanStatement[]): string {
  const all: Hazards[] = statements.map((s) => s.hazards);
  const locks = LOCK_ORDER.filter((lock) => all.some((h) => h.lock === lock));
  const parts = locks.length ? [`locks ${locks.join(', ')}`] : [];
  if (all.some((h) => h.rewrite)) parts.push('rewrites or scans the table');
  if (all.some((h) => h.indexBuild)) parts.push('index build');
  if (all.some((h) => h.dataLoss)) parts.push('data loss');
  const phases = [...new Set(statements.map((s) => s.phase))].filter((p) => p !== 'main');
  if (phases.length) parts.push(phases.join(', '));
  return parts.length ? `[${parts.join('; ')}]` : '';
}

/** printSummary prints one line per change with its hazards; destructive ones are marked. */
export function printSummary(out: Output, plan: Plan): void {
  const byChange = plan.changes.map((): PlanStatement[] => []);
  for (const s of plan.up) byChange[s.origin]!.push(s);
  plan.changes.forEach((c, i) => {
    if (c.implied) return;
    const hazards = hazardText(byChange[i]!);
    const tail = hazards ? ` ${out.colors.dim(hazards)}` : '';
    out.line(c.destructive ? `${out.colors.red('!')} ${c.summary} ${out.colors.red('(destructive)')}${tail}` : `  ${c.summary}${tail}`);
  });
}

/** printNotes prints what differs but is not planned, on stderr so SQL output stays SQL. */
export function printNotes(out: Output, plan: Plan): void {
  for (const note of plan.notes) out.stderr.write(`note: ${note}\n`);
}

/** printSql prints the forward statements of a plan. */
export function printSql(out: Output, plan: Plan): void {
  for (const s of plan.up) out.line(s.sql);
}
