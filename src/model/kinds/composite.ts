import { sameValue } from '../../diff/same.js';
import type { Ddl } from '../../sql/ddl.js';
import type { CompositeAttributeDef, CompositeDef } from '../types.js';
import { ids, show, type KindSpec } from './kind.js';
import { refuseIfKept } from './type-users.js';

const shape = (a: CompositeAttributeDef) => ({ name: a.name, type: a.type, collation: a.collation });
const attribute = (a: CompositeAttributeDef, ddl: Ddl) => `${ddl.id(a.name)} ${a.type}${a.collation ? ` COLLATE ${a.collation}` : ''}`;

/** The attributes of `b` that `a` has too, and how they differ. */
function delta(a: CompositeDef, b: CompositeDef) {
  const before = new Map(a.attributes.map((x) => [x.name, x]));
  const after = new Map(b.attributes.map((x) => [x.name, x]));
  return {
    dropped: a.attributes.filter((x) => !after.has(x.name)),
    added: b.attributes.filter((x) => !before.has(x.name)),
    retyped: b.attributes.filter((x) => before.has(x.name) && !sameValue(shape(before.get(x.name)!), shape(x))),
  };
}

/**
 * ADD ATTRIBUTE appends: in place works when the attributes `b` keeps from `a` come first, in
 * `a`'s order. Anything else (a new attribute in the middle, a reorder) recreates the type.
 */
function alterableInPlace(a: CompositeDef, b: CompositeDef): boolean {
  const names = new Set(b.attributes.map((x) => x.name));
  const kept = a.attributes.filter((x) => names.has(x.name)).map((x) => x.name);
  return kept.every((name, i) => b.attributes[i]?.name === name);
}

function createComposite(c: CompositeDef, ddl: Ddl): string {
  if (c.attributes.length === 0) return `CREATE TYPE ${ddl.qn(c)} AS ();`;
  return `CREATE TYPE ${ddl.qn(c)} AS (\n${c.attributes.map((x) => `  ${attribute(x, ddl)}`).join(',\n')}\n);`;
}

/**
 * Composite types: attributes are added, dropped and retyped in place (PostgreSQL keeps the values
 * in columns of the type, except a retyped attribute, which it refuses while a column uses the
 * type); a reorder recreates the type, which Tidemark refuses while columns use it.
 */
export const compositeKind: KindSpec<CompositeDef> = {
  label: 'composite type',
  rank: 5,
  rebuildable: false,
  createdWithParent: false,
  list: (m) => m.composites,
  id: (c) => ids.type(c),
  parent: () => null,
  dependsOn: (c) => [ids.schema(c.schema)],
  compare: (a, b) => (sameValue(a.attributes.map(shape), b.attributes.map(shape)) ? 'same' : alterableInPlace(a, b) ? 'alter' : 'recreate'),
  // Views and functions that read a dropped or retyped attribute are rebuilt around the change.
  invalidates: (a, b) => {
    if (!b) return [];
    const { dropped, retyped } = delta(a, b);
    return dropped.length || retyped.length ? [ids.type(a)] : [];
  },
  create: (c, { ddl }) => [createComposite(c, ddl)],
  drop: (c, ctx) => {
    if (ctx.to.composites.some((t) => t.schema === c.schema && t.name === c.name)) refuseIfKept(ids.type(c), 'composite type', c, 'recreated (its attributes are reordered)', ctx);
    return [ctx.ddl.dropType(c)];
  },
  alter: (a, b, ctx) => {
    const { ddl } = ctx;
    const { dropped, added, retyped } = delta(a, b);
    if (retyped.length) refuseIfKept(ids.type(a), 'composite type', a, `changed (attribute ${retyped.map((x) => `'${x.name}'`).join(', ')} retyped)`, ctx);
    const actions = [
      ...dropped.map((x) => `DROP ATTRIBUTE ${ddl.id(x.name)}`),
      ...retyped.map((x) => `ALTER ATTRIBUTE ${ddl.id(x.name)} TYPE ${x.type}${x.collation ? ` COLLATE ${x.collation}` : ''}`),
      ...added.map((x) => `ADD ATTRIBUTE ${attribute(x, ddl)}`),
    ];
    return [`ALTER TYPE ${ddl.qn(b)}\n  ${actions.join(',\n  ')};`];
  },
  describeCreate: (c) => `Created composite type '${show(c)}'.`,
  describeDrop: (c) => `Dropped composite type '${show(c)}'.`,
  describeAlter: (a, b) => {
    const { dropped, added, retyped } = delta(a, b);
    const parts = [
      ...added.map((x) => `added attribute '${x.name}'`),
      ...dropped.map((x) => `dropped attribute '${x.name}'`),
      ...retyped.map((x) => `changed attribute '${x.name}' to ${x.type}`),
    ];
    return `Altered composite type '${show(b)}': ${parts.join(', ')}.`;
  },
  dropLosesData: false,
  alterLosesData: (a, b) => {
    const { dropped, retyped } = delta(a, b);
    return dropped.length > 0 || retyped.length > 0;
  },
  comments: (c) => [
    { on: { object: 'type', target: c }, text: c.comment },
    ...c.attributes.map((x) => ({ on: { object: 'column' as const, target: c, column: x.name }, text: x.comment })),
  ],
};
