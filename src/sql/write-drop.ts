import type { QualifiedName, SchemaModel, TableDef, ViewDef } from '../model/types.js';
import { loadIdentQuoter } from './ident.js';

/**
 * writeDropSql renders the script that removes everything {@link writeSchemaSql} would create
 * from the same model, in the reverse of its order: views (each before the views it reads), foreign
 * keys, tables (partitions before their parents; indexes, triggers, policies and owned sequences go
 * with them), free-standing sequences, functions, domains, enums, extensions, and schemas other
 * than `public`. No CASCADE: if something outside the model depends on these objects, the script
 * fails instead of silently taking it along.
 *
 * @example const down = await writeDropSql(await introspect(db)); // the down section of a baseline
 */
export async function writeDropSql(model: SchemaModel): Promise<string> {
  const id = await loadIdentQuoter();
  const qn = (o: QualifiedName) => `${id(o.schema)}.${id(o.name)}`;
  const out: string[] = [];
  for (const view of orderViews(model.views).reverse()) out.push(`DROP ${view.materialized ? 'MATERIALIZED VIEW' : 'VIEW'} ${qn(view)};`);
  const tables = orderTables(model.tables).reverse();
  for (const table of tables) {
    for (const c of table.constraints.filter((c) => c.type === 'foreign key')) out.push(`ALTER TABLE ${qn(table)} DROP CONSTRAINT ${id(c.name)};`);
  }
  for (const table of tables) out.push(`DROP TABLE ${qn(table)};`);
  for (const s of [...model.sequences].reverse()) if (!s.ownedBy) out.push(`DROP SEQUENCE ${qn(s)};`);
  for (const f of [...model.functions].reverse()) out.push(`DROP ${f.kind === 'procedure' ? 'PROCEDURE' : 'FUNCTION'} ${qn(f)}(${f.identityArguments});`);
  for (const d of [...model.domains].reverse()) out.push(`DROP DOMAIN ${qn(d)};`);
  for (const e of [...model.enums].reverse()) out.push(`DROP TYPE ${qn(e)};`);
  for (const ext of [...model.extensions].reverse()) out.push(`DROP EXTENSION ${id(ext.name)};`);
  for (const schema of [...model.schemas].reverse()) if (schema.name !== 'public') out.push(`DROP SCHEMA ${id(schema.name)};`);
  return out.length ? `${out.join('\n')}\n` : '';
}

const key = (o: QualifiedName) => `${o.schema}\u0000${o.name}`;

/** Parents before their partitions, as the schema writer creates them. */
function orderTables(tables: readonly TableDef[]): TableDef[] {
  const byKey = new Map(tables.map((t) => [key(t), t]));
  const done = new Set<string>();
  const out: TableDef[] = [];
  const visit = (t: TableDef) => {
    if (done.has(key(t))) return;
    done.add(key(t));
    const parent = t.partitionOf && byKey.get(key(t.partitionOf.table));
    if (parent) visit(parent);
    out.push(t);
  };
  tables.forEach(visit);
  return out;
}

/** Each view after the views it reads, as the schema writer creates them. */
function orderViews(views: readonly ViewDef[]): ViewDef[] {
  const byKey = new Map(views.map((v) => [key(v), v]));
  const done = new Set<string>();
  const out: ViewDef[] = [];
  const visit = (v: ViewDef) => {
    if (done.has(key(v))) return;
    done.add(key(v));
    for (const dep of v.dependsOn) {
      const target = byKey.get(key(dep));
      if (target) visit(target);
    }
    out.push(v);
  };
  views.forEach(visit);
  return out;
}
