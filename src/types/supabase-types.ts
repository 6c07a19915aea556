import type { SchemaModel } from '../model/types.js';
import { loadParser } from '../parser/parser.js';
import { parseTypeName } from '../parser/type-name.js';
import { key } from './type-map.js';

/**
 * How `supabase gen types typescript` (postgres-meta's TypeScript template) types a PostgreSQL
 * type: by what PostgREST's JSON holds, so int8 and numeric are numbers and dates are strings, and
 * a type it does not know is `unknown`. Enums, composite types and row types of the generated
 * schemas are references into `Database`.
 */

/** TypeRef is a type by schema (null: unqualified, so pg_catalog), name and array dimensions. */
export interface TypeRef {
  readonly schema: string | null;
  readonly name: string;
  readonly dimensions: number;
}

const NUMBER = new Set(['int2', 'int4', 'int8', 'float4', 'float8', 'numeric']);
const STRING = new Set(['bytea', 'bpchar', 'varchar', 'date', 'text', 'time', 'timetz', 'timestamp', 'timestamptz', 'uuid']);
// Extension types postgres-meta knows by name, in whatever schema the extension lives.
const EXTENSION_STRING = new Set(['citext', 'vector']);

const q = JSON.stringify;

/** SupabaseTypeMapper maps types of a model as postgres-meta's template does. */
export class SupabaseTypeMapper {
  private readonly domains: ReadonlyMap<string, string>;
  private readonly enums: ReadonlyMap<string, readonly string[]>;
  private readonly composites: ReadonlySet<string>;
  private readonly tables: ReadonlySet<string>;
  private readonly views: ReadonlySet<string>;
  private readonly schemas: ReadonlySet<string>;

  constructor(model: SchemaModel) {
    this.domains = new Map(model.domains.map((d) => [key(d.schema, d.name), d.type]));
    this.enums = new Map(model.enums.map((e) => [key(e.schema, e.name), e.values]));
    this.composites = new Set(model.composites.map((c) => key(c.schema, c.name)));
    this.tables = new Set(model.tables.map((t) => key(t.schema, t.name)));
    this.views = new Set(model.views.map((v) => key(v.schema, v.name)));
    this.schemas = new Set(model.schemas.map((s) => s.name));
  }

  /** ofText types a type as format_type renders it (columns, attributes, domains). */
  async ofText(type: string): Promise<string> {
    const ref = await parseTypeName(type);
    return this.of({ schema: ref.schema, name: ref.name, dimensions: ref.arrayDimensions });
  }

  /** of types a type reference; domains resolve to their base type, arrays keep their dimensions. */
  async of(ref: TypeRef, seen: ReadonlySet<string> = new Set()): Promise<string> {
    const k = key(ref.schema ?? 'pg_catalog', ref.name);
    const domain = ref.schema !== null ? this.domains.get(k) : undefined;
    if (domain !== undefined && !seen.has(k)) {
      const base = await parseTypeName(domain);
      return this.of({ schema: base.schema, name: base.name, dimensions: ref.dimensions + base.arrayDimensions }, new Set([...seen, k]));
    }
    const element = this.scalar(ref);
    if (ref.dimensions === 0) return element;
    // One level, as postgres-meta's `_type` names have: PostgreSQL arrays have no fixed depth.
    return /[| ]/.test(element) ? `(${element})[]` : `${element}[]`;
  }

  private scalar(ref: TypeRef): string {
    const schema = ref.schema ?? 'pg_catalog';
    if (schema === 'pg_catalog') {
      if (ref.name === 'bool') return 'boolean';
      if (NUMBER.has(ref.name)) return 'number';
      if (STRING.has(ref.name)) return 'string';
      if (ref.name === 'json' || ref.name === 'jsonb') return 'Json';
      if (ref.name === 'void') return 'undefined';
      if (ref.name === 'record') return 'Record<string, unknown>';
      return 'unknown';
    }
    if (EXTENSION_STRING.has(ref.name)) return 'string';
    const k = key(schema, ref.name);
    const inDatabase = this.schemas.has(schema);
    const values = this.enums.get(k);
    if (values) return inDatabase ? `Database[${q(schema)}]["Enums"][${q(ref.name)}]` : values.map((v) => q(v)).join(' | ');
    if (!inDatabase) return 'unknown';
    if (this.composites.has(k)) return `Database[${q(schema)}]["CompositeTypes"][${q(ref.name)}]`;
    if (this.tables.has(k)) return `Database[${q(schema)}]["Tables"][${q(ref.name)}]["Row"]`;
    if (this.views.has(k)) return `Database[${q(schema)}]["Views"][${q(ref.name)}]["Row"]`;
    return 'unknown';
  }
}

/** FunctionSignature is what the template needs of a function: its parameters and what it returns. */
export interface FunctionSignature {
  readonly parameters: readonly { readonly name: string; readonly mode: 'in' | 'out' | 'inout' | 'variadic' | 'table'; readonly type: TypeRef; readonly hasDefault: boolean }[];
  readonly returns: TypeRef | null;
  readonly setOf: boolean;
}

interface TypeNameNode {
  readonly names?: readonly { readonly String?: { readonly sval?: string } }[];
  readonly arrayBounds?: readonly unknown[];
  readonly setof?: boolean;
}

interface CreateFunctionNode {
  readonly parameters?: readonly {
    readonly FunctionParameter?: { readonly name?: string; readonly argType?: TypeNameNode; readonly mode?: string; readonly defexpr?: unknown };
  }[];
  readonly returnType?: TypeNameNode;
}

const MODES: Record<string, FunctionSignature['parameters'][number]['mode']> = {
  FUNC_PARAM_IN: 'in',
  FUNC_PARAM_DEFAULT: 'in',
  FUNC_PARAM_OUT: 'out',
  FUNC_PARAM_INOUT: 'inout',
  FUNC_PARAM_VARIADIC: 'variadic',
  FUNC_PARAM_TABLE: 'table',
};

function refOf(node: TypeNameNode | undefined): TypeRef | null {
  const names = (node?.names ?? []).map((n) => n.String?.sval ?? '');
  if (names.length === 0) return null;
  return { schema: names.length > 1 ? names.at(-2)! : null, name: names.at(-1)!, dimensions: node?.arrayBounds?.length ?? 0 };
}

/**
 * functionSignature reads a function's parameters and result from its definition (as
 * pg_get_functiondef renders it) with PostgreSQL's own parser.
 */
export async function functionSignature(definition: string): Promise<FunctionSignature> {
  const parser = await loadParser();
  const stmt = parser.parseSync(definition).stmts?.[0]?.stmt as { CreateFunctionStmt?: CreateFunctionNode } | undefined;
  const fn = stmt?.CreateFunctionStmt;
  if (!fn) throw new Error(`not a function definition: ${definition.slice(0, 80)}`);
  const parameters = (fn.parameters ?? []).flatMap(({ FunctionParameter: p }) => {
    const type = refOf(p?.argType);
    if (!p || !type) return [];
    return [{ name: p.name ?? '', mode: MODES[p.mode ?? 'FUNC_PARAM_DEFAULT'] ?? 'in', type, hasDefault: p.defexpr !== undefined }];
  });
  return { parameters, returns: refOf(fn.returnType), setOf: fn.returnType?.setof === true };
}
