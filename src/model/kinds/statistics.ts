import type { StatisticsDef } from '../types.js';
import { ids, qualified, show, type KindSpec, type Member } from './kind.js';

/**
 * Extended statistics (CREATE STATISTICS) belong to their table or materialized view. The statistics target changes in
 * place; any other change recreates them. They need the columns they cover: PostgreSQL drops them
 * with any of those columns.
 */
export const statisticsKind: KindSpec<Member<StatisticsDef>> = {
  label: 'statistics',
  rank: 55,
  rebuildable: true,
  createdWithParent: false,
  list: (m) => [...m.tables, ...m.views].flatMap((table) => (table.statistics ?? []).map((def) => ({ table, def }))),
  id: (s) => `statistics:${qualified(s.def)}`,
  parent: (s) => ids.relation(s.table),
  dependsOn: (s) => [ids.relation(s.table), ids.schema(s.def.schema), ...s.def.columns.map((c) => ids.column(s.table, c))],
  compare: (a, b) => (a.def.definition !== b.def.definition ? 'recreate' : a.def.target !== b.def.target ? 'alter' : 'same'),
  create: (s, { ddl }) => {
    const out = [`${s.def.definition};`];
    if (s.def.target !== null) out.push(`ALTER STATISTICS ${ddl.qn(s.def)} SET STATISTICS ${s.def.target};`);
    return out;
  },
  drop: (s, { ddl }) => [`DROP STATISTICS ${ddl.qn(s.def)};`],
  // -1 means "the columns' targets" on every version; PostgreSQL 17 also spells it DEFAULT.
  alter: (_, s, { ddl }) => [`ALTER STATISTICS ${ddl.qn(s.def)} SET STATISTICS ${s.def.target ?? -1};`],
  describeCreate: (s) => `Created statistics '${show(s.def)}' on '${show(s.table)}'.`,
  describeDrop: (s) => `Dropped statistics '${show(s.def)}' from '${show(s.table)}'.`,
  describeAlter: (_, s) => `Set the statistics target of '${show(s.def)}' to ${s.def.target ?? 'the default'}.`,
  dropLosesData: false,
  comments: (s) => [{ on: { object: 'statistics', target: s.def }, text: s.def.comment }],
};
