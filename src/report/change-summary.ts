import { compareModels } from '../model/compare.js';
import type { SchemaModel, TableDef } from '../model/types.js';

/**
 * A change summary answers "what did that migration run change?" — the check seed 002 did by hand
 * after a rollout ("17/17 tables created, 30+ foreign keys") — by comparing two models of the same
 * database, one introspected before the run and one after. It counts and names objects; it does
 * not plan SQL (that is the diff engine's job).
 */

/** ChangeCategory is a kind of object the summary counts. */
export type ChangeCategory = 'tables' | 'views' | 'columns' | 'foreignKeys' | 'indexes' | 'policies' | 'triggers' | 'enums' | 'functions';

/** CHANGE_CATEGORIES in the order reports list them. */
export const CHANGE_CATEGORIES: readonly ChangeCategory[] = ['tables', 'views', 'columns', 'foreignKeys', 'indexes', 'policies', 'triggers', 'enums', 'functions'];

/** AlteredItem is an object present before and after whose definition differs; `what` names the properties. */
export interface AlteredItem {
  readonly name: string;
  readonly what: readonly string[];
}

/**
 * CategoryChanges lists objects of one kind by name (`schema.table`, `schema.table.column`…).
 * `inAddedOrRemovedTables` counts the entries that belong to a table added or removed as a
 * whole, so a renderer can list the rest one by one without drowning in a new table's columns
 * (always 0 for tables themselves and other schema-level kinds).
 */
export interface CategoryChanges {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly altered: readonly AlteredItem[];
  readonly inAddedOrRemovedTables: number;
}

/** ChangeReport is JSON-serializable as is. */
export interface ChangeReport {
  /** False when nothing differs between before and after. */
  readonly changed: boolean;
  readonly changes: Readonly<Record<ChangeCategory, CategoryChanges>>;
  readonly totals: {
    readonly before: Readonly<Record<ChangeCategory, number>>;
    readonly after: Readonly<Record<ChangeCategory, number>>;
  };
}

interface Item {
  readonly value: unknown;
  /** The owning table's key, for objects that live on a table. */
  readonly table?: string;
}

type Catalog = Record<ChangeCategory, Map<string, Item>>;

const qn = (o: { schema: string; name: string }) => `${o.schema}.${o.name}`;

function catalog(model: SchemaModel): Catalog {
  const c: Catalog = {
    tables: new Map(),
    views: new Map(),
    columns: new Map(),
    foreignKeys: new Map(),
    indexes: new Map(),
    policies: new Map(),
    triggers: new Map(),
    enums: new Map(),
    functions: new Map(),
  };
  const onTable = (table: TableDef) => {
    const t = qn(table);
    c.tables.set(t, { value: table });
    for (const column of table.columns) c.columns.set(`${t}.${column.name}`, { value: column, table: t });
    for (const fk of table.constraints.filter((k) => k.type === 'foreign key')) c.foreignKeys.set(`${t}.${fk.name}`, { value: fk, table: t });
    for (const index of table.indexes) c.indexes.set(`${t}.${index.name}`, { value: index, table: t });
    for (const policy of table.policies) c.policies.set(`${t}.${policy.name}`, { value: policy, table: t });
    for (const trigger of table.triggers) c.triggers.set(`${t}.${trigger.name}`, { value: trigger, table: t });
  };
  model.tables.forEach(onTable);
  for (const view of model.views) {
    const v = qn(view);
    c.views.set(v, { value: view });
    for (const index of view.indexes) c.indexes.set(`${v}.${index.name}`, { value: index, table: v });
  }
  for (const e of model.enums) c.enums.set(qn(e), { value: e });
  for (const f of model.functions) c.functions.set(`${qn(f)}(${f.identityArguments})`, { value: f });
  return c;
}

/** The top-level properties two definitions differ in, in order of first difference. */
function differingProperties(before: unknown, after: unknown): string[] {
  const names = compareModels(before, after).map((d) => /^[^.[ ]+/.exec(d.path)?.[0] ?? d.path);
  return [...new Set(names)];
}

/**
 * summarizeChanges compares two models of one database and lists, per kind of object, what was
 * added, removed and altered, with totals before and after.
 *
 * @example const report = summarizeChanges(await tm.inspect(), modelAfterTheRun);
 */
export function summarizeChanges(before: SchemaModel, after: SchemaModel): ChangeReport {
  const [b, a] = [catalog(before), catalog(after)];
  const tablesGoneOrNew = new Set([...[...b.tables.keys()].filter((k) => !a.tables.has(k)), ...[...a.tables.keys()].filter((k) => !b.tables.has(k))]);
  const changes = {} as Record<ChangeCategory, CategoryChanges>;
  const totals = { before: {} as Record<ChangeCategory, number>, after: {} as Record<ChangeCategory, number> };
  let changed = false;
  for (const category of CHANGE_CATEGORIES) {
    const [was, is] = [b[category], a[category]];
    const added = [...is.keys()].filter((k) => !was.has(k)).sort();
    const removed = [...was.keys()].filter((k) => !is.has(k)).sort();
    const altered: AlteredItem[] = [];
    for (const [name, item] of is) {
      const old = was.get(name);
      if (!old) continue;
      const what = differingProperties(old.value, item.value);
      if (what.length > 0) altered.push({ name, what });
    }
    altered.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
    const owner = (name: string, items: Map<string, Item>) => items.get(name)?.table;
    const inAddedOrRemovedTables =
      added.filter((n) => tablesGoneOrNew.has(owner(n, is) ?? '')).length + removed.filter((n) => tablesGoneOrNew.has(owner(n, was) ?? '')).length;
    changes[category] = { added, removed, altered, inAddedOrRemovedTables };
    totals.before[category] = was.size;
    totals.after[category] = is.size;
    changed ||= added.length + removed.length + altered.length > 0;
  }
  return { changed, changes, totals };
}
