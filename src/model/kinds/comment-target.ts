import type { Ddl } from '../../sql/ddl.js';
import type { AggregateDef, FunctionDef, QualifiedName } from '../types.js';

/** CommentTarget says what a COMMENT ON applies to. */
export type CommentTarget =
  | { readonly object: 'schema'; readonly name: string }
  | { readonly object: 'type' | 'domain' | 'collation' | 'sequence' | 'table' | 'view' | 'materialized view'; readonly target: QualifiedName }
  | { readonly object: 'column'; readonly target: QualifiedName; readonly column: string }
  | { readonly object: 'index'; readonly schema: string; readonly name: string }
  | { readonly object: 'function'; readonly function: FunctionDef }
  | { readonly object: 'aggregate'; readonly aggregate: AggregateDef }
  | { readonly object: 'text search dictionary' | 'text search configuration' | 'statistics'; readonly target: QualifiedName }
  | { readonly object: 'event trigger' | 'publication'; readonly name: string }
  | { readonly object: 'constraint' | 'trigger' | 'policy' | 'rule'; readonly table: QualifiedName; readonly name: string }
  | { readonly object: 'domain constraint'; readonly domain: QualifiedName; readonly name: string };

/** aggregateSignature is what names an aggregate in DROP and COMMENT: `(*)` for one without arguments. */
export function aggregateSignature(a: AggregateDef, ddl: Ddl): string {
  return `${ddl.qn(a)}(${a.identityArguments === '' ? '*' : a.identityArguments})`;
}

/** commentTarget renders what follows COMMENT ON. */
export function commentTarget(on: CommentTarget, ddl: Ddl): string {
  switch (on.object) {
    case 'schema':
      return `SCHEMA ${ddl.id(on.name)}`;
    case 'text search dictionary':
    case 'text search configuration':
    case 'statistics':
    case 'type':
    case 'domain':
    case 'collation':
    case 'sequence':
    case 'table':
    case 'view':
    case 'materialized view':
      return `${on.object.toUpperCase()} ${ddl.qn(on.target)}`;
    case 'column':
      return `COLUMN ${ddl.qn(on.target)}.${ddl.id(on.column)}`;
    case 'index':
      return `INDEX ${ddl.id(on.schema)}.${ddl.id(on.name)}`;
    case 'function':
      return ddl.functionTarget(on.function);
    case 'aggregate':
      return `AGGREGATE ${aggregateSignature(on.aggregate, ddl)}`;
    case 'event trigger':
    case 'publication':
      return `${on.object.toUpperCase()} ${ddl.id(on.name)}`;
    case 'rule':
    case 'constraint':
    case 'trigger':
    case 'policy':
      return `${on.object.toUpperCase()} ${ddl.id(on.name)} ON ${ddl.qn(on.table)}`;
    case 'domain constraint':
      return `CONSTRAINT ${ddl.id(on.name)} ON DOMAIN ${ddl.qn(on.domain)}`;
    default: {
      const never: never = on;
      throw new Error(`unknown comment target ${JSON.stringify(never)}`);
    }
  }
}
