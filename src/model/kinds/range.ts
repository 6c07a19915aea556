import { sameValue } from '../../diff/same.js';
import type { RangeDef } from '../types.js';
import { ids, show, type KindSpec } from './kind.js';
import { refuseIfKept } from './type-users.js';

/**
 * What defines a range. The multirange's name counts only where both sides have multiranges: a
 * PostgreSQL 13 catalog has none to report.
 */
function definition(r: RangeDef, other: RangeDef) {
  const { comment: _, multirange, ...rest } = r;
  return { ...rest, multirange: other.multirange === null ? null : multirange };
}

/**
 * Range types, with their multirange and the constructor functions of both. PostgreSQL cannot
 * alter a range's definition, so a changed one recreates the type (and rebuilds the views and
 * functions over it); Tidemark refuses while columns use it.
 */
export const rangeKind: KindSpec<RangeDef> = {
  label: 'range type',
  rank: 6,
  rebuildable: false,
  createdWithParent: false,
  list: (m) => m.ranges,
  id: (r) => ids.type(r),
  parent: () => null,
  dependsOn: (r) => [ids.schema(r.schema)],
  compare: (a, b) => (sameValue(definition(a, b), definition(b, a)) ? 'same' : 'recreate'),
  create: (r, { ddl }) => {
    const options = [`subtype = ${r.subtype}`];
    if (r.subtypeOpclass) options.push(`subtype_opclass = ${r.subtypeOpclass}`);
    if (r.collation) options.push(`collation = ${r.collation}`);
    if (r.canonical) options.push(`canonical = ${r.canonical}`);
    if (r.subtypeDiff) options.push(`subtype_diff = ${r.subtypeDiff}`);
    if (r.multirange) options.push(`multirange_type_name = ${r.multirange}`);
    return [`CREATE TYPE ${ddl.qn(r)} AS RANGE (\n  ${options.join(',\n  ')}\n);`];
  },
  drop: (r, ctx) => {
    if (ctx.to.ranges.some((t) => t.schema === r.schema && t.name === r.name)) refuseIfKept(ids.type(r), 'range type', r, 'recreated with a new definition', ctx);
    return [ctx.ddl.dropType(r)];
  },
  alter: () => [],
  describeCreate: (r) => `Created range type '${show(r)}'.`,
  describeDrop: (r) => `Dropped range type '${show(r)}'.`,
  describeAlter: (_, r) => `Altered range type '${show(r)}'.`,
  dropLosesData: false,
  comments: (r) => [{ on: { object: 'type', target: r }, text: r.comment }],
};
