import type { TidemarkConfig } from '../config/schema.js';
import type { ConstraintDef, SchemaModel, TableDef } from '../model/types.js';

/**
 * Policy checks (seed 004's validator, made blocking): rules from config `validate` that every
 * database of the project must satisfy — required tables and columns, row-level security, required
 * indexes and foreign keys. Pure: a model in, failures out.
 */

/** ValidatePolicy is the config's `validate` key. */
export type ValidatePolicy = TidemarkConfig['validate'];

/** PolicyRule is the closed list of policy checks. */
export type PolicyRule = 'required table' | 'required column' | 'row level security' | 'required index' | 'required foreign key';

/** PolicyFailure is one rule a database breaks. */
export interface PolicyFailure {
  readonly rule: PolicyRule;
  /** The table, column or index concerned, as the config names it. */
  readonly object: string;
  readonly message: string;
}

/** splitName reads a config table name: `users` is `public.users`; `billing.invoices` names its schema. */
function splitName(name: string): { schema: string; name: string } {
  const dot = name.indexOf('.');
  return dot === -1 ? { schema: 'public', name } : { schema: name.slice(0, dot), name: name.slice(dot + 1) };
}

/**
 * checkPolicies lists every failure of `model` against `policy`, in config order.
 *
 * @example checkPolicies(await tm.inspect(), { ...defaults, rlsTenantColumns: ['tenant_id'] })
 */
export function checkPolicies(model: SchemaModel, policy: ValidatePolicy): PolicyFailure[] {
  const out: PolicyFailure[] = [];
  const tables = new Map(model.tables.map((t) => [`${t.schema}.${t.name}`, t]));
  const find = (name: string): TableDef | undefined => {
    const n = splitName(name);
    return tables.get(`${n.schema}.${n.name}`);
  };
  const missingTable = (rule: PolicyRule, name: string) => out.push({ rule, object: name, message: `table ${name} does not exist` });

  for (const name of policy.requiredTables) if (!find(name)) missingTable('required table', name);

  for (const [name, columns] of Object.entries(policy.requiredColumns)) {
    const t = find(name);
    if (!t) {
      missingTable('required column', name);
      continue;
    }
    for (const column of columns) {
      if (!t.columns.some((c) => c.name === column)) out.push({ rule: 'required column', object: `${name}.${column}`, message: `column ${name}.${column} does not exist` });
    }
  }

  const rlsMessage = (name: string, why: string) => `table ${name} does not have row-level security enabled (${why})`;
  for (const name of policy.rlsTables) {
    const t = find(name);
    if (!t) missingTable('row level security', name);
    else if (!t.rowSecurity) out.push({ rule: 'row level security', object: name, message: rlsMessage(name, 'required by validate.rlsTables') });
  }
  if (policy.rlsTenantColumns.length) {
    const exempt = new Set([...policy.rlsExempt, ...policy.rlsTables].map((n) => { const s = splitName(n); return `${s.schema}.${s.name}`; }));
    for (const t of model.tables) {
      const tenantColumn = t.columns.find((c) => policy.rlsTenantColumns.includes(c.name));
      const name = t.schema === 'public' ? t.name : `${t.schema}.${t.name}`;
      if (!tenantColumn || t.rowSecurity || exempt.has(`${t.schema}.${t.name}`) || t.partitionOf) continue;
      out.push({ rule: 'row level security', object: name, message: rlsMessage(name, `it has tenant column ${tenantColumn.name}`) });
    }
  }

  for (const required of policy.requiredIndexes) {
    if (typeof required === 'string') {
      const n = splitName(required);
      const exists = model.tables.some((t) => t.schema === n.schema && (t.indexes.some((i) => i.name === n.name) || t.constraints.some((c) => c.name === n.name && (c.type === 'primary key' || c.type === 'unique'))));
      if (!exists) out.push({ rule: 'required index', object: required, message: `index ${required} does not exist` });
      continue;
    }
    const t = find(required.table);
    const what = `${required.unique ? 'a unique index' : 'an index'} on ${required.table}(${required.columns.join(', ')})`;
    if (!t) {
      missingTable('required index', required.table);
      continue;
    }
    const leads = (columns: readonly (string | null)[]) => required.columns.every((c, i) => columns[i] === c);
    const byIndex = t.indexes.some((i) => leads(i.elements.map((e) => e.column)) && i.predicate === null && (!required.unique || (i.unique && i.elements.length === required.columns.length)));
    const byConstraint = t.constraints.some((c) => (c.type === 'primary key' || c.type === 'unique') && leads(c.columns) && (!required.unique || c.columns.length === required.columns.length));
    if (!byIndex && !byConstraint) out.push({ rule: 'required index', object: `${required.table}(${required.columns.join(', ')})`, message: `${what} does not exist` });
  }

  for (const fk of policy.requiredForeignKeys) {
    const t = find(fk.table);
    if (!t) {
      missingTable('required foreign key', fk.table);
      continue;
    }
    const target = /^(.+?)\s*(?:\(([^)]*)\))?$/.exec(fk.references.trim());
    const targetName = splitName(target?.[1] ?? fk.references);
    const targetColumns = target?.[2]?.split(',').map((c) => c.trim()).filter(Boolean);
    const matches = (c: ConstraintDef) =>
      c.type === 'foreign key' &&
      c.foreignKey !== null &&
      c.columns.join(',') === fk.columns.join(',') &&
      c.foreignKey.table.schema === targetName.schema &&
      c.foreignKey.table.name === targetName.name &&
      (!targetColumns || c.foreignKey.columns.join(',') === targetColumns.join(',')) &&
      (!fk.onDelete || c.foreignKey.onDelete === fk.onDelete);
    if (!t.constraints.some(matches)) {
      const onDelete = fk.onDelete ? ` ON DELETE ${fk.onDelete.toUpperCase()}` : '';
      out.push({ rule: 'required foreign key', object: `${fk.table}(${fk.columns.join(', ')})`, message: `foreign key ${fk.table}(${fk.columns.join(', ')}) REFERENCES ${fk.references}${onDelete} does not exist` });
    }
  }
  return out;
}
