import type { SchemaModel } from './api.js';

/** SchemaObject is one entry of the Schema page's list, with the identity its DDL is filed under. */
export interface SchemaObject {
  readonly kind: 'table' | 'view' | 'materialized view' | 'function' | 'procedure' | 'enum';
  readonly schema: string;
  readonly name: string;
  /** The planner's identity (`relation:public.users`): the key of /api/ddl's objects and of the route. */
  readonly id: string;
  /** Column names, which the search box also matches. */
  readonly columns: readonly string[];
}

/** objectsOf lists what the Schema page shows, by schema and name. */
export function objectsOf(model: SchemaModel): SchemaObject[] {
  const rel = (o: { schema: string; name: string }) => `relation:${o.schema}.${o.name}`;
  const list: SchemaObject[] = [
    ...model.tables.map((t) => ({ kind: 'table' as const, schema: t.schema, name: t.name, id: rel(t), columns: t.columns.map((c) => c.name) })),
    ...model.views.map((v) => ({ kind: v.materialized ? ('materialized view' as const) : ('view' as const), schema: v.schema, name: v.name, id: rel(v), columns: v.columns.map((c) => c.name) })),
    ...model.functions.map((f) => ({ kind: f.kind, schema: f.schema, name: `${f.name}(${f.identityArguments})`, id: `function:${f.schema}.${f.name}(${f.identityArguments})`, columns: [] })),
    ...model.enums.map((e) => ({ kind: 'enum' as const, schema: e.schema, name: e.name, id: `type:${e.schema}.${e.name}`, columns: [] })),
  ];
  return list.sort((a, b) => a.schema.localeCompare(b.schema) || a.name.localeCompare(b.name));
}

/** matches is the search box's test: a part of the name, the qualified name or a column name. */
export function matches(object: SchemaObject, query: string): 'name' | 'column' | false {
  const q = query.trim().toLowerCase();
  if (q === '') return 'name';
  if (`${object.schema}.${object.name}`.toLowerCase().includes(q)) return 'name';
  return object.columns.some((c) => c.toLowerCase().includes(q)) ? 'column' : false;
}
