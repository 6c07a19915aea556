import type { SchemaModel } from '../model/types.js';
import { Ddl } from './ddl.js';
import { loadIdentQuoter } from './ident.js';
import { orderTables, orderViews } from './write-schema.js';

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
  const ddl = new Ddl(await loadIdentQuoter());
  const out: string[] = [];
  for (const view of orderViews(model.views).reverse()) out.push(ddl.dropView(view));
  const tables = orderTables(model.tables).reverse();
  for (const table of tables) {
    for (const c of table.constraints.filter((c) => c.type === 'foreign key')) out.push(ddl.dropConstraint(table, c.name));
  }
  for (const table of tables) out.push(ddl.dropTable(table));
  for (const s of [...model.sequences].reverse()) if (!s.ownedBy) out.push(ddl.dropSequence(s));
  for (const f of [...model.functions].reverse()) out.push(ddl.dropFunction(f));
  for (const d of [...model.domains].reverse()) out.push(ddl.dropDomain(d));
  for (const e of [...model.enums].reverse()) out.push(ddl.dropType(e));
  for (const ext of [...model.extensions].reverse()) out.push(ddl.dropExtension(ext));
  for (const schema of [...model.schemas].reverse()) if (schema.name !== 'public') out.push(ddl.dropSchema(schema.name));
  return out.length ? `${out.join('\n')}\n` : '';
}
