import type { QualifiedName, SchemaModel, TableDef, ViewDef } from '../model/types.js';
import { Ddl } from './ddl.js';
import { loadIdentQuoter } from './ident.js';

/**
 * writeSchemaSql renders a model as one DDL script that recreates it in an empty database.
 *
 * Order: schemas, extensions, types, functions, sequences, tables (parents before partitions),
 * constraints (foreign keys last), sequence ownership, views (each after those it reads),
 * indexes, triggers, row-level security and policies, comments. Function bodies are not checked
 * at creation (`check_function_bodies = off`, as pg_dump does), so functions can come before the
 * tables they query and after none of what defaults, checks and generated columns call.
 *
 * @example const sql = await writeSchemaSql(await introspect(db));
 */
export async function writeSchemaSql(model: SchemaModel): Promise<string> {
  const ddl = new Ddl(await loadIdentQuoter());
  const { id } = ddl;
  const qn = (o: QualifiedName) => ddl.qn(o);
  const out: string[] = ['SET check_function_bodies = false;'];
  const comments: string[] = [];
  const comment = (target: string, text: string | null) => {
    if (text !== null) comments.push(ddl.comment(target, text));
  };

  for (const schema of model.schemas) {
    out.push(ddl.createSchema(schema.name));
    comment(`SCHEMA ${id(schema.name)}`, schema.comment);
  }
  for (const ext of model.extensions) out.push(ddl.createExtension(ext));
  for (const e of model.enums) {
    out.push(ddl.createEnum(e));
    comment(`TYPE ${qn(e)}`, e.comment);
  }
  for (const d of model.domains) {
    out.push(...ddl.createDomain(d));
    comment(`DOMAIN ${qn(d)}`, d.comment);
  }
  for (const f of model.functions) {
    out.push(ddl.createFunction(f));
    comment(ddl.functionTarget(f), f.comment);
  }
  for (const s of model.sequences) {
    out.push(ddl.createSequence(s));
    comment(`SEQUENCE ${qn(s)}`, s.comment);
  }

  const parentsFirst = orderTables(model.tables);
  for (const table of parentsFirst) out.push(ddl.createTable(table));
  for (const table of parentsFirst) {
    for (const c of table.constraints.filter((c) => c.type !== 'foreign key')) out.push(ddl.addConstraint(table, c));
  }
  for (const table of parentsFirst) {
    for (const c of table.constraints.filter((c) => c.type === 'foreign key')) out.push(ddl.addConstraint(table, c));
  }
  for (const s of model.sequences) if (s.ownedBy) out.push(ddl.sequenceOwnedBy(s));
  for (const view of orderViews(model.views)) {
    out.push(ddl.createView(view));
    for (const index of view.indexes) {
      out.push(ddl.createIndex(index));
      comment(`INDEX ${id(view.schema)}.${id(index.name)}`, index.comment);
    }
    comment(`${view.materialized ? 'MATERIALIZED VIEW' : 'VIEW'} ${qn(view)}`, view.comment);
    for (const column of view.columns) comment(`COLUMN ${qn(view)}.${id(column.name)}`, column.comment);
  }
  for (const table of parentsFirst) {
    for (const index of table.indexes) {
      out.push(ddl.createIndex(index));
      comment(`INDEX ${id(table.schema)}.${id(index.name)}`, index.comment);
    }
    for (const trigger of table.triggers) {
      out.push(ddl.createTrigger(trigger));
      comment(`TRIGGER ${id(trigger.name)} ON ${qn(table)}`, trigger.comment);
    }
    if (table.rowSecurity) out.push(ddl.rowSecurity(table, true));
    if (table.forceRowSecurity) out.push(ddl.forceRowSecurity(table, true));
    for (const p of table.policies) {
      out.push(ddl.createPolicy(table, p));
      comment(`POLICY ${id(p.name)} ON ${qn(table)}`, p.comment);
    }
    comment(`TABLE ${qn(table)}`, table.comment);
    for (const column of table.columns) comment(`COLUMN ${qn(table)}.${id(column.name)}`, column.comment);
    for (const c of table.constraints) comment(`CONSTRAINT ${id(c.name)} ON ${qn(table)}`, c.comment);
  }
  return [...out, ...comments].join('\n') + '\n';
}

function key(o: QualifiedName): string {
  return `${o.schema}\u0000${o.name}`;
}

/** orderTables puts parents before their partitions; otherwise the model's order. */
export function orderTables(tables: readonly TableDef[]): TableDef[] {
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

/** orderViews puts each view after the views it reads (depth-first; the catalog cannot hold a cycle). */
export function orderViews(views: readonly ViewDef[]): ViewDef[] {
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
