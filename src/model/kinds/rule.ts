import type { RuleDef } from '../types.js';
import { FIRING_WORDS } from './event-trigger.js';
import { ids, qualified, show, type KindSpec, type Member } from './kind.js';

/**
 * Rules on tables and views (a view's own `_RETURN` rule is the view). They belong to their
 * relation: dropped with it and rebuilt with it. A changed rule is recreated; its enabled state
 * (tables only) changes in place.
 */
export const ruleKind: KindSpec<Member<RuleDef>> = {
  label: 'rule',
  rank: 92,
  rebuildable: true,
  createdWithParent: false,
  list: (m) => [...m.tables, ...m.views].flatMap((table) => (table.rules ?? []).map((def) => ({ table, def }))),
  id: (r) => `rule:${qualified(r.table)}.${r.def.name}`,
  parent: (r) => ids.relation(r.table),
  dependsOn: (r) => [ids.relation(r.table)],
  compare: (a, b) => (a.def.definition !== b.def.definition ? 'recreate' : a.def.enabled !== b.def.enabled ? 'alter' : 'same'),
  create: (r, { ddl }) => {
    const out = [r.def.definition];
    if (r.def.enabled !== 'origin') out.push(`ALTER TABLE ${ddl.qn(r.table)} ${FIRING_WORDS[r.def.enabled]} RULE ${ddl.id(r.def.name)};`);
    return out;
  },
  drop: (r, { ddl }) => [`DROP RULE ${ddl.id(r.def.name)} ON ${ddl.qn(r.table)};`],
  alter: (_, r, { ddl }) => [`ALTER TABLE ${ddl.qn(r.table)} ${FIRING_WORDS[r.def.enabled]} RULE ${ddl.id(r.def.name)};`],
  describeCreate: (r) => `Created rule '${r.def.name}' on '${show(r.table)}'.`,
  describeDrop: (r) => `Dropped rule '${r.def.name}' from '${show(r.table)}'.`,
  describeAlter: (_, r) => `Set rule '${r.def.name}' on '${show(r.table)}' to ${r.def.enabled === 'disabled' ? 'disabled' : `fire in ${r.def.enabled} sessions`}.`,
  dropLosesData: false,
  comments: (r) => [{ on: { object: 'rule', table: r.table, name: r.def.name }, text: r.def.comment }],
};
