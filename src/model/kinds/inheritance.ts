import type { QualifiedName, TableDef } from '../types.js';
import { ids, qualified, show, type KindSpec } from './kind.js';

/** InheritanceLink is one INHERITS parent of a table. */
export interface InheritanceLink {
  readonly table: TableDef;
  readonly parent: QualifiedName;
}

const same = (a: QualifiedName, b: QualifiedName) => a.schema === b.schema && a.name === b.name;

/**
 * kept is how many parents, from the first, both lists share: INHERIT can only append, so every
 * link after the first difference is made again, in the new order. Counting on both sides alike
 * keeps the reverse plan (the inverted changes) right too.
 */
function kept(from: TableDef, to: TableDef): number {
  let k = 0;
  while (k < to.inherits.length && k < from.inherits.length && same(from.inherits[k]!, to.inherits[k]!)) k++;
  return k;
}

const find = (tables: readonly TableDef[], o: QualifiedName) => tables.find((t) => t.schema === o.schema && t.name === o.name);

/**
 * Table inheritance (INHERITS), one link per parent: part of CREATE TABLE for a new table, added
 * and removed in place (ALTER TABLE … INHERIT / NO INHERIT) for an existing one. INHERIT needs the
 * child to have the parent's columns and CHECK constraints already, so the link waits for them;
 * NO INHERIT comes before the parent or those columns go.
 */
export const inheritanceKind: KindSpec<InheritanceLink> = {
  label: 'inheritance',
  rank: 35,
  rebuildable: false,
  createdWithParent: true,
  list: (m) => m.tables.flatMap((table) => table.inherits.map((parent) => ({ table, parent }))),
  id: (l) => `inheritance:${qualified(l.table)}.${qualified(l.parent)}`,
  parent: (l) => ids.relation(l.table),
  dependsOn: (l, model) => {
    const deps = [ids.relation(l.table), ids.relation(l.parent)];
    const at = l.table.inherits.findIndex((p) => same(p, l.parent));
    if (at > 0) deps.push(inheritanceKind.id({ table: l.table, parent: l.table.inherits[at - 1]! }));
    const parent = find(model.tables, l.parent);
    const child = find(model.tables, l.table) ?? l.table;
    for (const column of parent?.columns ?? []) {
      deps.push(ids.column(l.parent, column.name));
      if (child.columns.some((c) => c.name === column.name)) deps.push(ids.column(l.table, column.name));
    }
    for (const check of parent?.constraints ?? []) {
      if (check.type === 'check' && child.constraints.some((c) => c.name === check.name)) deps.push(`constraint:${qualified(l.table)}.${check.name}`);
    }
    return deps;
  },
  compare: (a, b) => (b.table.inherits.findIndex((p) => same(p, b.parent)) < kept(a.table, b.table) ? 'same' : 'recreate'),
  create: (l, { ddl }) => [`ALTER TABLE ${ddl.qn(l.table)} INHERIT ${ddl.qn(l.parent)};`],
  drop: (l, { ddl }) => [`ALTER TABLE ${ddl.qn(l.table)} NO INHERIT ${ddl.qn(l.parent)};`],
  alter: () => [],
  describeCreate: (l) => `Made '${show(l.table)}' inherit from '${show(l.parent)}'.`,
  describeDrop: (l) => `Made '${show(l.table)}' no longer inherit from '${show(l.parent)}'.`,
  describeAlter: (_, l) => `Changed how '${show(l.table)}' inherits from '${show(l.parent)}'.`,
  dropLosesData: false,
};
