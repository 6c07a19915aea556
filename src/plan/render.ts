import type { Change, ChangeKind, CommentTarget } from '../diff/changes.js';
import { sameValue } from '../diff/same.js';
import { UsageError } from '../errors.js';
import type { ColumnDef, EnumDef, QualifiedName, SchemaModel, TableDef } from '../model/types.js';
import type { Ddl } from '../sql/ddl.js';

/** RenderContext is the pair of models a change goes between, and the printer. */
export interface RenderContext {
  readonly from: SchemaModel;
  readonly to: SchemaModel;
  readonly ddl: Ddl;
}

type Renderer<K extends ChangeKind> = (change: Extract<Change, { kind: K }>, ctx: RenderContext) => string[];

/**
 * RENDERERS prints each kind of change. It is a Record over every ChangeKind, so a new kind that
 * is not taught here does not compile.
 */
const RENDERERS: { [K in ChangeKind]: Renderer<K> } = {
  'create-schema': (c, { ddl }) => [ddl.createSchema(c.schema.name)],
  'drop-schema': (c, { ddl }) => [ddl.dropSchema(c.schema.name)],
  'create-extension': (c, { ddl }) => [ddl.createExtension(c.extension)],
  'drop-extension': (c, { ddl }) => [ddl.dropExtension(c.extension)],
  'create-enum': (c, { ddl }) => [ddl.createEnum(c.enum)],
  'drop-enum': (c, { ddl }) => [ddl.dropType(c.enum)],
  'add-enum-values': (c, { ddl }) => addEnumValues(c.from, c.to, ddl),
  'recreate-enum': (c, ctx) => recreateEnum(c.from, c.to, ctx),
  'create-domain': (c, { ddl }) => ddl.createDomain(c.domain),
  'drop-domain': (c, { ddl }) => [ddl.dropDomain(c.domain)],
  'alter-domain': (c, { ddl }) => {
    const { from, to } = c;
    if (from.type !== to.type || from.collation !== to.collation) return [ddl.dropDomain(from), ...ddl.createDomain(to)];
    const out: string[] = [];
    const target = `ALTER DOMAIN ${ddl.qn(to)}`;
    if (from.default !== to.default) out.push(to.default === null ? `${target} DROP DEFAULT;` : `${target} SET DEFAULT ${to.default};`);
    if (from.notNull !== to.notNull) out.push(`${target} ${to.notNull ? 'SET' : 'DROP'} NOT NULL;`);
    for (const check of from.checks) {
      if (!to.checks.some((t) => sameValue(t, check))) out.push(`${target} DROP CONSTRAINT ${ddl.id(check.name)};`);
    }
    for (const check of to.checks) {
      if (!from.checks.some((f) => sameValue(f, check))) out.push(`${target} ADD CONSTRAINT ${ddl.id(check.name)} ${check.definition};`);
    }
    return out;
  },
  'create-function': (c, { ddl }) => [ddl.createFunction(c.function)],
  'drop-function': (c, { ddl }) => [ddl.dropFunction(c.function)],
  'replace-function': (c, { ddl }) => [ddl.createFunction(c.to)],
  'create-sequence': (c, { ddl }) => [ddl.createSequence(c.sequence)],
  'drop-sequence': (c, { ddl }) => [ddl.dropSequence(c.sequence)],
  'alter-sequence': (c, { ddl }) => [ddl.alterSequence(c.to)],
  'set-sequence-owner': (c, { ddl }) => [ddl.sequenceOwnedBy(c.to)],
  'create-table': (c, { ddl }) => [ddl.createTable(c.table)],
  'drop-table': (c, { ddl }) => [ddl.dropTable(c.table)],
  'rename-table': (c, { ddl }) => [ddl.renameTable(c.from, c.to)],
  'alter-table': (c, ctx) => alterTable(c.from, c.to, ctx),
  'add-column': (c, { ddl }) => [ddl.addColumn(c.table, c.column)],
  'drop-column': (c, { ddl }) => [ddl.dropColumn(c.table, c.column.name)],
  'alter-column': (c, { ddl }) => alterColumn(c.table, c.from, c.to, ddl),
  'rename-column': (c, { ddl }) => [ddl.renameColumn(c.table, c.from.name, c.to.name)],
  'add-constraint': (c, { ddl }) => [ddl.addConstraint(c.table, c.constraint)],
  'drop-constraint': (c, { ddl }) => [ddl.dropConstraint(c.table, c.constraint.name)],
  'create-index': (c, { ddl }) => [ddl.createIndex(c.index)],
  'drop-index': (c, { ddl }) => [ddl.dropIndex(c.table.schema, c.index.name)],
  'create-trigger': (c, { ddl }) => [ddl.createTrigger(c.trigger)],
  'drop-trigger': (c, { ddl }) => [ddl.dropTrigger(c.table, c.trigger.name)],
  'create-policy': (c, { ddl }) => [ddl.createPolicy(c.table, c.policy)],
  'drop-policy': (c, { ddl }) => [ddl.dropPolicy(c.table, c.policy.name)],
  'create-view': (c, { ddl }) => [ddl.createView(c.view)],
  'drop-view': (c, { ddl }) => [ddl.dropView(c.view)],
  'set-comment': (c, { ddl }) => [ddl.comment(commentTarget(c.on, ddl), c.to)],
};

/** render prints the SQL of one change. */
export function render(change: Change, ctx: RenderContext): string[] {
  return (RENDERERS[change.kind] as Renderer<ChangeKind>)(change as never, ctx);
}

/** commentTarget renders what follows COMMENT ON. */
export function commentTarget(on: CommentTarget, ddl: Ddl): string {
  switch (on.object) {
    case 'schema':
      return `SCHEMA ${ddl.id(on.name)}`;
    case 'type':
    case 'domain':
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
    case 'constraint':
    case 'trigger':
    case 'policy':
      return `${on.object.toUpperCase()} ${ddl.id(on.name)} ON ${ddl.qn(on.table)}`;
    default: {
      const never: never = on;
      throw new Error(`unknown comment target ${JSON.stringify(never)}`);
    }
  }
}

function addEnumValues(from: EnumDef, to: EnumDef, ddl: Ddl): string[] {
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
function enumColumns(e: QualifiedName, ctx: RenderContext): { table: TableDef; column: ColumnDef; array: boolean }[] {
  const name = `${ctx.ddl.id(e.schema)}.${ctx.ddl.id(e.name)}`;
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

function recreateEnum(from: EnumDef, to: EnumDef, ctx: RenderContext): string[] {
  const { ddl } = ctx;
  const old = { schema: to.schema, name: `${to.name}__tidemark_old` };
  const out = [`ALTER TYPE ${ddl.qn(from)} RENAME TO ${ddl.id(old.name)};`, ddl.createEnum(to)];
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

function alterTable(from: TableDef, to: TableDef, { ddl }: RenderContext): string[] {
  if (!sameValue(from.partitioning, to.partitioning)) {
    throw new UsageError(`changing how ${to.schema}.${to.name} is partitioned needs the table rebuilt; write that migration by hand`);
  }
  const out: string[] = [];
  if (!sameValue(from.partitionOf, to.partitionOf)) {
    if (from.partitionOf) out.push(`ALTER TABLE ${ddl.qn(from.partitionOf.table)} DETACH PARTITION ${ddl.qn(to)};`);
    if (to.partitionOf) out.push(`ALTER TABLE ${ddl.qn(to.partitionOf.table)} ATTACH PARTITION ${ddl.qn(to)} ${to.partitionOf.bound};`);
  }
  if (from.unlogged !== to.unlogged) out.push(`ALTER TABLE ${ddl.qn(to)} SET ${to.unlogged ? 'UNLOGGED' : 'LOGGED'};`);
  if (from.rowSecurity !== to.rowSecurity) out.push(ddl.rowSecurity(to, to.rowSecurity));
  if (from.forceRowSecurity !== to.forceRowSecurity) out.push(ddl.forceRowSecurity(to, to.forceRowSecurity));
  return out;
}

function alterColumn(table: QualifiedName, from: ColumnDef, to: ColumnDef, ddl: Ddl): string[] {
  const out: string[] = [];
  const alter = (action: string) => out.push(ddl.alterColumn(table, to.name, action));
  const retype = from.type !== to.type || from.collation !== to.collation;
  let defaultDropped = false;
  if (retype) {
    // A default that cannot be cast automatically would make ALTER TYPE fail: drop it first.
    if (from.default !== null) {
      alter('DROP DEFAULT');
      defaultDropped = true;
    }
    const collate = to.collation ? ` COLLATE ${to.collation}` : '';
    alter(`TYPE ${to.type}${collate} USING ${ddl.id(to.name)}::${to.type}`);
  }
  if (from.default !== to.default || (defaultDropped && to.default !== null)) {
    if (to.default === null) {
      if (!defaultDropped) alter('DROP DEFAULT');
    } else alter(`SET DEFAULT ${to.default}`);
  }
  if (from.notNull !== to.notNull) alter(to.notNull ? 'SET NOT NULL' : 'DROP NOT NULL');
  if (!sameValue(from.identity, to.identity)) {
    if (!to.identity) alter('DROP IDENTITY');
    else if (!from.identity) alter(`ADD ${ddl.identityClause(to.identity)}`);
    else {
      const sets: string[] = [];
      if (from.identity.kind !== to.identity.kind) sets.push(`SET GENERATED ${to.identity.kind === 'always' ? 'ALWAYS' : 'BY DEFAULT'}`);
      const options: [keyof typeof to.identity, string][] = [['start', 'START WITH'], ['increment', 'INCREMENT BY'], ['min', 'MINVALUE'], ['max', 'MAXVALUE'], ['cache', 'CACHE']];
      for (const [field, clause] of options) if (from.identity[field] !== to.identity[field]) sets.push(`SET ${clause} ${String(to.identity[field])}`);
      if (from.identity.cycle !== to.identity.cycle) sets.push(to.identity.cycle ? 'SET CYCLE' : 'SET NO CYCLE');
      if (sets.length) alter(sets.join(' '));
    }
  }
  if (!sameValue(from.generated, to.generated)) {
    if (!to.generated) alter('DROP EXPRESSION');
    else if (from.generated) alter(`SET EXPRESSION AS (${to.generated.expression})`);
    else throw new UsageError(`column ${to.name} cannot become a generated column in place; drop and add it in a migration written by hand`);
  }
  return out;
}
