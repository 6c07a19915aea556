/**
 * ReferenceDocument is what a Markdown reference says about a schema, as written: SQL fragments
 * (types, defaults, constraint clauses, index keys) are kept as text, each with the place in the
 * document it came from. Loading it into a shadow database (load.ts) turns it into a SchemaModel
 * in PostgreSQL's own canonical forms.
 */

/** Location is a 1-based line and column in the document. */
export interface Location {
  readonly line: number;
  readonly column: number;
}

export interface RefColumn {
  readonly name: string;
  /** As written: `UUID`, `DECIMAL(3,2)`, `membership_role`. */
  readonly type: string;
  readonly notNull: boolean;
  /** `DEFAULT` expression, or an identity / generated clause; null for `-`, `NULL` or empty. */
  readonly default: RefDefault | null;
  readonly description: string | null;
  readonly at: Location;
}

export type RefDefault =
  | { readonly kind: 'expression'; readonly sql: string }
  | { readonly kind: 'identity'; readonly always: boolean }
  | { readonly kind: 'generated'; readonly sql: string; readonly stored: boolean };

export type RefConstraintKind = 'primary key' | 'unique' | 'foreign key' | 'check' | 'exclude';

export interface RefConstraint {
  readonly kind: RefConstraintKind;
  /** Given explicitly in the document, else PostgreSQL chooses it. */
  readonly name: string | null;
  /** The clause that follows `ADD [CONSTRAINT name]`: `FOREIGN KEY (a) REFERENCES t(b) ON DELETE CASCADE`. */
  readonly clause: string;
  readonly at: Location;
}

export interface RefIndex {
  readonly name: string;
  readonly unique: boolean;
  readonly method: string | null;
  /** The key as in CREATE INDEX, without the outer parentheses: `tenant_id, file_path`. */
  readonly elements: string;
  readonly include: string | null;
  readonly predicate: string | null;
  readonly nullsNotDistinct: boolean;
  readonly comment: string | null;
  readonly at: Location;
}

export interface RefTable {
  readonly schema: string;
  readonly name: string;
  readonly comment: string | null;
  readonly columns: readonly RefColumn[];
  readonly constraints: readonly RefConstraint[];
  readonly indexes: readonly RefIndex[];
  readonly rowSecurity: boolean;
  readonly forceRowSecurity: boolean;
  readonly at: Location;
}

export interface RefEnum {
  readonly schema: string;
  readonly name: string;
  readonly values: readonly string[];
  /** The type's comment, with value descriptions folded in (see docs/enum-comment.ts). */
  readonly comment: string | null;
  readonly at: Location;
}

export interface ReferenceDocument {
  /** The file, as shown in messages. */
  readonly file: string;
  readonly extensions: readonly { readonly name: string; readonly at: Location }[];
  readonly enums: readonly RefEnum[];
  readonly tables: readonly RefTable[];
}
