/**
 * Catalog queries for aggregates, text search dictionaries and configurations, event triggers,
 * rules, extended statistics and publications. Same rules as src/catalog/queries.ts: one query per
 * kind for every selected schema (`$1`), run with `search_path = ''` so deparsers qualify names,
 * extension members left out, version differences decided by {@link extrasFeatures} alone.
 */
import { notExtensionMember } from './queries.js';

/** ExtrasFeatures are the version-dependent catalog columns these queries read. */
export interface ExtrasFeatures {
  /** Publication column lists, row filters and FOR TABLES IN SCHEMA (PostgreSQL 15+). */
  readonly publicationFilters: boolean;
  /** pg_publication.pubgencols (PostgreSQL 18+). */
  readonly publishGeneratedColumns: boolean;
}

/** extrasFeatures says which of those columns a server of this `server_version_num` has. */
export function extrasFeatures(serverVersionNum: number): ExtrasFeatures {
  return { publicationFilters: serverVersionNum >= 150000, publishGeneratedColumns: serverVersionNum >= 180000 };
}

const regproc = (oid: string) => `${oid}::pg_catalog.regproc::text`;
// FINALFUNC_MODIFY's default: READ_ONLY for plain aggregates, READ_WRITE for ordered-set ones.
const modify = (column: string) =>
  `CASE WHEN ${column} <> CASE WHEN a.aggkind = 'n' THEN 'r' ELSE 'w' END THEN CASE ${column} WHEN 'r' THEN 'READ_ONLY' WHEN 's' THEN 'SHAREABLE' ELSE 'READ_WRITE' END END`;

/**
 * Aggregates, with the option list of their CREATE AGGREGATE deparsed from pg_aggregate the way
 * pg_dump's dumpAgg does it (defaults left out, so equal aggregates give equal text).
 */
export const AGGREGATES_SQL = `
SELECT n.nspname AS schema, p.proname AS name,
       pg_catalog.pg_get_function_identity_arguments(p.oid) AS identity_arguments,
       pg_catalog.pg_get_function_arguments(p.oid) AS arguments,
       pg_catalog.concat_ws(', ',
         'SFUNC = ' || ${regproc('a.aggtransfn')},
         'STYPE = ' || pg_catalog.format_type(a.aggtranstype, NULL),
         CASE WHEN a.aggtransspace <> 0 THEN 'SSPACE = ' || a.aggtransspace END,
         CASE WHEN a.aggfinalfn <> 0 THEN 'FINALFUNC = ' || ${regproc('a.aggfinalfn')} END,
         CASE WHEN a.aggfinalextra THEN 'FINALFUNC_EXTRA' END,
         'FINALFUNC_MODIFY = ' || ${modify('a.aggfinalmodify')},
         CASE WHEN a.aggcombinefn <> 0 THEN 'COMBINEFUNC = ' || ${regproc('a.aggcombinefn')} END,
         CASE WHEN a.aggserialfn <> 0 THEN 'SERIALFUNC = ' || ${regproc('a.aggserialfn')} END,
         CASE WHEN a.aggdeserialfn <> 0 THEN 'DESERIALFUNC = ' || ${regproc('a.aggdeserialfn')} END,
         CASE WHEN a.aggmtransfn <> 0 THEN 'MSFUNC = ' || ${regproc('a.aggmtransfn')} || ', MINVFUNC = ' || ${regproc('a.aggminvtransfn')}
              || ', MSTYPE = ' || pg_catalog.format_type(a.aggmtranstype, NULL) END,
         CASE WHEN a.aggmtransspace <> 0 THEN 'MSSPACE = ' || a.aggmtransspace END,
         CASE WHEN a.aggmfinalfn <> 0 THEN 'MFINALFUNC = ' || ${regproc('a.aggmfinalfn')} END,
         CASE WHEN a.aggmfinalextra THEN 'MFINALFUNC_EXTRA' END,
         CASE WHEN a.aggmtransfn <> 0 THEN 'MFINALFUNC_MODIFY = ' || ${modify('a.aggmfinalmodify')} END,
         CASE WHEN a.agginitval IS NOT NULL THEN 'INITCOND = ' || pg_catalog.quote_literal(a.agginitval) END,
         CASE WHEN a.aggminitval IS NOT NULL THEN 'MINITCOND = ' || pg_catalog.quote_literal(a.aggminitval) END,
         CASE WHEN a.aggsortop <> 0 THEN 'SORTOP = OPERATOR(' || pg_catalog.quote_ident(opn.nspname) || '.' || o.oprname || ')' END,
         CASE WHEN a.aggkind = 'h' THEN 'HYPOTHETICAL' END,
         CASE p.proparallel WHEN 's' THEN 'PARALLEL = SAFE' WHEN 'r' THEN 'PARALLEL = RESTRICTED' END
       ) AS options,
       pg_catalog.obj_description(p.oid, 'pg_proc') AS comment
  FROM pg_catalog.pg_aggregate a
  JOIN pg_catalog.pg_proc p ON p.oid = a.aggfnoid
  JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
  LEFT JOIN pg_catalog.pg_operator o ON o.oid = a.aggsortop
  LEFT JOIN pg_catalog.pg_namespace opn ON opn.oid = o.oprnamespace
 WHERE n.nspname = ANY($1) AND ${notExtensionMember('pg_catalog.pg_proc', 'p.oid')}
 ORDER BY 1, 2, 3`;

export const TEXT_SEARCH_DICTIONARIES_SQL = `
SELECT n.nspname AS schema, d.dictname AS name, tn.nspname AS template_schema, t.tmplname AS template_name,
       d.dictinitoption AS options, pg_catalog.obj_description(d.oid, 'pg_ts_dict') AS comment
  FROM pg_catalog.pg_ts_dict d
  JOIN pg_catalog.pg_namespace n ON n.oid = d.dictnamespace
  JOIN pg_catalog.pg_ts_template t ON t.oid = d.dicttemplate
  JOIN pg_catalog.pg_namespace tn ON tn.oid = t.tmplnamespace
 WHERE n.nspname = ANY($1) AND ${notExtensionMember('pg_catalog.pg_ts_dict', 'd.oid')}
 ORDER BY 1, 2`;

/** Configurations with their mappings: token types by number, each with its dictionaries in lookup order. */
export const TEXT_SEARCH_CONFIGURATIONS_SQL = `
SELECT n.nspname AS schema, c.cfgname AS name, pn.nspname AS parser_schema, p.prsname AS parser_name,
       COALESCE((SELECT json_agg(json_build_object('token', tokens.alias, 'dictionaries', tokens.dictionaries) ORDER BY tokens.tokid)
                   FROM (SELECT m.maptokentype AS tokid,
                                (SELECT tt.alias FROM pg_catalog.ts_token_type(c.cfgparser) tt WHERE tt.tokid = m.maptokentype) AS alias,
                                json_agg(json_build_object('schema', dn.nspname, 'name', d.dictname) ORDER BY m.mapseqno) AS dictionaries
                           FROM pg_catalog.pg_ts_config_map m
                           JOIN pg_catalog.pg_ts_dict d ON d.oid = m.mapdict
                           JOIN pg_catalog.pg_namespace dn ON dn.oid = d.dictnamespace
                          WHERE m.mapcfg = c.oid
                          GROUP BY m.maptokentype) tokens), '[]') AS mappings,
       pg_catalog.obj_description(c.oid, 'pg_ts_config') AS comment
  FROM pg_catalog.pg_ts_config c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.cfgnamespace
  JOIN pg_catalog.pg_ts_parser p ON p.oid = c.cfgparser
  JOIN pg_catalog.pg_namespace pn ON pn.oid = p.prsnamespace
 WHERE n.nspname = ANY($1) AND ${notExtensionMember('pg_catalog.pg_ts_config', 'c.oid')}
 ORDER BY 1, 2`;

/** Event triggers are database-wide: the ones whose function lives in a selected schema. */
export const EVENT_TRIGGERS_SQL = `
SELECT e.evtname AS name, e.evtevent AS event, COALESCE(e.evttags, '{}')::text[] AS tags,
       pn.nspname AS function_schema, p.proname AS function_name, e.evtenabled::text AS enabled,
       pg_catalog.obj_description(e.oid, 'pg_event_trigger') AS comment
  FROM pg_catalog.pg_event_trigger e
  JOIN pg_catalog.pg_proc p ON p.oid = e.evtfoid
  JOIN pg_catalog.pg_namespace pn ON pn.oid = p.pronamespace
 WHERE pn.nspname = ANY($1) AND ${notExtensionMember('pg_catalog.pg_event_trigger', 'e.oid')}
 ORDER BY 1`;

/** Rules on tables and views; a view's own `_RETURN` rule is the view. */
export const RULES_SQL = `
SELECT r.ev_class::int8::text AS relid, r.rulename AS name, pg_catalog.pg_get_ruledef(r.oid) AS definition,
       r.ev_enabled::text AS enabled, pg_catalog.obj_description(r.oid, 'pg_rewrite') AS comment
  FROM pg_catalog.pg_rewrite r
  JOIN pg_catalog.pg_class c ON c.oid = r.ev_class
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
 WHERE r.rulename <> '_RETURN' AND n.nspname = ANY($1) AND c.relkind IN ('r', 'p', 'v')
 ORDER BY 1, 2`;

/** Extended statistics on tables and materialized views in the selected schemas (the statistics object may live elsewhere). */
export const STATISTICS_SQL = `
SELECT s.stxrelid::int8::text AS relid, n.nspname AS schema, s.stxname AS name,
       ARRAY(SELECT a.attname::text FROM pg_catalog.unnest(s.stxkeys::int2[]) WITH ORDINALITY k(attnum, i)
               JOIN pg_catalog.pg_attribute a ON a.attrelid = s.stxrelid AND a.attnum = k.attnum ORDER BY k.i) AS columns,
       pg_catalog.pg_get_statisticsobjdef(s.oid) AS definition,
       -- -1 until PostgreSQL 17, NULL since, for "the column's target"
       NULLIF(s.stxstattarget, -1)::int AS target,
       pg_catalog.obj_description(s.oid, 'pg_statistic_ext') AS comment
  FROM pg_catalog.pg_statistic_ext s
  JOIN pg_catalog.pg_namespace n ON n.oid = s.stxnamespace
  JOIN pg_catalog.pg_class c ON c.oid = s.stxrelid
  JOIN pg_catalog.pg_namespace cn ON cn.oid = c.relnamespace
 WHERE cn.nspname = ANY($1) AND c.relkind IN ('r', 'p', 'm') AND ${notExtensionMember('pg_catalog.pg_statistic_ext', 's.oid')}
 ORDER BY 1, 2, 3`;

/**
 * Publications are database-wide: those FOR ALL TABLES, and those whose every table and schema is
 * selected (a publication that reaches outside the selection cannot be recreated from it).
 */
export const publicationsSql = (f: ExtrasFeatures) => `
SELECT p.pubname AS name, p.puballtables AS all_tables,
       pg_catalog.array_remove(ARRAY[CASE WHEN p.pubinsert THEN 'insert' END, CASE WHEN p.pubupdate THEN 'update' END,
                                     CASE WHEN p.pubdelete THEN 'delete' END, CASE WHEN p.pubtruncate THEN 'truncate' END], NULL) AS publish,
       p.pubviaroot AS via_root,
       ${f.publishGeneratedColumns ? 'p.pubgencols::text' : "'n'"} AS generated_columns,
       COALESCE((SELECT json_agg(json_build_object(
                   'schema', rn.nspname, 'name', rc.relname,
                   'columns', ${
                     f.publicationFilters
                       ? `CASE WHEN pr.prattrs IS NOT NULL THEN ARRAY(SELECT a.attname FROM pg_catalog.unnest(pr.prattrs::int2[]) WITH ORDINALITY k(attnum, i)
                            JOIN pg_catalog.pg_attribute a ON a.attrelid = pr.prrelid AND a.attnum = k.attnum ORDER BY k.i) END`
                       : 'NULL'
                   },
                   'where', ${f.publicationFilters ? 'pg_catalog.pg_get_expr(pr.prqual, pr.prrelid)' : 'NULL'}) ORDER BY rn.nspname, rc.relname)
                   FROM pg_catalog.pg_publication_rel pr
                   JOIN pg_catalog.pg_class rc ON rc.oid = pr.prrelid
                   JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
                  WHERE pr.prpubid = p.oid), '[]') AS tables,
       ${f.publicationFilters ? 'ARRAY(SELECT sn.nspname::text FROM pg_catalog.pg_publication_namespace ps JOIN pg_catalog.pg_namespace sn ON sn.oid = ps.pnnspid WHERE ps.pnpubid = p.oid ORDER BY 1)' : "'{}'::text[]"} AS schemas,
       pg_catalog.obj_description(p.oid, 'pg_publication') AS comment
  FROM pg_catalog.pg_publication p
 WHERE p.puballtables
    OR (NOT EXISTS (SELECT 1 FROM pg_catalog.pg_publication_rel pr JOIN pg_catalog.pg_class rc ON rc.oid = pr.prrelid
                     JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace WHERE pr.prpubid = p.oid AND rn.nspname <> ALL($1))
        ${f.publicationFilters ? `AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_publication_namespace ps JOIN pg_catalog.pg_namespace sn ON sn.oid = ps.pnnspid
                     WHERE ps.pnpubid = p.oid AND sn.nspname <> ALL($1))` : ''})
 ORDER BY 1`;
