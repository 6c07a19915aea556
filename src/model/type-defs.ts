/**
 * Model types of the user-defined types beyond enums and domains: composite types, range types
 * (with their multirange) and collations. Same conventions as ./types.ts: names unquoted, SQL
 * fragments as PostgreSQL renders them, schema-qualified.
 */
import type { QualifiedName } from './types.js';

/** CompositeAttributeDef is one attribute of a composite type, in its position. */
export interface CompositeAttributeDef {
  readonly name: string;
  /** As format_type renders it. */
  readonly type: string;
  /** Collation when it differs from the type's default, qualified (`pg_catalog."C"`). */
  readonly collation: string | null;
  readonly comment: string | null;
}

/** CompositeDef is `CREATE TYPE x AS (a int, b text)`. Attribute order is part of the type. */
export interface CompositeDef extends QualifiedName {
  readonly attributes: readonly CompositeAttributeDef[];
  readonly comment: string | null;
}

/**
 * RangeDef is `CREATE TYPE r AS RANGE (…)` together with its multirange type and the constructor
 * functions PostgreSQL makes for both, which are part of the type, not user functions.
 */
export interface RangeDef extends QualifiedName {
  /** Subtype as format_type renders it. */
  readonly subtype: string;
  /** Operator class, qualified, when not the subtype's default. */
  readonly subtypeOpclass: string | null;
  /** Collation, qualified, when not the subtype's default. */
  readonly collation: string | null;
  /** Canonical and subtype_diff functions as regproc prints them (qualified unless in pg_catalog). */
  readonly canonical: string | null;
  readonly subtypeDiff: string | null;
  /** The multirange type's qualified name (PostgreSQL 14+); null where multiranges do not exist. */
  readonly multirange: string | null;
  readonly comment: string | null;
}

/** CollationDef is `CREATE COLLATION x (provider = …, …)`. The provider's version is not modelled. */
export interface CollationDef extends QualifiedName {
  readonly provider: 'libc' | 'icu' | 'builtin';
  /** The ICU or builtin locale; null for libc. */
  readonly locale: string | null;
  /** LC_COLLATE and LC_CTYPE of a libc collation; null otherwise. */
  readonly lcCollate: string | null;
  readonly lcCtype: string | null;
  readonly deterministic: boolean;
  /** ICU tailoring rules (PostgreSQL 16+). */
  readonly rules: string | null;
  readonly comment: string | null;
}
