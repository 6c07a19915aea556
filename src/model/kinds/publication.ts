import { sameValue } from '../../diff/same.js';
import type { Ddl } from '../../sql/ddl.js';
import { quoteLiteral } from '../../sql/quote.js';
import type { PublicationDef, PublicationTableDef } from '../types.js';
import { ids, qualified, type KindSpec } from './kind.js';

const settings = (p: PublicationDef) => JSON.stringify([p.publish, p.viaRoot, p.generatedColumns]);

/** What follows ADD TABLE: ONLY, as pg_dump writes it, so an inheritance child is never pulled in by its parent. */
function tableSpec(t: PublicationTableDef, ddl: Ddl): string {
  const columns = t.columns ? ` (${t.columns.map((c) => ddl.id(c)).join(', ')})` : '';
  return `ONLY ${ddl.qn(t)}${columns}${t.where !== null ? ` WHERE (${t.where})` : ''}`;
}

/**
 * The WITH list of CREATE (no `from`) or of ALTER … SET from `from`. publish_generated_columns is
 * printed only when it is not the default or changes, since servers before 18 reject it.
 */
function withOptions(p: PublicationDef, from?: PublicationDef): string {
  const options = [`publish = ${quoteLiteral(p.publish.join(', '))}`];
  if (from || p.viaRoot) options.push(`publish_via_partition_root = ${p.viaRoot}`);
  if (from ? from.generatedColumns !== p.generatedColumns : p.generatedColumns !== 'none') options.push(`publish_generated_columns = ${p.generatedColumns}`);
  return options.join(', ');
}

/**
 * Publications are database-wide; the model holds those FOR ALL TABLES and those whose tables and
 * schemas are all selected. Tables, schemas and settings change in place (a table whose column
 * list or row filter changed is dropped from the publication and added again); only switching FOR
 * ALL TABLES recreates the publication.
 */
export const publicationKind: KindSpec<PublicationDef> = {
  label: 'publication',
  rank: 95,
  rebuildable: true,
  createdWithParent: false,
  list: (m) => m.publications ?? [],
  id: (p) => `publication:${p.name}`,
  parent: () => null,
  dependsOn: (p) => [...p.schemas.map(ids.schema), ...p.tables.flatMap((t) => [ids.relation(t), ...(t.columns ?? []).map((c) => ids.column(t, c))])],
  compare: (a, b) => (a.allTables !== b.allTables ? 'recreate' : sameValue({ ...a, comment: null }, { ...b, comment: null }) ? 'same' : 'alter'),
  create: (p, { ddl }) => [
    `CREATE PUBLICATION ${ddl.id(p.name)}${p.allTables ? ' FOR ALL TABLES' : ''} WITH (${withOptions(p)});`,
    ...p.tables.map((t) => `ALTER PUBLICATION ${ddl.id(p.name)} ADD TABLE ${tableSpec(t, ddl)};`),
    ...p.schemas.map((s) => `ALTER PUBLICATION ${ddl.id(p.name)} ADD TABLES IN SCHEMA ${ddl.id(s)};`),
  ],
  drop: (p, { ddl }) => [`DROP PUBLICATION ${ddl.id(p.name)};`],
  alter: (a, b, { ddl }) => {
    const name = `ALTER PUBLICATION ${ddl.id(b.name)}`;
    const out: string[] = [];
    if (settings(a) !== settings(b)) out.push(`${name} SET (${withOptions(b, a)});`);
    const before = new Map(a.tables.map((t) => [qualified(t), t]));
    const after = new Map(b.tables.map((t) => [qualified(t), t]));
    for (const [key, t] of before) if (!sameValue(t, after.get(key))) out.push(`${name} DROP TABLE ONLY ${ddl.qn(t)};`);
    for (const s of a.schemas) if (!b.schemas.includes(s)) out.push(`${name} DROP TABLES IN SCHEMA ${ddl.id(s)};`);
    for (const s of b.schemas) if (!a.schemas.includes(s)) out.push(`${name} ADD TABLES IN SCHEMA ${ddl.id(s)};`);
    for (const [key, t] of after) if (!sameValue(t, before.get(key))) out.push(`${name} ADD TABLE ${tableSpec(t, ddl)};`);
    return out;
  },
  describeCreate: (p) => `Created publication '${p.name}'.`,
  describeDrop: (p) => `Dropped publication '${p.name}'.`,
  describeAlter: (a, b) => {
    const parts: string[] = [];
    if (settings(a) !== settings(b)) parts.push('changed what it publishes');
    const added = b.tables.filter((t) => !a.tables.some((x) => qualified(x) === qualified(t))).length + b.schemas.filter((s) => !a.schemas.includes(s)).length;
    const removed = a.tables.filter((t) => !b.tables.some((x) => qualified(x) === qualified(t))).length + a.schemas.filter((s) => !b.schemas.includes(s)).length;
    if (added) parts.push(`added ${added} table(s) or schema(s)`);
    if (removed) parts.push(`removed ${removed} table(s) or schema(s)`);
    return `Altered publication '${b.name}': ${parts.join(', ') || 'changed column lists or row filters'}.`;
  },
  dropLosesData: false,
  comments: (p) => [{ on: { object: 'publication', name: p.name }, text: p.comment }],
};
