import type { ColumnDef, EnumDef, FunctionDef, QualifiedName, SchemaModel, TableDef, ViewDef } from '../model/types.js';
import type { Change, CommentTarget } from './changes.js';
import { sameValue } from './same.js';

/**
 * RenameHints turn a drop plus an add into a rename. Without a hint Tidemark never guesses: the
 * change is a drop and an add, marked destructive, and nothing asks the user anything.
 */
export interface RenameHints {
  /** `schema.old` → new name (same schema). */
  readonly tables?: ReadonlyMap<string, string>;
  /** `schema.table.old` → new column name (table named as in the target model). */
  readonly columns?: ReadonlyMap<string, string>;
}

const key = (o: QualifiedName) => `${o.schema}.${o.name}`;
const fnKey = (f: FunctionDef) => `${key(f)}(${f.identityArguments})`;

interface Matched<T> {
  readonly added: T[];
  readonly removed: T[];
  readonly both: [T, T][];
}

function match<T>(from: readonly T[], to: readonly T[], keyOf: (item: T) => string): Matched<T> {
  const target = new Map(to.map((item) => [keyOf(item), item]));
  const source = new Set(from.map(keyOf));
  return {
    removed: from.filter((item) => !target.has(keyOf(item))),
    added: to.filter((item) => !source.has(keyOf(item))),
    both: from.filter((item) => target.has(keyOf(item))).map((item) => [item, target.get(keyOf(item))!]),
  };
}

/** isSubsequence: every value of `from` appears in `to`, in the same order. */
function keepsOrder(from: readonly string[], to: readonly string[]): boolean {
  let i = 0;
  for (const value of to) if (value === from[i]) i++;
  return i === from.length;
}

function returnsOf(f: FunctionDef): string {
  // pg_get_functiondef prints the header as " RETURNS <type>\n"; a changed return type cannot go
  // through CREATE OR REPLACE.
  return / RETURNS (.*)\n/.exec(f.definition)?.[1] ?? '';
}

/**
 * diffModels lists the changes that turn `from` into `to`. The result is unordered; the planner
 * orders it. Objects are matched by identity (schema-qualified names; functions with their
 * argument types; members by name within their table).
 *
 * @example const changes = diffModels(await loadSource(a), await loadSource(b), { tables: new Map([['public.users', 'accounts']]) });
 */
export function diffModels(from: SchemaModel, to: SchemaModel, hints: RenameHints = {}): Change[] {
  const changes: Change[] = [];
  const comment = (on: CommentTarget, a: string | null, b: string | null) => {
    if (a !== b) changes.push({ kind: 'set-comment', on, from: a, to: b });
  };

  const schemas = match(from.schemas, to.schemas, (s) => s.name);
  for (const s of schemas.added) {
    changes.push({ kind: 'create-schema', schema: s });
    comment({ object: 'schema', name: s.name }, null, s.comment);
  }
  for (const s of schemas.removed) {
    changes.push({ kind: 'drop-schema', schema: s });
    comment({ object: 'schema', name: s.name }, s.comment, null);
  }
  for (const [a, b] of schemas.both) comment({ object: 'schema', name: a.name }, a.comment, b.comment);

  const extensions = match(from.extensions, to.extensions, (e) => `${e.name}@${e.schema}@${e.version}`);
  for (const e of extensions.added) changes.push({ kind: 'create-extension', extension: e });
  for (const e of extensions.removed) changes.push({ kind: 'drop-extension', extension: e });

  const enums = match(from.enums, to.enums, key);
  for (const e of enums.added) {
    changes.push({ kind: 'create-enum', enum: e });
    comment({ object: 'type', target: e }, null, e.comment);
  }
  for (const e of enums.removed) {
    changes.push({ kind: 'drop-enum', enum: e });
    comment({ object: 'type', target: e }, e.comment, null);
  }
  const recreatedEnums = new Set<string>();
  for (const [a, b] of enums.both) {
    if (!sameValue(a.values, b.values)) {
      if (keepsOrder(a.values, b.values)) changes.push({ kind: 'add-enum-values', from: a, to: b });
      else {
        changes.push({ kind: 'recreate-enum', from: a, to: b });
        recreatedEnums.add(key(a));
      }
    }
    comment({ object: 'type', target: a }, a.comment, b.comment);
  }

  const domains = match(from.domains, to.domains, key);
  for (const d of domains.added) {
    changes.push({ kind: 'create-domain', domain: d });
    comment({ object: 'domain', target: d }, null, d.comment);
  }
  for (const d of domains.removed) {
    changes.push({ kind: 'drop-domain', domain: d });
    comment({ object: 'domain', target: d }, d.comment, null);
  }
  for (const [a, b] of domains.both) {
    if (!sameValue({ ...a, comment: null }, { ...b, comment: null })) changes.push({ kind: 'alter-domain', from: a, to: b });
    comment({ object: 'domain', target: a }, a.comment, b.comment);
  }

  const functions = match(from.functions, to.functions, fnKey);
  const recreatedFunctions = new Set<string>();
  for (const f of functions.added) {
    changes.push({ kind: 'create-function', function: f });
    comment({ object: 'function', function: f }, null, f.comment);
  }
  for (const f of functions.removed) {
    changes.push({ kind: 'drop-function', function: f });
    comment({ object: 'function', function: f }, f.comment, null);
  }
  for (const [a, b] of functions.both) {
    if (a.definition !== b.definition || a.kind !== b.kind) {
      if (returnsOf(a) === returnsOf(b) && a.kind === b.kind) changes.push({ kind: 'replace-function', from: a, to: b });
      else {
        changes.push({ kind: 'drop-function', function: a }, { kind: 'create-function', function: b });
        if (b.comment !== null) changes.push({ kind: 'set-comment', on: { object: 'function', function: b }, from: null, to: b.comment });
        recreatedFunctions.add(key(a));
        continue;
      }
    }
    comment({ object: 'function', function: b }, a.comment, b.comment);
  }

  const sequences = match(from.sequences, to.sequences, key);
  for (const s of sequences.added) {
    changes.push({ kind: 'create-sequence', sequence: s });
    if (s.ownedBy) changes.push({ kind: 'set-sequence-owner', from: { ...s, ownedBy: null }, to: s });
    comment({ object: 'sequence', target: s }, null, s.comment);
  }
  for (const s of sequences.removed) {
    changes.push({ kind: 'drop-sequence', sequence: s });
    if (s.ownedBy) changes.push({ kind: 'set-sequence-owner', from: s, to: { ...s, ownedBy: null } });
    comment({ object: 'sequence', target: s }, s.comment, null);
  }
  for (const [a, b] of sequences.both) {
    if (!sameValue({ ...a, ownedBy: null, comment: null }, { ...b, ownedBy: null, comment: null })) changes.push({ kind: 'alter-sequence', from: a, to: b });
    if (!sameValue(a.ownedBy, b.ownedBy)) changes.push({ kind: 'set-sequence-owner', from: a, to: b });
    comment({ object: 'sequence', target: a }, a.comment, b.comment);
  }

  // Tables, with rename hints applied to the source side first.
  const renamedFrom = new Map<string, TableDef>();
  const fromTables = from.tables.map((t) => {
    const renamed = hints.tables?.get(key(t));
    if (!renamed) return t;
    const moved = { ...t, name: renamed };
    renamedFrom.set(key(moved), t);
    return moved;
  });
  const tables = match(fromTables, to.tables, key);
  const changedTables = new Set<string>();
  for (const t of tables.added) changes.push(...createTable(t));
  for (const t of tables.removed) {
    changes.push(...dropTable(t));
    changedTables.add(key(t));
  }
  for (const [a, b] of tables.both) {
    const original = renamedFrom.get(key(a));
    if (original) {
      changes.push({ kind: 'rename-table', from: original, to: a });
      changedTables.add(key(original));
    }
    if (!original && sameValue(a, b) && !a.columns.some((c) => recreatedEnums.has(c.type.replace(/\[\]$/, '')))) continue;
    if (diffTable(a, b, hints, changes, recreatedEnums)) changedTables.add(key(a));
  }

  // Views: rebuilt when they change, or when anything they read changes under them.
  const views = match(from.views, to.views, key);
  const rebuild = new Set<string>();
  for (const [a, b] of views.both) if (!sameView(a, b)) rebuild.add(key(a));
  const byKey = new Map(from.views.map((v) => [key(v), v]));
  const reads = (v: ViewDef, seen = new Set<string>()): boolean =>
    v.dependsOn.some((d) => {
      const k = key(d);
      if (changedTables.has(k) || rebuild.has(k) || views.removed.some((r) => key(r) === k)) return true;
      const inner = byKey.get(k);
      if (!inner || seen.has(k)) return false;
      seen.add(k);
      return reads(inner, seen);
    });
  for (const [a] of views.both) if (reads(a)) rebuild.add(key(a));
  for (const v of views.added) changes.push(...createView(v));
  for (const v of views.removed) changes.push(...dropView(v));
  for (const [a, b] of views.both) {
    if (rebuild.has(key(a))) changes.push(...dropView(a), ...createView(b));
    else {
      comment({ object: a.materialized ? 'materialized view' : 'view', target: a }, a.comment, b.comment);
      for (const [ca, cb] of match(a.columns, b.columns, (c) => c.name).both) comment({ object: 'column', target: a, column: ca.name }, ca.comment, cb.comment);
      diffMembers(a, a.indexes, b.indexes, changes, 'index');
    }
  }

  // Triggers call functions by name: a function dropped and recreated takes its triggers along.
  if (recreatedFunctions.size > 0) {
    for (const [a, b] of tables.both) {
      for (const trigger of a.triggers) {
        const kept = b.triggers.find((t) => t.name === trigger.name);
        if (kept && sameValue(trigger, kept) && recreatedFunctions.has(key(trigger.function))) {
          changes.push({ kind: 'drop-trigger', table: a, trigger }, { kind: 'create-trigger', table: b, trigger: kept });
        }
      }
    }
  }
  return changes;
}

function createTable(t: TableDef): Change[] {
  const out: Change[] = [{ kind: 'create-table', table: t }];
  for (const constraint of t.constraints) out.push({ kind: 'add-constraint', table: t, constraint });
  for (const index of t.indexes) out.push({ kind: 'create-index', table: t, index });
  for (const trigger of t.triggers) out.push({ kind: 'create-trigger', table: t, trigger });
  for (const policy of t.policies) out.push({ kind: 'create-policy', table: t, policy });
  if (t.rowSecurity || t.forceRowSecurity) out.push({ kind: 'alter-table', from: { ...t, rowSecurity: false, forceRowSecurity: false }, to: t });
  out.push(...tableComments(t, 'create'));
  return out;
}

function dropTable(t: TableDef): Change[] {
  // Members are listed so the reverse plan can recreate them; the planner knows DROP TABLE takes
  // them along and prints nothing for them going forward.
  const out: Change[] = [{ kind: 'drop-table', table: t }];
  for (const constraint of t.constraints) out.push({ kind: 'drop-constraint', table: t, constraint });
  for (const index of t.indexes) out.push({ kind: 'drop-index', table: t, index });
  for (const trigger of t.triggers) out.push({ kind: 'drop-trigger', table: t, trigger });
  for (const policy of t.policies) out.push({ kind: 'drop-policy', table: t, policy });
  if (t.rowSecurity || t.forceRowSecurity) out.push({ kind: 'alter-table', from: t, to: { ...t, rowSecurity: false, forceRowSecurity: false } });
  out.push(...tableComments(t, 'drop'));
  return out;
}

function tableComments(t: TableDef, direction: 'create' | 'drop'): Change[] {
  const out: Change[] = [];
  const set = (on: CommentTarget, text: string | null) => {
    if (text !== null) out.push(direction === 'create' ? { kind: 'set-comment', on, from: null, to: text } : { kind: 'set-comment', on, from: text, to: null });
  };
  set({ object: 'table', target: t }, t.comment);
  for (const c of t.columns) set({ object: 'column', target: t, column: c.name }, c.comment);
  for (const c of t.constraints) set({ object: 'constraint', table: t, name: c.name }, c.comment);
  for (const i of t.indexes) set({ object: 'index', schema: t.schema, name: i.name }, i.comment);
  for (const tr of t.triggers) set({ object: 'trigger', table: t, name: tr.name }, tr.comment);
  for (const p of t.policies) set({ object: 'policy', table: t, name: p.name }, p.comment);
  return out;
}

function createView(v: ViewDef): Change[] {
  const kind = v.materialized ? 'materialized view' : 'view';
  const out: Change[] = [{ kind: 'create-view', view: v }];
  for (const index of v.indexes) out.push({ kind: 'create-index', table: v, index });
  if (v.comment !== null) out.push({ kind: 'set-comment', on: { object: kind, target: v }, from: null, to: v.comment });
  for (const c of v.columns) if (c.comment !== null) out.push({ kind: 'set-comment', on: { object: 'column', target: v, column: c.name }, from: null, to: c.comment });
  for (const i of v.indexes) if (i.comment !== null) out.push({ kind: 'set-comment', on: { object: 'index', schema: v.schema, name: i.name }, from: null, to: i.comment });
  return out;
}

function dropView(v: ViewDef): Change[] {
  const kind = v.materialized ? 'materialized view' : 'view';
  const out: Change[] = [{ kind: 'drop-view', view: v }];
  for (const index of v.indexes) out.push({ kind: 'drop-index', table: v, index });
  if (v.comment !== null) out.push({ kind: 'set-comment', on: { object: kind, target: v }, from: v.comment, to: null });
  for (const c of v.columns) if (c.comment !== null) out.push({ kind: 'set-comment', on: { object: 'column', target: v, column: c.name }, from: c.comment, to: null });
  for (const i of v.indexes) if (i.comment !== null) out.push({ kind: 'set-comment', on: { object: 'index', schema: v.schema, name: i.name }, from: i.comment, to: null });
  return out;
}

function sameView(a: ViewDef, b: ViewDef): boolean {
  const shape = (v: ViewDef) => ({ m: v.materialized, d: v.definition, o: v.options, c: v.columns.map((c) => [c.name, c.type]) });
  return sameValue(shape(a), shape(b));
}

type Member = 'constraint' | 'index' | 'trigger' | 'policy';

function diffMembers<T extends { name: string; comment: string | null }>(table: QualifiedName, a: readonly T[], b: readonly T[], changes: Change[], member: Member): void {
  const add = (item: T): Change => ({ kind: ({ constraint: 'add-constraint', index: 'create-index', trigger: 'create-trigger', policy: 'create-policy' } as const)[member], table, [member]: item }) as unknown as Change;
  const drop = (item: T): Change => ({ kind: ({ constraint: 'drop-constraint', index: 'drop-index', trigger: 'drop-trigger', policy: 'drop-policy' } as const)[member], table, [member]: item }) as unknown as Change;
  const on = (name: string): CommentTarget => (member === 'index' ? { object: 'index', schema: table.schema, name } : { object: member, table, name });
  const m = match(a, b, (x) => x.name);
  for (const item of m.added) {
    changes.push(add(item));
    if (item.comment !== null) changes.push({ kind: 'set-comment', on: on(item.name), from: null, to: item.comment });
  }
  for (const item of m.removed) {
    changes.push(drop(item));
    if (item.comment !== null) changes.push({ kind: 'set-comment', on: on(item.name), from: item.comment, to: null });
  }
  for (const [x, y] of m.both) {
    if (!sameValue({ ...x, comment: null }, { ...y, comment: null })) {
      changes.push(drop(x), add(y));
      if (y.comment !== null) changes.push({ kind: 'set-comment', on: on(y.name), from: null, to: y.comment });
    } else if (x.comment !== y.comment) changes.push({ kind: 'set-comment', on: on(x.name), from: x.comment, to: y.comment });
  }
}

/** diffTable adds the changes inside one table; true when columns changed under views that read it. */
function diffTable(a: TableDef, b: TableDef, hints: RenameHints, changes: Change[], recreatedEnums: ReadonlySet<string>): boolean {
  let structural = false;
  const shape = (t: TableDef) => ({ r: t.rowSecurity, f: t.forceRowSecurity, u: t.unlogged, p: t.partitioning, o: t.partitionOf });
  if (!sameValue(shape(a), shape(b))) changes.push({ kind: 'alter-table', from: a, to: b });

  const renamedFrom = new Map<string, ColumnDef>();
  const fromColumns = a.columns.map((c) => {
    const renamed = hints.columns?.get(`${key(b)}.${c.name}`);
    if (!renamed) return c;
    const moved = { ...c, name: renamed };
    renamedFrom.set(renamed, c);
    return moved;
  });
  const columns = match(fromColumns, b.columns, (c) => c.name);
  for (const c of columns.added) {
    changes.push({ kind: 'add-column', table: b, column: c });
    if (c.comment !== null) changes.push({ kind: 'set-comment', on: { object: 'column', target: b, column: c.name }, from: null, to: c.comment });
  }
  for (const c of columns.removed) {
    changes.push({ kind: 'drop-column', table: b, column: c });
    if (c.comment !== null) changes.push({ kind: 'set-comment', on: { object: 'column', target: b, column: c.name }, from: c.comment, to: null });
    structural = true;
  }
  for (const [x, y] of columns.both) {
    const original = renamedFrom.get(x.name);
    if (original) {
      changes.push({ kind: 'rename-column', table: b, from: original, to: x });
      structural = true;
    }
    if (!sameValue({ ...x, comment: null }, { ...y, comment: null })) {
      changes.push({ kind: 'alter-column', table: b, from: x, to: y });
      structural = true;
    }
    if (x.comment !== y.comment) changes.push({ kind: 'set-comment', on: { object: 'column', target: b, column: y.name }, from: x.comment, to: y.comment });
    if (recreatedEnums.has(y.type.replace(/\[\]$/, ''))) structural = true;
  }
  diffMembers(b, a.constraints, b.constraints, changes, 'constraint');
  diffMembers(b, a.indexes, b.indexes, changes, 'index');
  diffMembers(b, a.triggers, b.triggers, changes, 'trigger');
  diffMembers(b, a.policies, b.policies, changes, 'policy');
  if (a.comment !== b.comment) changes.push({ kind: 'set-comment', on: { object: 'table', target: b }, from: a.comment, to: b.comment });
  return structural;
}

export type { EnumDef };
