import type { Change, ChangeKind, CommentTarget } from '../diff/changes.js';
import type { QualifiedName } from '../model/types.js';

/** Names as people read them: `users` for public.users, `billing.invoices` otherwise. */
function show(o: QualifiedName): string {
  return o.schema === 'public' ? o.name : `${o.schema}.${o.name}`;
}

/**
 * Widening a type keeps every value; anything else may fail or lose precision on existing rows,
 * so it counts as destructive.
 */
function widens(from: string, to: string): boolean {
  if (from === to || to === 'text') return true;
  const varchar = /^character varying(?:\((\d+)\))?$/;
  const numeric = /^numeric(?:\((\d+),(\d+)\))?$/;
  const v1 = varchar.exec(from);
  const v2 = varchar.exec(to);
  if (v1 && v2) return v2[1] === undefined || (v1[1] !== undefined && Number(v2[1]) >= Number(v1[1]));
  const n1 = numeric.exec(from);
  const n2 = numeric.exec(to);
  if (n1 && n2) return n2[1] === undefined || (n1[1] !== undefined && n1[2] === n2[2] && Number(n2[1]) >= Number(n1[1]));
  const ladder = ['smallint', 'integer', 'bigint'];
  if (ladder.includes(from) && ladder.includes(to)) return ladder.indexOf(to) >= ladder.indexOf(from);
  return from === 'real' && to === 'double precision';
}

function commentSubject(on: CommentTarget): string {
  switch (on.object) {
    case 'schema':
      return `schema '${on.name}'`;
    case 'column':
      return `column '${on.column}' of '${show(on.target)}'`;
    case 'index':
      return `index '${on.name}'`;
    case 'function':
      return `${on.function.kind} '${show(on.function)}'`;
    case 'constraint':
    case 'trigger':
    case 'policy':
      return `${on.object} '${on.name}' on '${show(on.table)}'`;
    default:
      return `${on.object} '${show(on.target)}'`;
  }
}

type Describer<K extends ChangeKind> = (change: Extract<Change, { kind: K }>) => [summary: string, destructive: boolean];

const DESCRIBERS: { [K in ChangeKind]: Describer<K> } = {
  'create-schema': (c) => [`Created schema '${c.schema.name}'.`, false],
  'drop-schema': (c) => [`Dropped schema '${c.schema.name}'.`, true],
  'create-extension': (c) => [`Created extension '${c.extension.name}'.`, false],
  'drop-extension': (c) => [`Dropped extension '${c.extension.name}'.`, true],
  'create-enum': (c) => [`Created enum '${show(c.enum)}'.`, false],
  'drop-enum': (c) => [`Dropped enum '${show(c.enum)}'.`, false],
  'add-enum-values': (c) => [`Added value(s) ${c.to.values.filter((v) => !c.from.values.includes(v)).map((v) => `'${v}'`).join(', ')} to enum '${show(c.to)}'.`, false],
  'recreate-enum': (c) => {
    const removed = c.from.values.filter((v) => !c.to.values.includes(v));
    const what = removed.length ? `removed value(s) ${removed.map((v) => `'${v}'`).join(', ')}` : 'reordered its values';
    return [`Rebuilt enum '${show(c.to)}': ${what}.`, removed.length > 0];
  },
  'create-domain': (c) => [`Created domain '${show(c.domain)}'.`, false],
  'drop-domain': (c) => [`Dropped domain '${show(c.domain)}'.`, false],
  'alter-domain': (c) => [`Altered domain '${show(c.to)}'.`, false],
  'create-function': (c) => [`Created ${c.function.kind} '${show(c.function)}(${c.function.identityArguments})'.`, false],
  'drop-function': (c) => [`Dropped ${c.function.kind} '${show(c.function)}(${c.function.identityArguments})'.`, false],
  'replace-function': (c) => [`Replaced ${c.to.kind} '${show(c.to)}(${c.to.identityArguments})'.`, false],
  'create-sequence': (c) => [`Created sequence '${show(c.sequence)}'.`, false],
  'drop-sequence': (c) => [`Dropped sequence '${show(c.sequence)}'.`, true],
  'alter-sequence': (c) => [`Altered sequence '${show(c.to)}'.`, false],
  'set-sequence-owner': (c) => [`Set the owner of sequence '${show(c.to)}' to ${c.to.ownedBy ? `'${c.to.ownedBy.table}.${c.to.ownedBy.column}'` : 'none'}.`, false],
  'create-table': (c) => [`Created table '${show(c.table)}'.`, false],
  'drop-table': (c) => [`Dropped table '${show(c.table)}'.`, true],
  'rename-table': (c) => [`Renamed table '${show(c.from)}' to '${c.to.name}'.`, false],
  'alter-table': (c) => {
    const parts: string[] = [];
    if (c.from.rowSecurity !== c.to.rowSecurity) parts.push(`${c.to.rowSecurity ? 'enabled' : 'disabled'} row-level security`);
    if (c.from.forceRowSecurity !== c.to.forceRowSecurity) parts.push(`${c.to.forceRowSecurity ? 'forced' : 'unforced'} row-level security`);
    if (c.from.unlogged !== c.to.unlogged) parts.push(c.to.unlogged ? 'made it unlogged' : 'made it logged');
    if (JSON.stringify(c.from.partitionOf) !== JSON.stringify(c.to.partitionOf)) parts.push(c.to.partitionOf ? 'attached it as a partition' : 'detached it');
    return [`Altered table '${show(c.to)}': ${parts.join(', ') || 'storage'}.`, false];
  },
  'add-column': (c) => [`Added column '${c.column.name}' to '${show(c.table)}'.`, false],
  'drop-column': (c) => [`Dropped column '${c.column.name}' from '${show(c.table)}'.`, true],
  'alter-column': (c) => {
    const parts: string[] = [];
    if (c.from.type !== c.to.type) parts.push(`type ${c.from.type} → ${c.to.type}`);
    if (c.from.collation !== c.to.collation) parts.push(`collation ${c.to.collation ?? 'default'}`);
    if (c.from.default !== c.to.default) parts.push(c.to.default === null ? 'no default' : `default ${c.to.default}`);
    if (c.from.notNull !== c.to.notNull) parts.push(c.to.notNull ? 'NOT NULL' : 'nullable');
    if (JSON.stringify(c.from.identity) !== JSON.stringify(c.to.identity)) parts.push(c.to.identity ? `identity ${c.to.identity.kind}` : 'no identity');
    if (JSON.stringify(c.from.generated) !== JSON.stringify(c.to.generated)) parts.push(c.to.generated ? 'generated expression' : 'no generated expression');
    return [`Changed column '${c.to.name}' of '${show(c.table)}': ${parts.join(', ')}.`, !widens(c.from.type, c.to.type)];
  },
  'rename-column': (c) => [`Renamed column '${c.from.name}' of '${show(c.table)}' to '${c.to.name}'.`, false],
  'add-constraint': (c) => [`Added ${c.constraint.type} constraint '${c.constraint.name}' to '${show(c.table)}'.`, false],
  'drop-constraint': (c) => [`Dropped ${c.constraint.type} constraint '${c.constraint.name}' from '${show(c.table)}'.`, false],
  'create-index': (c) => [`Created index '${c.index.name}' on '${show(c.table)}'.`, false],
  'drop-index': (c) => [`Dropped index '${c.index.name}' from '${show(c.table)}'.`, false],
  'create-trigger': (c) => [`Created trigger '${c.trigger.name}' on '${show(c.table)}'.`, false],
  'drop-trigger': (c) => [`Dropped trigger '${c.trigger.name}' from '${show(c.table)}'.`, false],
  'create-policy': (c) => [`Created policy '${c.policy.name}' on '${show(c.table)}'.`, false],
  'drop-policy': (c) => [`Dropped policy '${c.policy.name}' from '${show(c.table)}'.`, false],
  'create-view': (c) => [`Created ${c.view.materialized ? 'materialized view' : 'view'} '${show(c.view)}'.`, false],
  'drop-view': (c) => [`Dropped ${c.view.materialized ? 'materialized view' : 'view'} '${show(c.view)}'.`, false],
  'set-comment': (c) => [c.to === null ? `Removed the comment on ${commentSubject(c.on)}.` : `Commented ${commentSubject(c.on)}.`, false],
};

/** describe gives a change's one-line summary and whether it can lose data. */
export function describe(change: Change): { summary: string; destructive: boolean } {
  const [summary, destructive] = (DESCRIBERS[change.kind] as Describer<ChangeKind>)(change as never);
  return { summary, destructive };
}
