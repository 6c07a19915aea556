import { sameValue } from '../../diff/same.js';
import type { Ddl } from '../../sql/ddl.js';
import type { TextSearchConfigurationDef, TextSearchDictionaryDef, TextSearchMapping } from '../types.js';
import { ids, qualified, show, type KindSpec } from './kind.js';

const dictionaryId = (d: { schema: string; name: string }) => `ts-dictionary:${qualified(d)}`;

/**
 * Text search dictionaries. A changed template or option list recreates the dictionary (ALTER can
 * only add or replace options, and would leave them in another order than a fresh CREATE), and
 * the configurations that use it are rebuilt around it.
 */
export const textSearchDictionaryKind: KindSpec<TextSearchDictionaryDef> = {
  label: 'text search dictionary',
  rank: 12,
  rebuildable: false,
  createdWithParent: false,
  list: (m) => m.textSearchDictionaries ?? [],
  id: dictionaryId,
  parent: () => null,
  dependsOn: (d) => [ids.schema(d.schema)],
  compare: (a, b) => (sameValue([a.template, a.options], [b.template, b.options]) ? 'same' : 'recreate'),
  create: (d, { ddl }) => [`CREATE TEXT SEARCH DICTIONARY ${ddl.qn(d)} (TEMPLATE = ${ddl.qn(d.template)}${d.options ? `, ${d.options}` : ''});`],
  drop: (d, { ddl }) => [`DROP TEXT SEARCH DICTIONARY ${ddl.qn(d)};`],
  alter: () => [],
  describeCreate: (d) => `Created text search dictionary '${show(d)}'.`,
  describeDrop: (d) => `Dropped text search dictionary '${show(d)}'.`,
  describeAlter: (_, d) => `Changed text search dictionary '${show(d)}'.`,
  dropLosesData: false,
  comments: (d) => [{ on: { object: 'text search dictionary', target: d }, text: d.comment }],
};

const mappingSql = (c: TextSearchConfigurationDef, verb: 'ADD' | 'ALTER', m: TextSearchMapping, ddl: Ddl) =>
  `ALTER TEXT SEARCH CONFIGURATION ${ddl.qn(c)} ${verb} MAPPING FOR ${ddl.id(m.token)} WITH ${m.dictionaries.map((d) => ddl.qn(d)).join(', ')};`;

/**
 * Text search configurations with their mappings. Mappings are added, altered and dropped in
 * place, token type by token type; a different parser recreates the configuration.
 */
export const textSearchConfigurationKind: KindSpec<TextSearchConfigurationDef> = {
  label: 'text search configuration',
  rank: 13,
  rebuildable: true,
  createdWithParent: false,
  list: (m) => m.textSearchConfigurations ?? [],
  id: (c) => `ts-configuration:${qualified(c)}`,
  parent: () => null,
  dependsOn: (c) => [ids.schema(c.schema), ...new Set(c.mappings.flatMap((m) => m.dictionaries.map(dictionaryId)))],
  compare: (a, b) => (!sameValue(a.parser, b.parser) ? 'recreate' : sameValue(a.mappings, b.mappings) ? 'same' : 'alter'),
  create: (c, { ddl }) => [`CREATE TEXT SEARCH CONFIGURATION ${ddl.qn(c)} (PARSER = ${ddl.qn(c.parser)});`, ...c.mappings.map((m) => mappingSql(c, 'ADD', m, ddl))],
  drop: (c, { ddl }) => [`DROP TEXT SEARCH CONFIGURATION ${ddl.qn(c)};`],
  alter: (a, b, { ddl }) => {
    const before = new Map(a.mappings.map((m) => [m.token, m]));
    const after = new Map(b.mappings.map((m) => [m.token, m]));
    const out: string[] = [];
    for (const token of before.keys()) if (!after.has(token)) out.push(`ALTER TEXT SEARCH CONFIGURATION ${ddl.qn(b)} DROP MAPPING FOR ${ddl.id(token)};`);
    for (const [token, m] of after) {
      const old = before.get(token);
      if (!old) out.push(mappingSql(b, 'ADD', m, ddl));
      else if (!sameValue(old.dictionaries, m.dictionaries)) out.push(mappingSql(b, 'ALTER', m, ddl));
    }
    return out;
  },
  describeCreate: (c) => `Created text search configuration '${show(c)}'.`,
  describeDrop: (c) => `Dropped text search configuration '${show(c)}'.`,
  describeAlter: (a, b) => {
    const tokens = new Set([...a.mappings, ...b.mappings].map((m) => m.token));
    const changed = [...tokens].filter((t) => !sameValue(a.mappings.find((m) => m.token === t), b.mappings.find((m) => m.token === t)));
    return `Changed the mappings of text search configuration '${show(b)}' for ${changed.join(', ')}.`;
  },
  dropLosesData: false,
  comments: (c) => [{ on: { object: 'text search configuration', target: c }, text: c.comment }],
};
