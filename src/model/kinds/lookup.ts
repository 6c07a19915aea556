import type { QualifiedName, SchemaModel, TableDef } from '../types.js';

const tables = new WeakMap<SchemaModel, ReadonlyMap<string, TableDef>>();

/** tableIn finds a table of a model by name in constant time (models are immutable, so the index is cached). */
export function tableIn(model: SchemaModel, name: QualifiedName): TableDef | undefined {
  let index = tables.get(model);
  if (!index) tables.set(model, (index = new Map(model.tables.map((t) => [`${t.schema}\u0000${t.name}`, t]))));
  return index.get(`${name.schema}\u0000${name.name}`);
}
