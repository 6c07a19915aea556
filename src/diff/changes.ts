import type { ObjectKind, ObjectTypes } from '../model/kinds/registry.js';

export type { CommentTarget } from '../model/kinds/comment-target.js';

type ChangeOf<K extends ObjectKind> =
  | { readonly op: 'create'; readonly kind: K; readonly object: ObjectTypes[K] }
  | { readonly op: 'drop'; readonly kind: K; readonly object: ObjectTypes[K] }
  | { readonly op: 'alter'; readonly kind: K; readonly from: ObjectTypes[K]; readonly to: ObjectTypes[K] }
  /** A rename from a hint. `reversed` marks the undoing rename of a down plan, which runs last. */
  | { readonly op: 'rename'; readonly kind: K; readonly from: ObjectTypes[K]; readonly to: ObjectTypes[K]; readonly reversed: boolean };

/**
 * Change is one difference between two models, as data: an object of some kind created, dropped,
 * altered or renamed. The kinds are the closed list of the registry (src/model/kinds/registry.ts),
 * and every change can be inverted, which is how the reverse (down) plan is made: invert each
 * change and plan again.
 */
export type Change = { [K in ObjectKind]: ChangeOf<K> }[ObjectKind];

/** ChangeOp is what happens to the object. */
export type ChangeOp = Change['op'];

/** ChangeKind names a change for people and JSON: `create-table`, `alter-column`, `drop-index`… */
export type ChangeKind = `${ChangeOp}-${ObjectKind}`;

/** changeKind gives a change's name. */
export function changeKind(change: Change): ChangeKind {
  return `${change.op}-${change.kind}`;
}

/** invert returns the change that undoes `change`. */
export function invert(change: Change): Change {
  switch (change.op) {
    case 'create':
      return { ...change, op: 'drop' } as Change;
    case 'drop':
      return { ...change, op: 'create' } as Change;
    case 'alter':
      return { ...change, from: change.to, to: change.from } as Change;
    case 'rename':
      return { ...change, from: change.to, to: change.from, reversed: !change.reversed } as Change;
    default: {
      const never: never = change;
      throw new Error(`cannot invert ${JSON.stringify(never)}`);
    }
  }
}
