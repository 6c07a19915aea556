import type { Ddl } from '../../sql/ddl.js';
import type { ColumnDef, EnumDef, QualifiedName, TableDef } from '../types.js';
import { commentTarget } from './comment-target.js';
import type { PlanContext } from './kind.js';

/** addEnumValues places each new value next to an existing neighbour, so the order comes out as declared. */
export function addEnumValues(from: EnumDef, to: EnumDef, ddl: Ddl): string[] {
  const present = new Set(from.values);
  const out: string[] = [];
  to.values.forEach((value, i) => {
    if (present.has(value)) return;
    const before = to.values.slice(i + 1).find((v) => present.has(v));
    const after = to.values.slice(0, i).reverse().find((v) => present.has(v));
    out.push(ddl.addEnumValue(to, value, after !== undefined ? { after } : before !== undefined ? { before } : undefined));
    present.add(value);
  });
  return out;
}

/** Columns of tables present on both sides whose type is the enum (or an array of it). */
function enumColumns(e: QualifiedName, ctx: PlanContext): { table: TableDef; column: ColumnDef; array: boolean }[] {
  const name = ctx.ddl.qn(e);
  const existing = new Set(ctx.from.tables.map((t) => `${t.schema}.${t.name}`));
  const out: { table: TableDef; column: ColumnDef; array: boolean }[] = [];
  for (const table of ctx.to.tables) {
    if (!existing.has(`${table.schema}.${table.name}`) || table.partitionOf) continue;
    for (const column of table.columns) {
      if (column.type === name || column.type === `${name}[]`) out.push({ table, column, array: column.type.endsWith('[]') });
    }
  }
  return out;
}

/**
 * rebuildEnum replaces an enum whose values were removed or reordered: the old type is renamed
 * aside, the new one created, every column converted through text (defaults dropped and restored
 * around it, since they are typed), and the old type dropped. Its comment is set again; its
 * privileges are not (yet): they stay with the old type and go with it.
 */
export function rebuildEnum(from: EnumDef, to: EnumDef, ctx: PlanContext): string[] {
  const { ddl } = ctx;
  const old = { schema: to.schema, name: `${to.name}__tidemark_old` };
  const out = [`ALTER TYPE ${ddl.qn(from)} RENAME TO ${ddl.id(old.name)};`, ddl.createEnum(to)];
  // The comment went with the old type, and an unchanged comment is not planned by itself.
  if (to.comment !== null) out.push(ddl.comment(commentTarget({ object: 'type', target: to }, ddl), to.comment));
  for (const { table, column, array } of enumColumns(to, ctx)) {
    const cast = array ? `${ddl.id(column.name)}::text[]::${ddl.qn(to)}[]` : `${ddl.id(column.name)}::text::${ddl.qn(to)}`;
    const source = ctx.from.tables.find((t) => t.schema === table.schema && t.name === table.name)?.columns.find((c) => c.name === column.name);
    if (source?.default) out.push(ddl.alterColumn(table, column.name, 'DROP DEFAULT'));
    out.push(ddl.alterColumn(table, column.name, `TYPE ${column.type} USING ${cast}`));
    if (source?.default && column.default) out.push(ddl.alterColumn(table, column.name, `SET DEFAULT ${column.default}`));
  }
  out.push(ddl.dropType(old));
  return out;
}
