import { changeKind, type Plan } from '../index.js';
import type { Output } from './output.js';

/** planJson is the JSON shape of a plan: ordered changes with their SQL both ways, and the scripts. */
export function planJson(plan: Plan): unknown {
  return {
    destructive: plan.destructive,
    changes: plan.changes
      .filter((c) => !c.implied)
      .map((c) => ({ kind: changeKind(c.change), summary: c.summary, destructive: c.destructive, forward: c.forward, reverse: c.reverse })),
    notes: plan.notes,
    up: plan.up.map((s) => s.sql),
    down: plan.down.map((s) => s.sql),
  };
}

/** printSummary prints one line per change; destructive ones are marked. */
export function printSummary(out: Output, plan: Plan): void {
  for (const c of plan.changes.filter((c) => !c.implied)) {
    out.line(c.destructive ? `${out.colors.red('!')} ${c.summary} ${out.colors.red('(destructive)')}` : `  ${c.summary}`);
  }
}

/** printNotes prints what differs but is not planned, on stderr so SQL output stays SQL. */
export function printNotes(out: Output, plan: Plan): void {
  for (const note of plan.notes) out.stderr.write(`note: ${note}\n`);
}

/** printSql prints the forward statements of a plan. */
export function printSql(out: Output, plan: Plan): void {
  for (const s of plan.up) out.line(s.sql);
}
