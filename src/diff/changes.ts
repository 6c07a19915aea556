import type {
  ColumnDef,
  ConstraintDef,
  DomainDef,
  EnumDef,
  ExtensionDef,
  FunctionDef,
  IndexDef,
  PolicyDef,
  QualifiedName,
  SchemaDef,
  SequenceDef,
  TableDef,
  TriggerDef,
  ViewDef,
} from '../model/types.js';

/**
 * Change is one difference between two models, as data. The union is closed: the planner
 * dispatches on `kind` through a table that must name every kind, so adding a kind without
 * teaching the planner about it does not compile. Every change can be inverted, which is how the
 * reverse (down) plan is made: invert each change and plan again.
 */
export type Change =
  | { readonly kind: 'create-schema'; readonly schema: SchemaDef }
  | { readonly kind: 'drop-schema'; readonly schema: SchemaDef }
  | { readonly kind: 'create-extension'; readonly extension: ExtensionDef }
  | { readonly kind: 'drop-extension'; readonly extension: ExtensionDef }
  | { readonly kind: 'create-enum'; readonly enum: EnumDef }
  | { readonly kind: 'drop-enum'; readonly enum: EnumDef }
  /** New values only, existing ones keep their order: ALTER TYPE … ADD VALUE. */
  | { readonly kind: 'add-enum-values'; readonly from: EnumDef; readonly to: EnumDef }
  /** Values removed or reordered: the type is rebuilt and the columns that use it converted. */
  | { readonly kind: 'recreate-enum'; readonly from: EnumDef; readonly to: EnumDef }
  | { readonly kind: 'create-domain'; readonly domain: DomainDef }
  | { readonly kind: 'drop-domain'; readonly domain: DomainDef }
  | { readonly kind: 'alter-domain'; readonly from: DomainDef; readonly to: DomainDef }
  | { readonly kind: 'create-function'; readonly function: FunctionDef }
  | { readonly kind: 'drop-function'; readonly function: FunctionDef }
  | { readonly kind: 'replace-function'; readonly from: FunctionDef; readonly to: FunctionDef }
  | { readonly kind: 'create-sequence'; readonly sequence: SequenceDef }
  | { readonly kind: 'drop-sequence'; readonly sequence: SequenceDef }
  | { readonly kind: 'alter-sequence'; readonly from: SequenceDef; readonly to: SequenceDef }
  | { readonly kind: 'set-sequence-owner'; readonly from: SequenceDef; readonly to: SequenceDef }
  | { readonly kind: 'create-table'; readonly table: TableDef }
  | { readonly kind: 'drop-table'; readonly table: TableDef }
  | { readonly kind: 'rename-table'; readonly from: TableDef; readonly to: TableDef }
  | { readonly kind: 'alter-table'; readonly from: TableDef; readonly to: TableDef }
  | { readonly kind: 'add-column'; readonly table: QualifiedName; readonly column: ColumnDef }
  | { readonly kind: 'drop-column'; readonly table: QualifiedName; readonly column: ColumnDef }
  | { readonly kind: 'alter-column'; readonly table: QualifiedName; readonly from: ColumnDef; readonly to: ColumnDef }
  | { readonly kind: 'rename-column'; readonly table: QualifiedName; readonly from: ColumnDef; readonly to: ColumnDef }
  | { readonly kind: 'add-constraint'; readonly table: QualifiedName; readonly constraint: ConstraintDef }
  | { readonly kind: 'drop-constraint'; readonly table: QualifiedName; readonly constraint: ConstraintDef }
  | { readonly kind: 'create-index'; readonly table: QualifiedName; readonly index: IndexDef }
  | { readonly kind: 'drop-index'; readonly table: QualifiedName; readonly index: IndexDef }
  | { readonly kind: 'create-trigger'; readonly table: QualifiedName; readonly trigger: TriggerDef }
  | { readonly kind: 'drop-trigger'; readonly table: QualifiedName; readonly trigger: TriggerDef }
  | { readonly kind: 'create-policy'; readonly table: QualifiedName; readonly policy: PolicyDef }
  | { readonly kind: 'drop-policy'; readonly table: QualifiedName; readonly policy: PolicyDef }
  | { readonly kind: 'create-view'; readonly view: ViewDef }
  | { readonly kind: 'drop-view'; readonly view: ViewDef }
  | { readonly kind: 'set-comment'; readonly on: CommentTarget; readonly from: string | null; readonly to: string | null };

/** ChangeKind names every kind of change. */
export type ChangeKind = Change['kind'];

/** CommentTarget says what a COMMENT ON applies to. */
export type CommentTarget =
  | { readonly object: 'schema'; readonly name: string }
  | { readonly object: 'type' | 'domain' | 'sequence' | 'table' | 'view' | 'materialized view'; readonly target: QualifiedName }
  | { readonly object: 'column'; readonly target: QualifiedName; readonly column: string }
  | { readonly object: 'index'; readonly schema: string; readonly name: string }
  | { readonly object: 'function'; readonly function: FunctionDef }
  | { readonly object: 'constraint' | 'trigger' | 'policy'; readonly table: QualifiedName; readonly name: string };

/** invert returns the change that undoes `change`. */
export function invert(change: Change): Change {
  switch (change.kind) {
    case 'create-schema':
      return { kind: 'drop-schema', schema: change.schema };
    case 'drop-schema':
      return { kind: 'create-schema', schema: change.schema };
    case 'create-extension':
      return { kind: 'drop-extension', extension: change.extension };
    case 'drop-extension':
      return { kind: 'create-extension', extension: change.extension };
    case 'create-enum':
      return { kind: 'drop-enum', enum: change.enum };
    case 'drop-enum':
      return { kind: 'create-enum', enum: change.enum };
    case 'add-enum-values':
      // Values cannot be removed from an enum in place: undoing an addition rebuilds the type.
      return { kind: 'recreate-enum', from: change.to, to: change.from };
    case 'recreate-enum':
      return { kind: 'recreate-enum', from: change.to, to: change.from };
    case 'create-domain':
      return { kind: 'drop-domain', domain: change.domain };
    case 'drop-domain':
      return { kind: 'create-domain', domain: change.domain };
    case 'alter-domain':
      return { kind: 'alter-domain', from: change.to, to: change.from };
    case 'create-function':
      return { kind: 'drop-function', function: change.function };
    case 'drop-function':
      return { kind: 'create-function', function: change.function };
    case 'replace-function':
      return { kind: 'replace-function', from: change.to, to: change.from };
    case 'create-sequence':
      return { kind: 'drop-sequence', sequence: change.sequence };
    case 'drop-sequence':
      return { kind: 'create-sequence', sequence: change.sequence };
    case 'alter-sequence':
      return { kind: 'alter-sequence', from: change.to, to: change.from };
    case 'set-sequence-owner':
      return { kind: 'set-sequence-owner', from: change.to, to: change.from };
    case 'create-table':
      return { kind: 'drop-table', table: change.table };
    case 'drop-table':
      return { kind: 'create-table', table: change.table };
    case 'rename-table':
      return { kind: 'rename-table', from: change.to, to: change.from };
    case 'alter-table':
      return { kind: 'alter-table', from: change.to, to: change.from };
    case 'add-column':
      return { kind: 'drop-column', table: change.table, column: change.column };
    case 'drop-column':
      return { kind: 'add-column', table: change.table, column: change.column };
    case 'alter-column':
      return { kind: 'alter-column', table: change.table, from: change.to, to: change.from };
    case 'rename-column':
      return { kind: 'rename-column', table: change.table, from: change.to, to: change.from };
    case 'add-constraint':
      return { kind: 'drop-constraint', table: change.table, constraint: change.constraint };
    case 'drop-constraint':
      return { kind: 'add-constraint', table: change.table, constraint: change.constraint };
    case 'create-index':
      return { kind: 'drop-index', table: change.table, index: change.index };
    case 'drop-index':
      return { kind: 'create-index', table: change.table, index: change.index };
    case 'create-trigger':
      return { kind: 'drop-trigger', table: change.table, trigger: change.trigger };
    case 'drop-trigger':
      return { kind: 'create-trigger', table: change.table, trigger: change.trigger };
    case 'create-policy':
      return { kind: 'drop-policy', table: change.table, policy: change.policy };
    case 'drop-policy':
      return { kind: 'create-policy', table: change.table, policy: change.policy };
    case 'create-view':
      return { kind: 'drop-view', view: change.view };
    case 'drop-view':
      return { kind: 'create-view', view: change.view };
    case 'set-comment':
      return { kind: 'set-comment', on: change.on, from: change.to, to: change.from };
    default: {
      const never: never = change;
      throw new Error(`cannot invert ${JSON.stringify(never)}`);
    }
  }
}
