import type { FunctionDef, SequenceDef } from '../types.js';
import { ids, qualified, show, type KindSpec } from './kind.js';
import { revokeDefaultGrants } from './privilege.js';

function returnsOf(f: FunctionDef): string {
  // pg_get_functiondef prints the header as " RETURNS <type>\n"; a changed return type cannot go
  // through CREATE OR REPLACE.
  return / RETURNS (.*)\n/.exec(f.definition)?.[1] ?? '';
}

/** Functions and procedures, identified with their argument types; replaced in place when the signature allows. */
export const functionKind: KindSpec<FunctionDef> = {
  label: 'function',
  rank: 10,
  rebuildable: true,
  createdWithParent: false,
  list: (m) => m.functions,
  id: (f) => ids.function(f, f.identityArguments),
  parent: () => null,
  dependsOn: (f) => [ids.schema(f.schema)],
  compare: (a, b) => (a.definition === b.definition && a.kind === b.kind ? 'same' : returnsOf(a) === returnsOf(b) && a.kind === b.kind ? 'alter' : 'recreate'),
  create: (f, { ddl }) => [ddl.createFunction(f)],
  drop: (f, { ddl }) => [ddl.dropFunction(f)],
  alter: (_, f, { ddl }) => [ddl.createFunction(f)],
  describeCreate: (f) => `Created ${f.kind} '${show(f)}(${f.identityArguments})'.`,
  describeDrop: (f) => `Dropped ${f.kind} '${show(f)}(${f.identityArguments})'.`,
  describeAlter: (_, f) => `Replaced ${f.kind} '${show(f)}(${f.identityArguments})'.`,
  dropLosesData: false,
  comments: (f) => [{ on: { object: 'function', function: f }, text: f.comment }],
};

const sequenceShape = (s: SequenceDef) => [s.type, s.start, s.increment, s.min, s.max, s.cache, s.cycle];

/**
 * Sequences. A serial column's sequence is owned by its column: it goes when the column goes, so
 * its parent is that column. Ownership itself is its own kind (below), set once the column exists.
 */
export const sequenceKind: KindSpec<SequenceDef> = {
  label: 'sequence',
  rank: 15,
  rebuildable: false,
  createdWithParent: false,
  list: (m) => m.sequences,
  id: (s) => ids.sequence(s),
  parent: (s) => (s.ownedBy ? ids.column({ schema: s.ownedBy.schema, name: s.ownedBy.table }, s.ownedBy.column) : null),
  dependsOn: (s) => [ids.schema(s.schema)],
  compare: (a, b) => (JSON.stringify(sequenceShape(a)) === JSON.stringify(sequenceShape(b)) ? 'same' : 'alter'),
  create: (s, ctx) => [ctx.ddl.createSequence(s), ...revokeDefaultGrants({ object: 'sequence', schema: s.schema, name: s.name, identity: null }, 'sequences', ctx)],
  drop: (s, { ddl }) => [ddl.dropSequence(s)],
  alter: (_, s, { ddl }) => [ddl.alterSequence(s)],
  describeCreate: (s) => `Created sequence '${show(s)}'.`,
  describeDrop: (s) => `Dropped sequence '${show(s)}'.`,
  describeAlter: (_, s) => `Altered sequence '${show(s)}'.`,
  dropLosesData: true,
  comments: (s) => [{ on: { object: 'sequence', target: s }, text: s.comment }],
};

/** SequenceOwnership is `ALTER SEQUENCE … OWNED BY table.column`, which needs both to exist. */
export interface SequenceOwnership {
  readonly sequence: SequenceDef;
}

export const sequenceOwnershipKind: KindSpec<SequenceOwnership> = {
  label: 'sequence ownership',
  rank: 35,
  rebuildable: false,
  createdWithParent: false,
  list: (m) => m.sequences.filter((s) => s.ownedBy !== null).map((sequence) => ({ sequence })),
  id: (o) => `owned-by:${qualified(o.sequence)}`,
  parent: (o) => ids.sequence(o.sequence),
  dependsOn: (o) => [ids.sequence(o.sequence), ids.column({ schema: o.sequence.ownedBy!.schema, name: o.sequence.ownedBy!.table }, o.sequence.ownedBy!.column)],
  compare: (a, b) => (JSON.stringify(a.sequence.ownedBy) === JSON.stringify(b.sequence.ownedBy) ? 'same' : 'alter'),
  create: (o, { ddl }) => [ddl.sequenceOwnedBy(o.sequence)],
  drop: (o, { ddl }) => [ddl.sequenceOwnedBy({ ...o.sequence, ownedBy: null })],
  alter: (_, o, { ddl }) => [ddl.sequenceOwnedBy(o.sequence)],
  describeCreate: (o) => `Set the owner of sequence '${show(o.sequence)}' to '${o.sequence.ownedBy!.table}.${o.sequence.ownedBy!.column}'.`,
  describeDrop: (o) => `Set the owner of sequence '${show(o.sequence)}' to none.`,
  describeAlter: (_, o) => `Set the owner of sequence '${show(o.sequence)}' to '${o.sequence.ownedBy!.table}.${o.sequence.ownedBy!.column}'.`,
  dropLosesData: false,
};
