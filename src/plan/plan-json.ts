import { changeKind } from '../diff/changes.js';
import type { Hazards, Phase } from '../model/kinds/kind.js';
import type { Plan, PlanStatement } from './plan.js';

/** PlanJson is a plan as the commands print it with `--json`. */
export interface PlanJson {
  readonly destructive: boolean;
  readonly changes: readonly {
    readonly kind: string;
    readonly summary: string;
    readonly destructive: boolean;
    readonly forward: readonly string[];
    readonly reverse: readonly string[];
    readonly statements: readonly { readonly sql: string; readonly phase: Phase; readonly hazards: Hazards }[];
  }[];
  readonly notes: readonly string[];
  readonly up: readonly string[];
  readonly down: readonly string[];
}

const statementJson = (s: PlanStatement) => ({ sql: s.sql, phase: s.phase, hazards: s.hazards });

/**
 * planJson is the JSON shape of a plan (`diff`, `drift` and `push --json`; Studio's drift): ordered
 * changes with their SQL both ways and, per forward statement, its phase and hazards; and the scripts.
 */
export function planJson(plan: Plan): PlanJson {
  const byChange = plan.changes.map((): PlanStatement[] => []);
  for (const s of plan.up) byChange[s.origin]!.push(s);
  return {
    destructive: plan.destructive,
    changes: plan.changes.flatMap((c, i) =>
      c.implied
        ? []
        : [{ kind: changeKind(c.change), summary: c.summary, destructive: c.destructive, forward: c.forward, reverse: c.reverse, statements: byChange[i]!.map(statementJson) }],
    ),
    notes: plan.notes,
    up: plan.up.map((s) => s.sql),
    down: plan.down.map((s) => s.sql),
  };
}

