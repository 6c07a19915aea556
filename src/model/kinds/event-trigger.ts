import { quoteLiteral } from '../../sql/quote.js';
import type { EventTriggerDef, FiringMode } from '../types.js';
import { ids, type KindSpec } from './kind.js';

/** ENABLE/DISABLE words for a firing mode, as ALTER EVENT TRIGGER and ALTER TABLE … RULE take them. */
export const FIRING_WORDS: Record<FiringMode, string> = { origin: 'ENABLE', replica: 'ENABLE REPLICA', always: 'ENABLE ALWAYS', disabled: 'DISABLE' };

const shape = (e: EventTriggerDef) => JSON.stringify([e.event, e.tags, e.function]);

/**
 * Event triggers are database-wide; the model holds those whose function is in a selected schema.
 * Their enabled state changes in place; anything else recreates them. They call their function by
 * name, so they are rebuilt when it is recreated.
 */
export const eventTriggerKind: KindSpec<EventTriggerDef> = {
  label: 'event trigger',
  rank: 97,
  rebuildable: true,
  createdWithParent: false,
  list: (m) => m.eventTriggers ?? [],
  id: (e) => `event-trigger:${e.name}`,
  parent: () => null,
  dependsOn: (e) => [ids.function(e.function, '')],
  compare: (a, b) => (shape(a) !== shape(b) ? 'recreate' : a.enabled !== b.enabled ? 'alter' : 'same'),
  create: (e, { ddl }) => {
    const when = e.tags.length ? ` WHEN TAG IN (${e.tags.map(quoteLiteral).join(', ')})` : '';
    const out = [`CREATE EVENT TRIGGER ${ddl.id(e.name)} ON ${ddl.id(e.event)}${when} EXECUTE FUNCTION ${ddl.qn(e.function)}();`];
    if (e.enabled !== 'origin') out.push(`ALTER EVENT TRIGGER ${ddl.id(e.name)} ${FIRING_WORDS[e.enabled]};`);
    return out;
  },
  drop: (e, { ddl }) => [`DROP EVENT TRIGGER ${ddl.id(e.name)};`],
  alter: (_, e, { ddl }) => [`ALTER EVENT TRIGGER ${ddl.id(e.name)} ${FIRING_WORDS[e.enabled]};`],
  describeCreate: (e) => `Created event trigger '${e.name}' on ${e.event}.`,
  describeDrop: (e) => `Dropped event trigger '${e.name}'.`,
  describeAlter: (a, b) => (a.enabled !== b.enabled ? `Set event trigger '${b.name}' to fire ${b.enabled === 'disabled' ? 'never' : b.enabled === 'origin' ? 'in origin sessions' : b.enabled}.` : `Changed event trigger '${b.name}'.`),
  dropLosesData: false,
  comments: (e) => [{ on: { object: 'event trigger', name: e.name }, text: e.comment }],
};
