import { sameValue } from '../../diff/same.js';
import { quoteLiteral } from '../../sql/quote.js';
import type { CollationDef } from '../types.js';
import { ids, show, type KindSpec } from './kind.js';
import { refuseIfKept } from './type-users.js';

function options(c: CollationDef): string[] {
  const out = [`provider = ${c.provider}`];
  if (c.provider === 'libc') {
    if (c.lcCollate === c.lcCtype) out.push(`locale = ${quoteLiteral(c.lcCollate ?? '')}`);
    else out.push(`lc_collate = ${quoteLiteral(c.lcCollate ?? '')}`, `lc_ctype = ${quoteLiteral(c.lcCtype ?? '')}`);
  } else out.push(`locale = ${quoteLiteral(c.locale ?? '')}`);
  if (c.rules !== null) out.push(`rules = ${quoteLiteral(c.rules)}`);
  if (!c.deterministic) out.push('deterministic = false');
  return out;
}

/**
 * Collations (libc, ICU, builtin). PostgreSQL cannot alter one, so a changed collation is
 * recreated, with the indexes and views over it rebuilt; Tidemark refuses while columns use it.
 */
export const collationKind: KindSpec<CollationDef> = {
  label: 'collation',
  rank: 2,
  rebuildable: false,
  createdWithParent: false,
  list: (m) => m.collations,
  id: (c) => ids.collation(c),
  parent: () => null,
  dependsOn: (c) => [ids.schema(c.schema)],
  compare: (a, b) => (sameValue({ ...a, comment: null }, { ...b, comment: null }) ? 'same' : 'recreate'),
  create: (c, { ddl }) => [`CREATE COLLATION ${ddl.qn(c)} (${options(c).join(', ')});`],
  drop: (c, ctx) => {
    if (ctx.to.collations.some((t) => t.schema === c.schema && t.name === c.name)) refuseIfKept(ids.collation(c), 'collation', c, 'recreated with a new definition', ctx);
    return [`DROP COLLATION ${ctx.ddl.qn(c)};`];
  },
  alter: () => [],
  describeCreate: (c) => `Created collation '${show(c)}'.`,
  describeDrop: (c) => `Dropped collation '${show(c)}'.`,
  describeAlter: (_, c) => `Altered collation '${show(c)}'.`,
  dropLosesData: false,
  comments: (c) => [{ on: { object: 'collation', target: c }, text: c.comment }],
};
