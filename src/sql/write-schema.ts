import type { ColumnDef, QualifiedName, SchemaModel, SequenceOptions, TableDef, ViewDef } from '../model/types.js';
import { loadIdentQuoter, type IdentQuoter } from './ident.js';
import { quoteLiteral } from './quote.js';

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
  const id = await loadIdentQuoter();
  const qn = (o: QualifiedName) => `${id(o.schema)}.${id(o.name)}`;
  const out: string[] = ['SET check_function_bodies = false;'];
  const comments: string[] = [];
  const comment = (target: string, text: string | null) => {
    if (text !== null) comments.push(`COMMENT ON ${target} IS ${quoteLiteral(text)};`);
  };

  for (const schema of model.schemas) {
    out.push(`CREATE SCHEMA IF NOT EXISTS ${id(schema.name)};`);
    comment(`SCHEMA ${id(schema.name)}`, schema.comment);
  }
  for (const ext of model.extensions) {
    out.push(`CREATE EXTENSION IF NOT EXISTS ${id(ext.name)} WITH SCHEMA ${id(ext.schema)} VERSION ${quoteLiteral(ext.version)};`);
  }
  for (const e of model.enums) {
    out.push(`CREATE TYPE ${qn(e)} AS ENUM (${e.values.map(quoteLiteral).join(', ')});`);
    comment(`TYPE ${qn(e)}`, e.comment);
  }
  for (const d of model.domains) {
    const parts = [`CREATE DOMAIN ${qn(d)} AS ${d.type}`];
    if (d.collation) parts.push(`COLLATE ${d.collation}`);
    if (d.default !== null) parts.push(`DEFAULT ${d.default}`);
    if (d.notNull) parts.push('NOT NULL');
    out.push(`${parts.join(' ')};`);
    for (const check of d.checks) out.push(`ALTER DOMAIN ${qn(d)} ADD CONSTRAINT ${id(check.name)} ${check.definition};`);
    comment(`DOMAIN ${qn(d)}`, d.comment);
  }
  for (const f of model.functions) {
    out.push(`${f.definition.trimEnd()};`);
    comment(`${f.kind === 'procedure' ? 'PROCEDURE' : 'FUNCTION'} ${qn(f)}(${f.identityArguments})`, f.comment);
  }
  for (const s of model.sequences) {
    out.push(`CREATE SEQUENCE ${qn(s)} AS ${s.type} ${sequenceOptions(s)};`);
    comment(`SEQUENCE ${qn(s)}`, s.comment);
  }

  const parentsFirst = orderTables(model.tables);
  for (const table of parentsFirst) out.push(createTable(table, id, qn));
  for (const table of parentsFirst) {
    for (const c of table.constraints.filter((c) => c.type !== 'foreign key')) {
      out.push(`ALTER TABLE ${qn(table)} ADD CONSTRAINT ${id(c.name)} ${c.definition};`);
    }
  }
  for (const table of parentsFirst) {
    for (const c of table.constraints.filter((c) => c.type === 'foreign key')) {
      out.push(`ALTER TABLE ${qn(table)} ADD CONSTRAINT ${id(c.name)} ${c.definition};`);
    }
  }
  for (const s of model.sequences) {
    if (s.ownedBy) out.push(`ALTER SEQUENCE ${qn(s)} OWNED BY ${id(s.ownedBy.schema)}.${id(s.ownedBy.table)}.${id(s.ownedBy.column)};`);
  }
  for (const view of orderViews(model.views)) {
    const options = view.options.filter((o) => !o.startsWith('check_option='));
    const check = view.options.find((o) => o.startsWith('check_option='))?.slice('check_option='.length);
    const kind = view.materialized ? 'MATERIALIZED VIEW' : 'VIEW';
    const withOptions = options.length ? ` WITH (${options.join(', ')})` : '';
    out.push(`CREATE ${kind} ${qn(view)}${withOptions} AS\n${view.definition.trim().replace(/;$/, '')}${check ? `\n  WITH ${check.toUpperCase()} CHECK OPTION` : ''};`);
    for (const index of view.indexes) {
      out.push(`${index.definition};`);
      comment(`INDEX ${id(view.schema)}.${id(index.name)}`, index.comment);
    }
    comment(`${kind} ${qn(view)}`, view.comment);
    for (const column of view.columns) comment(`COLUMN ${qn(view)}.${id(column.name)}`, column.comment);
  }
  for (const table of parentsFirst) {
    for (const index of table.indexes) {
      out.push(`${index.definition};`);
      comment(`INDEX ${id(table.schema)}.${id(index.name)}`, index.comment);
    }
    for (const trigger of table.triggers) {
      out.push(`${trigger.definition};`);
      comment(`TRIGGER ${id(trigger.name)} ON ${qn(table)}`, trigger.comment);
    }
    if (table.rowSecurity) out.push(`ALTER TABLE ${qn(table)} ENABLE ROW LEVEL SECURITY;`);
    if (table.forceRowSecurity) out.push(`ALTER TABLE ${qn(table)} FORCE ROW LEVEL SECURITY;`);
    for (const p of table.policies) {
      const roles = p.roles.map((r) => (r === 'public' ? 'PUBLIC' : id(r))).join(', ');
      const clauses = [
        `CREATE POLICY ${id(p.name)} ON ${qn(table)}`,
        `AS ${p.permissive ? 'PERMISSIVE' : 'RESTRICTIVE'}`,
        `FOR ${p.command.toUpperCase()}`,
        `TO ${roles}`,
        p.using !== null ? `USING (${p.using})` : '',
        p.withCheck !== null ? `WITH CHECK (${p.withCheck})` : '',
      ];
      out.push(`${clauses.filter(Boolean).join(' ')};`);
      comment(`POLICY ${id(p.name)} ON ${qn(table)}`, p.comment);
    }
    comment(`TABLE ${qn(table)}`, table.comment);
    for (const column of table.columns) comment(`COLUMN ${qn(table)}.${id(column.name)}`, column.comment);
    for (const c of table.constraints) comment(`CONSTRAINT ${id(c.name)} ON ${qn(table)}`, c.comment);
  }
  return [...out, ...comments].join('\n') + '\n';
}

function sequenceOptions(s: SequenceOptions): string {
  return `START WITH ${s.start} INCREMENT BY ${s.increment} MINVALUE ${s.min} MAXVALUE ${s.max} CACHE ${s.cache} ${s.cycle ? 'CYCLE' : 'NO CYCLE'}`;
}

function columnSql(column: ColumnDef, id: IdentQuoter): string {
  const parts = [id(column.name), column.type];
  if (column.collation) parts.push(`COLLATE ${column.collation}`);
  if (column.identity) {
    const kind = column.identity.kind === 'always' ? 'ALWAYS' : 'BY DEFAULT';
    parts.push(`GENERATED ${kind} AS IDENTITY (SEQUENCE NAME ${column.identity.sequence} ${sequenceOptions(column.identity)})`);
  }
  if (column.generated) parts.push(`GENERATED ALWAYS AS (${column.generated.expression}) ${column.generated.kind === 'virtual' ? 'VIRTUAL' : 'STORED'}`);
  if (column.default !== null) parts.push(`DEFAULT ${column.default}`);
  if (column.notNull) parts.push('NOT NULL');
  return parts.join(' ');
}

function createTable(table: TableDef, id: IdentQuoter, qn: (o: QualifiedName) => string): string {
  const unlogged = table.unlogged ? 'UNLOGGED ' : '';
  const partitionBy = table.partitioning ? ` PARTITION BY ${table.partitioning.key}` : '';
  if (table.partitionOf) {
    // A partition's columns come from its parent.
    return `CREATE ${unlogged}TABLE ${qn(table)} PARTITION OF ${qn(table.partitionOf.table)} ${table.partitionOf.bound}${partitionBy};`;
  }
  const columns = table.columns.map((c) => `  ${columnSql(c, id)}`);
  return `CREATE ${unlogged}TABLE ${qn(table)} (\n${columns.join(',\n')}\n)${partitionBy};`;
}

function key(o: QualifiedName): string {
  return `${o.schema}\u0000${o.name}`;
}

/** Parents before their partitions; otherwise the model's order. */
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

/** Each view after the views it reads (depth-first; the catalog cannot hold a cycle). */
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
