import type {
  AggregateDef,
  EventTriggerDef,
  FiringMode,
  PublicationDef,
  PublicationTableDef,
  QualifiedName,
  RuleDef,
  StatisticsDef,
  TextSearchConfigurationDef,
  TextSearchDictionaryDef,
} from '../model/types.js';
import { byRelation, str } from './rows.js';
import * as q from './queries-extras.js';

type Row = Record<string, unknown>;
const nullable = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

// pg_trigger.tgenabled / pg_rewrite.ev_enabled / pg_event_trigger.evtenabled letters.
const FIRING: Record<string, FiringMode> = { O: 'origin', R: 'replica', A: 'always', D: 'disabled' };

/** Extras is what the extra catalog queries add to a model; rules and statistics are found by relation oid. */
export interface Extras {
  readonly aggregates: AggregateDef[];
  readonly textSearchDictionaries: TextSearchDictionaryDef[];
  readonly textSearchConfigurations: TextSearchConfigurationDef[];
  readonly eventTriggers: EventTriggerDef[];
  readonly publications: PublicationDef[];
  rulesOf(relid: string): RuleDef[];
  statisticsOf(relid: string): StatisticsDef[];
}

/**
 * readExtras runs the catalog queries of the less common kinds (one per kind) for the selected
 * schemas, inside introspection's snapshot.
 */
export async function readExtras(rows: (sql: string, params?: unknown[]) => Promise<Row[]>, serverVersionNum: number, schemaNames: unknown[]): Promise<Extras> {
  const features = q.extrasFeatures(serverVersionNum);
  const [aggregates, dictionaries, configurations, eventTriggers, rules, statistics, publications] = [
    await rows(q.AGGREGATES_SQL, schemaNames),
    await rows(q.TEXT_SEARCH_DICTIONARIES_SQL, schemaNames),
    await rows(q.TEXT_SEARCH_CONFIGURATIONS_SQL, schemaNames),
    await rows(q.EVENT_TRIGGERS_SQL, schemaNames),
    await rows(q.RULES_SQL, schemaNames),
    await rows(q.STATISTICS_SQL, schemaNames),
    await rows(q.publicationsSql(features), schemaNames),
  ];
  const qualified = (r: Row, prefix: string): QualifiedName => ({ schema: str(r[`${prefix}_schema`]), name: str(r[`${prefix}_name`]) });
  return {
    aggregates: aggregates.map((r) => ({
      schema: str(r['schema']),
      name: str(r['name']),
      identityArguments: str(r['identity_arguments']),
      arguments: str(r['arguments']),
      options: str(r['options']),
      comment: nullable(r['comment']),
    })),
    textSearchDictionaries: dictionaries.map((r) => ({
      schema: str(r['schema']),
      name: str(r['name']),
      template: qualified(r, 'template'),
      options: nullable(r['options']),
      comment: nullable(r['comment']),
    })),
    textSearchConfigurations: configurations.map((r) => ({
      schema: str(r['schema']),
      name: str(r['name']),
      parser: qualified(r, 'parser'),
      mappings: json<{ token: string; dictionaries: QualifiedName[] }[]>(r['mappings']),
      comment: nullable(r['comment']),
    })),
    eventTriggers: eventTriggers.map((r) => ({
      name: str(r['name']),
      event: str(r['event']),
      tags: list(r['tags']),
      function: qualified(r, 'function'),
      enabled: FIRING[str(r['enabled'])] ?? 'origin',
      comment: nullable(r['comment']),
    })),
    publications: publications.map((r) => ({
      name: str(r['name']),
      allTables: r['all_tables'] === true,
      publish: list(r['publish']),
      viaRoot: r['via_root'] === true,
      generatedColumns: str(r['generated_columns']) === 's' ? 'stored' : 'none',
      tables: json<PublicationTableDef[]>(r['tables']),
      schemas: list(r['schemas']),
      comment: nullable(r['comment']),
    })),
    rulesOf: byRelation(rules, (r) => ({
      name: str(r['name']),
      definition: str(r['definition']),
      enabled: FIRING[str(r['enabled'])] ?? 'origin',
      comment: nullable(r['comment']),
    })),
    statisticsOf: byRelation(statistics, (r) => ({
      schema: str(r['schema']),
      name: str(r['name']),
      columns: list(r['columns']),
      definition: str(r['definition']),
      target: r['target'] === null || r['target'] === undefined ? null : Number(r['target']),
      comment: nullable(r['comment']),
    })),
  };
}
