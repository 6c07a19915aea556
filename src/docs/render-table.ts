import type { ConstraintDef, IndexDef, IndexElementDef, PolicyDef, TableDef, TriggerDef } from '../model/types.js';
import type { Display } from './display.js';
import { cell, code, paragraphText, table } from './markdown.js';

/**
 * The section of one table, in seed 000's layout: comment, column table, then Constraints,
 * Indexes, Triggers, Row-Level Security and Policies, and Notes — each list only when it has items.
 * Every line the reference parser reads back (columns, constraints, indexes) is written so that it
 * loads into PostgreSQL as what the catalog said.
 */
export function renderTableBody(t: TableDef, d: Display): string {
  const parts: string[] = [];
  if (t.comment) parts.push(paragraphText(t.comment));
  const rows = t.columns.map((c) => [
    cell(d.ident(c.name)),
    cell(d.type(c.type)),
    c.notNull ? 'NO' : 'YES',
    cell(d.columnDefault(c) ?? '-'),
    cell(c.comment ?? ''),
  ]);
  parts.push(table(['Column', 'Type', 'Nullable', 'Default', 'Description'], rows));
  const list = (label: string, items: readonly string[]) => {
    if (items.length) parts.push(`**${label}:**\n${items.map((i) => `- ${i}`).join('\n')}`);
  };
  list('Constraints', orderConstraints(t.constraints).map((c) => constraintLine(t, c, d)));
  list('Indexes', t.indexes.map((i) => indexLine(i, d)));
  list('Triggers', t.triggers.map((tg) => triggerLine(tg, d)));
  if (t.rowSecurity) parts.push(`**Row-Level Security:** enabled${t.forceRowSecurity ? ' (forced for the table owner too)' : ''}`);
  list('Policies', t.policies.map((p) => policyLine(p, d)));
  list('Notes', notes(t, d));
  return parts.join('\n\n');
}

const CONSTRAINT_ORDER: Record<ConstraintDef['type'], number> = { 'primary key': 0, 'foreign key': 1, unique: 2, check: 3, exclude: 4 };

/** Seed 000 lists the primary key, foreign keys, unique and check constraints, in that order. */
function orderConstraints(constraints: readonly ConstraintDef[]): ConstraintDef[] {
  return [...constraints].sort((a, b) => CONSTRAINT_ORDER[a.type] - CONSTRAINT_ORDER[b.type] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * defaultConstraintName is the name PostgreSQL gives an unnamed constraint (ChooseConstraintName:
 * table, columns, suffix; a CHECK names its column only when it reads exactly one). The document
 * shows a constraint's name only when it differs, as seed 000 shows none.
 */
function defaultConstraintNames(t: TableDef, c: ConstraintDef): string[] {
  switch (c.type) {
    case 'primary key':
      return [`${t.name}_pkey`];
    case 'unique':
      return [`${t.name}_${c.columns.join('_')}_key`];
    case 'foreign key':
      return [`${t.name}_${c.columns.join('_')}_fkey`];
    case 'exclude':
      return [`${t.name}_${c.columns.join('_')}_excl`];
    case 'check':
      return [`${t.name}_check`, ...t.columns.map((col) => `${t.name}_${col.name}_check`)];
    default: {
      const never: never = c.type;
      throw new Error(`unknown constraint type ${String(never)}`);
    }
  }
}

function columnList(columns: readonly string[], d: Display): string {
  const names = columns.map(d.ident);
  return names.length === 1 ? names[0]! : `(${names.join(', ')})`;
}

function constraintLine(t: TableDef, c: ConstraintDef, d: Display): string {
  const named = defaultConstraintNames(t, c).includes(c.name) && Buffer.byteLength(c.name) < 63 ? '' : ` ${code(d.ident(c.name))}`;
  const tail: string[] = [];
  if (c.deferrable) tail.push(c.initiallyDeferred ? 'DEFERRABLE INITIALLY DEFERRED' : 'DEFERRABLE');
  if (!c.validated) tail.push('NOT VALID');
  const suffix = tail.length ? ` ${tail.join(' ')}` : '';
  switch (c.type) {
    case 'primary key':
      return `PRIMARY KEY${named}: ${code(columnList(c.columns, d))}${suffix}`;
    case 'unique':
      return `UNIQUE${c.nullsNotDistinct ? ' NULLS NOT DISTINCT' : ''}${named}: ${code(columnList(c.columns, d))}${suffix}`;
    case 'foreign key': {
      const fk = c.foreignKey!;
      const actions: string[] = [];
      if (fk.match !== 'simple') actions.push(`MATCH ${fk.match.toUpperCase()}`);
      if (fk.onUpdate !== 'no action') actions.push(`ON UPDATE ${fk.onUpdate.toUpperCase()}`);
      if (fk.onDelete !== 'no action') actions.push(`ON DELETE ${fk.onDelete.toUpperCase()}`);
      const target = `${d.name(fk.table)}(${fk.columns.map(d.ident).join(', ')})`;
      return `FOREIGN KEY${named}: ${code(columnList(c.columns, d))} REFERENCES ${code(target)}${actions.length ? ` ${actions.join(' ')}` : ''}${suffix}`;
    }
    case 'check':
      return `CHECK${named}: ${code(d.sql(d.unwrap(c.check ?? c.definition)))}${suffix}`;
    case 'exclude':
      return `EXCLUDE${named}: ${code(d.sql(c.definition.replace(/^EXCLUDE\s+/, '')))}`;
    default: {
      const never: never = c.type;
      throw new Error(`unknown constraint type ${String(never)}`);
    }
  }
}

/** indexElements renders an index's key as CREATE INDEX writes it, for the `on` part of its line. */
function indexElements(elements: readonly IndexElementDef[], d: Display): string {
  const rendered = elements.map((e) => {
    let s = e.column !== null ? d.ident(e.column) : `(${d.sql(e.expression ?? '')})`;
    if (e.collation) s += ` COLLATE ${d.sql(e.collation)}`;
    if (e.opclass) s += ` ${d.sql(e.opclass)}`;
    if (e.descending) s += ' DESC';
    if (e.nullsFirst !== e.descending) s += e.nullsFirst ? ' NULLS FIRST' : ' NULLS LAST';
    return s;
  });
  return rendered.length === 1 && elements[0]!.column !== null && rendered[0] === d.ident(elements[0]!.column) ? rendered[0]! : `(${rendered.join(', ')})`;
}

function indexLine(i: IndexDef, d: Display): string {
  let line = `${code(d.ident(i.name))} on ${code(indexElements(i.elements, d))}`;
  if (i.method !== 'btree') line += ` using ${code(i.method)}`;
  if (i.include.length) line += ` include ${code(`(${i.include.map(d.ident).join(', ')})`)}`;
  if (i.predicate) line += ` where ${code(d.sql(i.predicate))}`;
  if (i.nullsNotDistinct) line += ' (nulls not distinct)';
  if (i.unique) line += ' (unique)';
  if (i.comment) line += ` — ${cell(i.comment)}`;
  return line;
}

function triggerLine(t: TriggerDef, d: Display): string {
  const events = t.events.map((e) => (e === 'update' && t.columns.length ? `UPDATE OF ${t.columns.map(d.ident).join(', ')}` : e.toUpperCase())).join(' OR ');
  const when = t.when ? ` WHEN ${code(d.sql(t.when))}` : '';
  const comment = t.comment ? ` — ${cell(t.comment)}` : '';
  return `${code(d.ident(t.name))}: ${t.timing.toUpperCase()} ${events} FOR EACH ${t.level.toUpperCase()}${when} EXECUTE FUNCTION ${code(`${d.name(t.function)}()`)}${comment}`;
}

function policyLine(p: PolicyDef, d: Display): string {
  const parts = [`${p.permissive ? 'PERMISSIVE' : 'RESTRICTIVE'}`, `FOR ${p.command.toUpperCase()}`, `TO ${p.roles.join(', ')}`];
  let line = `${code(d.ident(p.name))} (${parts.join(', ')})`;
  if (p.using) line += ` USING ${code(d.sql(p.using))}`;
  if (p.withCheck) line += ` WITH CHECK ${code(d.sql(p.withCheck))}`;
  if (p.comment) line += ` — ${cell(p.comment)}`;
  return line;
}

/** notes states what the column table and lists do not show. */
function notes(t: TableDef, d: Display): string[] {
  const out: string[] = [];
  if (t.partitioning) out.push(`Partitioned by ${code(d.sql(t.partitioning.key))}.`);
  if (t.partitionOf) out.push(`Partition of ${code(d.name(t.partitionOf.table))}: ${code(d.sql(t.partitionOf.bound))}.`);
  if (t.unlogged) out.push('Unlogged: not crash-safe and not replicated.');
  for (const c of t.columns) if (c.collation) out.push(`${code(d.ident(c.name))} uses collation ${code(d.sql(c.collation))}.`);
  for (const c of t.constraints) if (c.comment) out.push(`Constraint ${code(d.ident(c.name))}: ${cell(c.comment)}`);
  return out;
}
