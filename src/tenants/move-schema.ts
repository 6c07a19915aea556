import { diffModels } from '../diff/diff.js';
import type { SchemaModel, TableDef, ViewDef } from '../model/types.js';
import { writeSchemaSql } from '../sql/write-schema.js';
import { describe, type PlanOptions } from '../plan/plan.js';

/**
 * The DDL of a tenant moved to another shard comes from Tidemark's own model of the tenant schema,
 * written by the schema writer in two parts around the data:
 *
 * - before the data: everything but foreign keys, triggers, row-level security and indexes that back
 *   no constraint. Foreign keys would make the table order matter (and cycles impossible), triggers
 *   would rewrite the copied rows (an `updated_at` trigger stamps the time of the copy), forced RLS
 *   refuses COPY FROM, and indexes build faster once over the data than row by row;
 * - after the data: the plan from the first part to the whole model, so every object is printed once,
 *   by the same writer as `inspect --format sql`.
 *
 * Extensions are left out: they are database-wide, so the target shard must have those the tenant
 * uses already (as it must for `tenants add`), and schema equality is judged without them.
 */

/** MoveDdl is the tenant's DDL in its two parts. */
export interface MoveDdl {
  /** Creates the schema and its objects, ready for COPY FROM. */
  readonly beforeData: string;
  /** Adds foreign keys, triggers, RLS, policies and indexes once the rows are in. */
  readonly afterData: string;
}

/** withoutExtensions is the model as a move copies and compares it. */
export function withoutExtensions(model: SchemaModel): SchemaModel {
  return { ...model, extensions: [] };
}

function readyForCopy(table: TableDef): TableDef {
  return {
    ...table,
    constraints: table.constraints.filter((c) => c.type !== 'foreign key'),
    indexes: [],
    triggers: [],
    policies: [],
    rowSecurity: false,
    forceRowSecurity: false,
    // A replica identity on an index needs that index, which comes after the data.
    replicaIdentity: typeof table.replicaIdentity === 'object' ? 'default' : table.replicaIdentity,
  };
}

/** moveDdl writes the two parts of a tenant schema's DDL (see the module comment). */
export async function moveDdl(model: SchemaModel, options: PlanOptions = {}): Promise<MoveDdl> {
  const full = withoutExtensions(model);
  const before: SchemaModel = { ...full, tables: full.tables.map(readyForCopy) };
  return {
    beforeData: await writeSchemaSql(before, options),
    afterData: await writeSchemaSql(full, { ...options, base: before }),
  };
}

/** CopiedTable is a table whose rows a move copies, and the columns it copies (generated ones are computed again). */
export interface CopiedTable {
  readonly schema: string;
  readonly name: string;
  readonly columns: readonly string[];
}

/**
 * copiedTables lists the tables holding rows: every table but partitioned parents (their rows live in
 * their partitions, each copied as a table of its own). COPY TO reads a table without its inheritance
 * children, and COPY FROM writes into it alone, so inheritance trees copy table by table too.
 */
export function copiedTables(model: SchemaModel): CopiedTable[] {
  return model.tables
    .filter((t) => t.partitioning === null)
    .map((t) => ({ schema: t.schema, name: t.name, columns: t.columns.filter((c) => c.generated === null).map((c) => c.name) }));
}

/** materializedViews lists the materialized views in an order where each comes after those it reads. */
export function materializedViews(model: SchemaModel): ViewDef[] {
  const views = model.views.filter((v) => v.materialized);
  const key = (v: { schema: string; name: string }) => `${v.schema}.${v.name}`;
  const byKey = new Map(views.map((v) => [key(v), v]));
  const ordered: ViewDef[] = [];
  const seen = new Set<string>();
  const visit = (view: ViewDef) => {
    if (seen.has(key(view))) return;
    seen.add(key(view));
    for (const dep of view.dependsOn) {
      const upstream = byKey.get(key(dep));
      if (upstream) visit(upstream);
    }
    ordered.push(view);
  };
  views.forEach(visit);
  return ordered;
}

/**
 * schemaDifferences compares the source's and the target's models of the tenant schema (the same
 * name on both shards) and returns one summary line per difference; empty when they are equal.
 */
export function schemaDifferences(source: SchemaModel, target: SchemaModel): string[] {
  return diffModels(withoutExtensions(source), withoutExtensions(target)).map((c) => describe(c).summary);
}
