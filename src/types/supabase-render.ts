import type { ColumnDef, SchemaModel, TableDef } from '../model/types.js';
import { SUPABASE_HELPERS } from './supabase-helpers.js';
import { SupabaseTypeMapper, functionSignature, type FunctionSignature } from './supabase-types.js';

/**
 * renderSupabaseTypes renders a model in the shape `supabase gen types typescript` emits
 * (postgres-meta's TypeScript template), so `createClient<Database>()` and
 * `new PostgrestClient<Database>()` type every query: per schema `Tables` (Row, Insert, Update,
 * Relationships), `Views` (Row, Relationships), `Functions` (Args, Returns), `Enums` and
 * `CompositeTypes`, then the `Tables<>`/`TablesInsert<>`/`TablesUpdate<>`/`Enums<>`/`CompositeTypes<>`
 * helpers and `Constants`. Types follow PostgREST's JSON (int8 and numeric are numbers, dates
 * strings); layout follows the template after its prettier pass (2 spaces, no semicolons).
 *
 * @example await fs.writeFile('src/db/database.types.ts', await renderSupabaseTypes(await tm.model()));
 */
export async function renderSupabaseTypes(model: SchemaModel): Promise<string> {
  const mapper = new SupabaseTypeMapper(model);
  const out = new Lines();
  out.push(
    0,
    'export type Json =',
    '  | string',
    '  | number',
    '  | boolean',
    '  | null',
    '  | { [key: string]: Json | undefined }',
    '  | Json[]',
    '',
    'export type Database = {',
  );
  for (const schema of [...model.schemas].sort((a, b) => compare(a.name, b.name))) {
    out.push(2, `${prop(schema.name)}: {`);
    await renderTables(out, model, schema.name, mapper);
    await renderViews(out, model, schema.name, mapper);
    await renderFunctions(out, model, schema.name, mapper);
    out.block(4, 'Enums', sorted(model.enums.filter((e) => e.schema === schema.name)).map((e) => unionLine(6, `${prop(e.name)}: `, e.values.map((v) => q(v)))));
    const composites: string[][] = [];
    for (const c of sorted(model.composites.filter((c) => c.schema === schema.name))) {
      const lines = [`${pad(6)}${prop(c.name)}: {`];
      for (const a of c.attributes) lines.push(`${pad(8)}${prop(a.name)}: ${await mapper.ofText(a.type)} | null`);
      composites.push([...lines, `${pad(6)}}`]);
    }
    out.block(4, 'CompositeTypes', composites);
    out.push(2, '}');
  }
  out.push(0, '}', '', ...SUPABASE_HELPERS, '', 'export const Constants = {');
  for (const schema of [...model.schemas].sort((a, b) => compare(a.name, b.name))) {
    const enums = sorted(model.enums.filter((e) => e.schema === schema.name));
    out.push(2, `${prop(schema.name)}: {`);
    if (enums.length === 0) out.push(4, 'Enums: {},');
    else {
      out.push(4, 'Enums: {');
      for (const e of enums) out.push(0, ...arrayLine(6, `${prop(e.name)}: `, e.values.map((v) => q(v))));
      out.push(4, '},');
    }
    out.push(2, '},');
  }
  out.push(0, '} as const');
  return out.text();
}

async function renderTables(out: Lines, model: SchemaModel, schema: string, mapper: SupabaseTypeMapper): Promise<void> {
  const entries: string[][] = [];
  for (const table of sorted(model.tables.filter((t) => t.schema === schema && t.partitionOf === null))) {
    const columns = sorted(table.columns);
    const lines = [`${pad(6)}${prop(table.name)}: {`, `${pad(8)}Row: {`];
    const types = new Map<string, string>();
    for (const c of columns) types.set(c.name, await mapper.ofText(c.type));
    for (const c of columns) lines.push(`${pad(10)}${prop(c.name)}: ${types.get(c.name)}${c.notNull ? '' : ' | null'}`);
    lines.push(`${pad(8)}}`, `${pad(8)}Insert: {`);
    for (const c of columns) {
      if (unwritable(c)) lines.push(`${pad(10)}${prop(c.name)}?: never`);
      else {
        const optional = !c.notNull || c.identity !== null || c.default !== null;
        lines.push(`${pad(10)}${prop(c.name)}${optional ? '?' : ''}: ${types.get(c.name)}${c.notNull ? '' : ' | null'}`);
      }
    }
    lines.push(`${pad(8)}}`, `${pad(8)}Update: {`);
    for (const c of columns) lines.push(unwritable(c) ? `${pad(10)}${prop(c.name)}?: never` : `${pad(10)}${prop(c.name)}?: ${types.get(c.name)}${c.notNull ? '' : ' | null'}`);
    lines.push(`${pad(8)}}`, ...relationships(table), `${pad(6)}}`);
    entries.push(lines);
  }
  out.block(4, 'Tables', entries);
}

/** Generated columns and GENERATED ALWAYS identities cannot be written. */
const unwritable = (c: ColumnDef) => c.identity?.kind === 'always' || c.generated !== null;

/**
 * Relationships are the table's foreign keys to tables of its own schema (the ones PostgREST can
 * embed); one-to-one when the referencing columns are the table's primary key or a unique constraint.
 */
function relationships(table: TableDef): string[] {
  const keys = table.constraints.filter((c) => c.type === 'primary key' || c.type === 'unique').map((c) => [...c.columns].sort().join('\u0000'));
  const fks = table.constraints
    .filter((c) => c.foreignKey !== null && c.foreignKey.table.schema === table.schema)
    .sort((a, b) => compare(a.name, b.name) || compare(a.foreignKey!.table.name, b.foreignKey!.table.name));
  if (fks.length === 0) return [`${pad(8)}Relationships: []`];
  const lines = [`${pad(8)}Relationships: [`];
  for (const fk of fks) {
    lines.push(
      `${pad(10)}{`,
      `${pad(12)}foreignKeyName: ${q(fk.name)}`,
      `${pad(12)}columns: ${list(fk.columns)}`,
      `${pad(12)}isOneToOne: ${keys.includes([...fk.columns].sort().join('\u0000'))}`,
      `${pad(12)}referencedRelation: ${q(fk.foreignKey!.table.name)}`,
      `${pad(12)}referencedColumns: ${list(fk.foreignKey!.columns)}`,
      `${pad(10)}},`,
    );
  }
  return [...lines, `${pad(8)}]`];
}

async function renderViews(out: Lines, model: SchemaModel, schema: string, mapper: SupabaseTypeMapper): Promise<void> {
  const entries: string[][] = [];
  for (const view of sorted(model.views.filter((v) => v.schema === schema))) {
    const lines = [`${pad(6)}${prop(view.name)}: {`, `${pad(8)}Row: {`];
    // PostgreSQL tracks no nullability for view columns: every one may be null.
    for (const c of sorted(view.columns)) lines.push(`${pad(10)}${prop(c.name)}: ${await mapper.ofText(c.type)} | null`);
    lines.push(`${pad(8)}}`, `${pad(8)}Relationships: []`, `${pad(6)}}`);
    entries.push(lines);
  }
  out.block(4, 'Views', entries);
}

async function renderFunctions(out: Lines, model: SchemaModel, schema: string, mapper: SupabaseTypeMapper): Promise<void> {
  const byName = new Map<string, FunctionSignature[]>();
  for (const fn of sorted(model.functions.filter((f) => f.schema === schema && f.kind === 'function'))) {
    const signature = await functionSignature(fn.definition);
    const inArgs = signature.parameters.filter((p) => p.mode === 'in' || p.mode === 'inout' || p.mode === 'variadic');
    // PostgREST calls a function with named arguments, or with one unnamed argument (the body).
    if (inArgs.some((p) => p.name === '') && inArgs.length !== 1) continue;
    byName.set(fn.name, [...(byName.get(fn.name) ?? []), signature]);
  }
  const entries: string[][] = [];
  for (const [name, overloads] of byName) {
    const args: string[] = [];
    for (const o of overloads) {
      const inArgs = o.parameters.filter((p) => p.mode === 'in');
      if (inArgs.length === 0) args.push('Record<PropertyKey, never>');
      else {
        const members: string[] = [];
        for (const p of inArgs) members.push(`${prop(p.name)}${p.hasDefault ? '?' : ''}: ${await mapper.of(p.type)}`);
        args.push(`{ ${members.join('; ')} }`);
      }
    }
    const lines = [`${pad(6)}${prop(name)}: {`, ...argsLines(args), ...(await returnsLines(overloads[0]!, model, mapper)), `${pad(6)}}`];
    entries.push(lines);
  }
  out.block(4, 'Functions', entries);
}

function argsLines(args: readonly string[]): string[] {
  const inline = `${pad(8)}Args: ${args.join(' | ')}`;
  if (inline.length <= 80) return [inline];
  if (args.length === 1) {
    // One object that does not fit: one member a line.
    const members = args[0]!.slice(2, -2).split('; ');
    return [`${pad(8)}Args: {`, ...members.map((m) => `${pad(10)}${m}`), `${pad(8)}}`];
  }
  return [`${pad(8)}Args:`, ...args.map((a) => `${pad(10)}| ${a}`)];
}

async function returnsLines(fn: FunctionSignature, model: SchemaModel, mapper: SupabaseTypeMapper): Promise<string[]> {
  const suffix = fn.setOf || fn.parameters.some((p) => p.mode === 'table') ? '[]' : '';
  const table = fn.parameters.filter((p) => p.mode === 'table');
  if (table.length > 0) {
    const members: string[] = [];
    for (const p of table) members.push(`${pad(10)}${prop(p.name)}: ${await mapper.of(p.type)}`);
    return [`${pad(8)}Returns: {`, ...members, `${pad(8)}}${suffix}`];
  }
  const ref = fn.returns;
  const relation = ref?.dimensions === 0 && ref.schema !== null ? [...model.tables, ...model.views].find((r) => r.schema === ref.schema && r.name === ref.name) : undefined;
  if (relation) {
    const members: string[] = [];
    for (const c of sorted(relation.columns)) {
      const nullable = !('notNull' in c) || !c.notNull;
      members.push(`${pad(10)}${prop(c.name)}: ${await mapper.ofText(c.type)}${nullable ? ' | null' : ''}`);
    }
    return [`${pad(8)}Returns: {`, ...members, `${pad(8)}}${suffix}`];
  }
  const type = ref ? await mapper.of(ref) : 'unknown';
  return [`${pad(8)}Returns: ${suffix && /[| ]/.test(type) ? `(${type})` : type}${suffix}`];
}

/** Lines collects the output; `block` writes `Name: { entries }`, or the template's empty form. */
class Lines {
  private readonly lines: string[] = [];

  push(indent: number, ...lines: string[]): void {
    for (const l of lines) this.lines.push(l === '' ? '' : pad(indent) + l);
  }

  block(indent: number, name: string, entries: readonly (readonly string[])[]): void {
    if (entries.length === 0) {
      this.push(indent, `${name}: {`, '  [_ in never]: never', '}');
      return;
    }
    this.push(indent, `${name}: {`);
    for (const entry of entries) this.lines.push(...entry);
    this.push(indent, '}');
  }

  text(): string {
    return this.lines.join('\n') + '\n';
  }
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const q = JSON.stringify;
const pad = (n: number) => ' '.repeat(n);
/** A property key as prettier leaves it: bare when it can be, double-quoted otherwise. */
const prop = (name: string) => (IDENTIFIER.test(name) ? name : q(name));
const list = (items: readonly string[]) => `[${items.map((i) => q(i)).join(', ')}]`;
// The template sorts with localeCompare; a fixed locale keeps the output the same on every machine.
const compare = (a: string, b: string) => a.localeCompare(b, 'en');
const sorted = <T extends { name: string }>(items: readonly T[]) => [...items].sort((a, b) => compare(a.name, b.name));

/** unionLine renders `key: "a" | "b"`, one member a line when it does not fit in 80 columns. */
function unionLine(indent: number, head: string, members: readonly string[]): string[] {
  const inline = `${pad(indent)}${head}${members.length ? members.join(' | ') : 'never'}`;
  if (inline.length <= 80 || members.length < 2) return [inline];
  return [`${pad(indent)}${head.trimEnd()}`, ...members.map((m) => `${pad(indent + 2)}| ${m}`)];
}

/** arrayLine renders `key: ["a", "b"],`, one element a line when it does not fit in 80 columns. */
function arrayLine(indent: number, head: string, members: readonly string[]): string[] {
  const inline = `${pad(indent)}${head}[${members.join(', ')}],`;
  if (inline.length <= 80) return [inline];
  return [`${pad(indent)}${head}[`, ...members.map((m) => `${pad(indent + 2)}${m},`), `${pad(indent)}],`];
}
