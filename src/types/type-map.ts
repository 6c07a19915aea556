import type { DomainDef, SchemaModel } from '../model/types.js';
import { parseTypeName } from '../parser/type-name.js';

/**
 * TypesOptions choose how values that drivers can return in more than one form are typed. The
 * defaults describe node-postgres as it comes (what Kysely's PostgresDialect uses): int8 as a
 * string, date and timestamps as Date.
 */
export interface TypesOptions {
  /** int8 columns read as `string` (node-postgres's default) or `bigint` (with a type parser that makes them so). */
  readonly bigint: 'string' | 'bigint';
  /** date, timestamp and timestamptz columns read as `Date` (both drivers' default) or `string` (with a type parser). */
  readonly timestamp: 'string' | 'Date';
}

/** Helper is a named type the generated file declares only when a column uses it. */
export type Helper = 'Json' | 'Interval';

/** ColumnTsType is what a value of a column reads as, and what a write accepts. */
export interface ColumnTsType {
  readonly select: string;
  readonly insert: string;
}

/** DomainTraits are what a column inherits from a domain type: NOT NULL and a default. */
export interface DomainTraits {
  readonly notNull: boolean;
  readonly hasDefault: boolean;
}

type Scalar = ColumnTsType;
const same = (t: string): Scalar => ({ select: t, insert: t });

/** Built-in types by pg_catalog name; anything not listed reads as its text form, a string. */
function builtin(name: string, options: TypesOptions, use: (helper: Helper) => void): Scalar | undefined {
  switch (name) {
    case 'bool':
      return same('boolean');
    case 'int2':
    case 'int4':
    case 'float4':
    case 'float8':
    case 'oid':
      return same('number');
    case 'int8':
      return { select: options.bigint, insert: 'string | number | bigint' };
    case 'numeric':
      return { select: 'string', insert: 'string | number' };
    case 'json':
    case 'jsonb':
      use('Json');
      return same('Json');
    case 'date':
    case 'timestamp':
    case 'timestamptz':
      return { select: options.timestamp, insert: 'Date | string' };
    case 'interval':
      use('Interval');
      return same('Interval');
    case 'bytea':
      return same('Uint8Array');
    case 'point':
      // node-postgres parses points and circles into objects; PGlite returns their text.
      return { select: '{ x: number; y: number } | string', insert: 'string' };
    case 'circle':
      return { select: '{ x: number; y: number; radius: number } | string', insert: 'string' };
    default:
      return undefined;
  }
}

function arrayOf(type: string, dimensions: number): string {
  if (dimensions === 0) return type;
  const element = /[|&{ ]/.test(type) ? `(${type})` : type;
  return element + '[]'.repeat(dimensions);
}

/**
 * TypeMapper turns a column's PostgreSQL type (as format_type renders it) into TypeScript: enums
 * become the names of their unions, domains resolve to their base types, arrays keep their
 * dimensions, and types it does not know read as strings (their text form, which is what both
 * drivers return for a type they have no parser for).
 */
export class TypeMapper {
  private readonly domains: ReadonlyMap<string, DomainDef>;
  private readonly enumNames: ReadonlyMap<string, string>;
  private readonly options: TypesOptions;
  /** Helpers used so far. */
  readonly helpers = new Set<Helper>();

  /** `enumNames` maps `schema.name` of each enum to its TypeScript name. */
  constructor(model: SchemaModel, enumNames: ReadonlyMap<string, string>, options: TypesOptions) {
    this.domains = new Map(model.domains.map((d) => [key(d.schema, d.name), d]));
    this.enumNames = enumNames;
    this.options = options;
  }

  /** map types a column or a view column. */
  async map(type: string): Promise<ColumnTsType> {
    return this.resolve(type, 0, new Set());
  }

  /** domainTraits says whether a (non-array) domain type makes a column NOT NULL or gives it a default. */
  async domainTraits(type: string): Promise<DomainTraits> {
    let notNull = false;
    let hasDefault = false;
    const seen = new Set<string>();
    let ref = await parseTypeName(type);
    for (;;) {
      if (ref.arrayDimensions > 0 || ref.schema === null) break;
      const k = key(ref.schema, ref.name);
      const domain = this.domains.get(k);
      if (!domain || seen.has(k)) break;
      seen.add(k);
      notNull ||= domain.notNull;
      hasDefault ||= domain.default !== null;
      ref = await parseTypeName(domain.type);
    }
    return { notNull, hasDefault };
  }

  private async resolve(type: string, outerDimensions: number, seen: Set<string>): Promise<ColumnTsType> {
    const ref = await parseTypeName(type);
    const dimensions = outerDimensions + ref.arrayDimensions;
    const wrap = (t: Scalar): ColumnTsType => ({ select: arrayOf(t.select, dimensions), insert: arrayOf(t.insert, dimensions) });
    const schema = ref.schema ?? 'pg_catalog';
    if (schema === 'pg_catalog') {
      return wrap(builtin(ref.name, this.options, (h) => this.helpers.add(h)) ?? same('string'));
    }
    const k = key(schema, ref.name);
    const enumName = this.enumNames.get(k);
    if (enumName) return wrap(same(enumName));
    const domain = this.domains.get(k);
    if (domain && !seen.has(k)) return this.resolve(domain.type, dimensions, new Set([...seen, k]));
    // Extension types (citext, ltree, vector…) and composite types: their text form.
    return wrap(same('string'));
  }
}

/** key identifies a schema object in lookups. */
export function key(schema: string, name: string): string {
  return `${schema}\u0000${name}`;
}
