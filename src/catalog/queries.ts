/**
 * The catalog queries of introspection: a fixed set, each covering every selected schema at once
 * (`$1` is the array of schema names), so introspecting a thousand tables costs as many round trips
 * as introspecting one. They run with `search_path = ''`, which makes PostgreSQL's deparsers
 * (format_type, pg_get_expr, pg_get_*def) qualify every name.
 *
 * Version differences (PostgreSQL 13 to 18) are handled here and only here, by the `features`
 * flags computed from server_version_num.
 */

/** CatalogFeatures are the version-dependent catalog columns. */
export interface CatalogFeatures {
  /** pg_index.indnullsnotdistinct (PostgreSQL 15+). */
  readonly nullsNotDistinct: boolean;
  /** pg_publication_namespace (PostgreSQL 15+). */
  readonly publicationNamespaces: boolean;
  /** pg_attribute.attcompression (PostgreSQL 14+). */
  readonly columnCompression: boolean;
  /** pg_attribute.attcompression (PostgreSQL 14+); the same flag under the name the column reader uses. */
  readonly compression: boolean;
  /** NOT NULL as pg_constraint rows that are inherited or local (PostgreSQL 18+). */
  readonly notNullConstraints: boolean;
}

export function catalogFeatures(serverVersionNum: number): CatalogFeatures {
  return {
    nullsNotDistinct: serverVersionNum >= 150000,
    publicationNamespaces: serverVersionNum >= 150000,
    columnCompression: serverVersionNum >= 140000,
    compression: serverVersionNum >= 140000,
    notNullConstraints: serverVersionNum >= 180000,
  };
}

/** notExtensionMember: objects that belong to an extension are the extension's business, not the user's schema. */
export const notExtensionMember = (classTable: string, oid: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend ext WHERE ext.classid = '${classTable}'::regclass AND ext.objid = ${oid} AND ext.deptype = 'e')`;

/** A collation by oid, quoted and qualified as COLLATE takes it. */
export const qualifiedCollation = (oid: string) =>
  `(SELECT pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname) FROM pg_catalog.pg_collation co JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = ${oid})`;

export const SCHEMAS_SQL = `
SELECT n.nspname AS name, pg_catalog.obj_description(n.oid, 'pg_namespace') AS comment
  FROM pg_catalog.pg_namespace n
 WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
   AND n.nspname NOT LIKE 'pg\\_temp\\_%' AND n.nspname NOT LIKE 'pg\\_toast\\_temp\\_%'
   AND ${notExtensionMember('pg_catalog.pg_namespace', 'n.oid')}
 ORDER BY 1`;

export const EXTENSIONS_SQL = `
SELECT e.extname AS name, n.nspname AS schema, e.extversion AS version
  FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
 WHERE e.extname <> 'plpgsql' AND (n.nspname = ANY($1) OR n.nspname = 'pg_catalog')
 ORDER BY 1`;

export const TYPES_SQL = `
SELECT n.nspname AS schema, t.typname AS name, t.typtype AS kind,
       CASE WHEN t.typtype = 'e' THEN ARRAY(SELECT e.enumlabel::text FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) END AS values,
       CASE WHEN t.typtype = 'd' THEN pg_catalog.format_type(t.typbasetype, t.typtypmod) END AS base_type,
       t.typnotnull AS not_null, t.typdefault AS "default",
       CASE WHEN t.typtype = 'd' AND t.typcollation <> 0 AND t.typcollation IS DISTINCT FROM (SELECT b.typcollation FROM pg_catalog.pg_type b WHERE b.oid = t.typbasetype)
            THEN ${qualifiedCollation('t.typcollation')} END AS collation,
       COALESCE((SELECT json_agg(json_build_object('name', c.conname, 'definition', pg_catalog.pg_get_constraintdef(c.oid), 'validated', c.convalidated,
                                                     'comment', pg_catalog.obj_description(c.oid, 'pg_constraint')) ORDER BY c.conname)
                   FROM pg_catalog.pg_constraint c WHERE c.contypid = t.oid AND c.contype = 'c'), '[]') AS checks,
       pg_catalog.obj_description(t.oid, 'pg_type') AS comment
  FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
 WHERE t.typtype IN ('e', 'd') AND n.nspname = ANY($1) AND ${notExtensionMember('pg_catalog.pg_type', 't.oid')}
 ORDER BY 1, 2`;

export const SEQUENCES_SQL = `
SELECT n.nspname AS schema, c.relname AS name, pg_catalog.format_type(s.seqtypid, NULL) AS type,
       s.seqstart::text AS start, s.seqincrement::text AS increment, s.seqmin::text AS min, s.seqmax::text AS max,
       s.seqcache::text AS cache, s.seqcycle AS cycle,
       tn.nspname AS owner_schema, t.relname AS owner_table, a.attname AS owner_column,
       dsc.description AS comment
  FROM pg_catalog.pg_sequence s
  JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_catalog.pg_description dsc ON dsc.objoid = c.oid AND dsc.classoid = 'pg_catalog.pg_class'::regclass AND dsc.objsubid = 0
  LEFT JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid
        AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.deptype IN ('a', 'i')
  LEFT JOIN pg_catalog.pg_class t ON t.oid = d.refobjid
  LEFT JOIN pg_catalog.pg_namespace tn ON tn.oid = t.relnamespace
  LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
 WHERE n.nspname = ANY($1) AND d.deptype IS DISTINCT FROM 'i' AND ${notExtensionMember('pg_catalog.pg_class', 'c.oid')}
 ORDER BY 1, 2`;

/** Tables, partitioned tables, views and materialized views. */
export const RELATIONS_SQL = `
SELECT c.oid::int8::text AS oid, n.nspname AS schema, c.relname AS name, c.relkind::text AS kind,
       c.relpersistence = 'u' AS unlogged, c.relrowsecurity AS row_security, c.relforcerowsecurity AS force_row_security,
       CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END AS partition_key,
       pt.partstrat::text AS partition_strategy,
       CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid) END AS partition_bound,
       pn.nspname AS parent_schema, pc.relname AS parent_name,
       CASE WHEN c.relkind IN ('v', 'm') THEN pg_catalog.pg_get_viewdef(c.oid, false) END AS view_definition,
       pg_catalog.to_json(COALESCE(c.reloptions, '{}')) AS options,
       pg_catalog.to_json(ARRAY(SELECT 'toast.' || o FROM pg_catalog.pg_class tc, unnest(tc.reloptions) o WHERE tc.oid = c.reltoastrelid)) AS toast_options,
       c.relreplident::text AS replica_identity,
       (SELECT ri.relname FROM pg_catalog.pg_index x JOIN pg_catalog.pg_class ri ON ri.oid = x.indexrelid WHERE x.indrelid = c.oid AND x.indisreplident) AS replica_identity_index,
       -- a partition's parent is partition_of; other parents are INHERITS, in their declared order
       COALESCE((SELECT json_agg(json_build_object('schema', hn.nspname, 'name', hc.relname) ORDER BY h.inhseqno)
                   FROM pg_catalog.pg_inherits h JOIN pg_catalog.pg_class hc ON hc.oid = h.inhparent JOIN pg_catalog.pg_namespace hn ON hn.oid = hc.relnamespace
                  WHERE h.inhrelid = c.oid AND NOT c.relispartition), '[]') AS inherits,
       dsc.description AS comment
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_catalog.pg_description dsc ON dsc.objoid = c.oid AND dsc.classoid = 'pg_catalog.pg_class'::regclass AND dsc.objsubid = 0
  LEFT JOIN pg_catalog.pg_partitioned_table pt ON pt.partrelid = c.oid
  LEFT JOIN pg_catalog.pg_inherits i ON i.inhrelid = c.oid AND c.relispartition
  LEFT JOIN pg_catalog.pg_class pc ON pc.oid = i.inhparent
  LEFT JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
 WHERE c.relkind IN ('r', 'p', 'v', 'm') AND n.nspname = ANY($1) AND ${notExtensionMember('pg_catalog.pg_class', 'c.oid')}
 ORDER BY 2, 3`;

export const columnsSql = (features: CatalogFeatures) => `
SELECT a.attrelid::int8::text AS relid, a.attnum::int AS attnum, a.attcollation::int8::text AS collation_oid,
       a.attname AS name, pg_catalog.format_type(a.atttypid, a.atttypmod) AS type,
       CASE WHEN ut.oid IS NOT NULL THEN utn.nspname END AS user_type_schema, ut.typname AS user_type_name,
       a.attnotnull AS not_null, a.attgenerated::text AS generated_kind, a.attidentity::text AS identity_kind,
       pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) AS expression,
       CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN ${qualifiedCollation('a.attcollation')} END AS collation,
       pg_catalog.quote_ident(sn.nspname) || '.' || pg_catalog.quote_ident(sc.relname) AS identity_sequence,
       pg_catalog.format_type(s.seqtypid, NULL) AS identity_type,
       s.seqstart::text AS identity_start, s.seqincrement::text AS identity_increment, s.seqmin::text AS identity_min,
       s.seqmax::text AS identity_max, s.seqcache::text AS identity_cache, s.seqcycle AS identity_cycle,
       a.attislocal AS is_local, a.attinhcount > 0 AS is_inherited, c.relispartition AS in_partition,
       CASE WHEN a.attstorage <> t.typstorage THEN a.attstorage::text END AS storage, t.typstorage::text AS type_storage,
       ${features.compression ? "NULLIF(a.attcompression::text, '')" : 'NULL::text'} AS compression,
       ${features.notNullConstraints ? "a.attnotnull AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint nn WHERE nn.conrelid = a.attrelid AND nn.contype = 'n' AND nn.conkey[1] = a.attnum AND nn.conislocal)" : 'false'} AS not_null_inherited_only,
       -- the default target is -1 before PostgreSQL 17, NULL since
       CASE WHEN a.attstattarget >= 0 THEN a.attstattarget::int END AS statistics,
       dsc.description AS comment
  FROM pg_catalog.pg_attribute a
  JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
  LEFT JOIN pg_catalog.pg_type ut ON ut.oid = CASE WHEN t.typelem <> 0 AND t.typcategory = 'A' THEN t.typelem ELSE t.oid END
        AND ut.typnamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
  LEFT JOIN pg_catalog.pg_namespace utn ON utn.oid = ut.typnamespace
  LEFT JOIN pg_catalog.pg_description dsc ON dsc.objoid = a.attrelid AND dsc.classoid = 'pg_catalog.pg_class'::regclass AND dsc.objsubid = a.attnum
  LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
  LEFT JOIN pg_catalog.pg_depend sd ON a.attidentity <> '' AND sd.refclassid = 'pg_catalog.pg_class'::regclass AND sd.refobjid = a.attrelid
        AND sd.refobjsubid = a.attnum AND sd.classid = 'pg_catalog.pg_class'::regclass AND sd.deptype = 'i'
  LEFT JOIN pg_catalog.pg_sequence s ON s.seqrelid = sd.objid
  LEFT JOIN pg_catalog.pg_class sc ON sc.oid = s.seqrelid
  LEFT JOIN pg_catalog.pg_namespace sn ON sn.oid = sc.relnamespace
 WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm') AND n.nspname = ANY($1)
 ORDER BY a.attrelid, a.attnum`;

export const constraintsSql = (features: CatalogFeatures) => `
SELECT c.conrelid::int8::text AS relid, c.conname AS name, c.contype::text AS type, pg_catalog.pg_get_constraintdef(c.oid) AS definition,
       pg_catalog.to_json(c.conkey::int2[]) AS keys, c.confrelid::int8::text AS ref_relid, pg_catalog.to_json(c.confkey::int2[]) AS ref_keys,
       fn.nspname AS ref_schema, fc.relname AS ref_table,
       c.confupdtype::text AS on_update, c.confdeltype::text AS on_delete, c.confmatchtype::text AS match,
       c.condeferrable AS deferrable, c.condeferred AS deferred, c.convalidated AS validated,
       CASE WHEN c.contype = 'c' THEN pg_catalog.pg_get_expr(c.conbin, c.conrelid) END AS check_expression,
       ${features.nullsNotDistinct ? 'COALESCE((SELECT i.indnullsnotdistinct FROM pg_catalog.pg_index i WHERE i.indexrelid = c.conindid AND c.contype = \'u\'), false)' : 'false'} AS nulls_not_distinct,
       dsc.description AS comment
  FROM pg_catalog.pg_constraint c
  JOIN pg_catalog.pg_class t ON t.oid = c.conrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
  LEFT JOIN pg_catalog.pg_description dsc ON dsc.objoid = c.oid AND dsc.classoid = 'pg_catalog.pg_constraint'::regclass AND dsc.objsubid = 0
  LEFT JOIN pg_catalog.pg_class fc ON fc.oid = c.confrelid
  LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace
 WHERE c.contype IN ('p', 'u', 'f', 'c', 'x') AND n.nspname = ANY($1)
   -- constraints a partition inherits come back by themselves when it is attached
   AND c.conparentid = 0 AND c.conislocal
 ORDER BY c.conrelid, c.conname`;

export const indexesSql = (features: CatalogFeatures) => `
SELECT i.indrelid::int8::text AS relid, ic.relname AS name, i.indisunique AS unique, am.amname AS method,
       pg_catalog.pg_get_indexdef(i.indexrelid) AS definition,
       pg_catalog.pg_get_expr(i.indpred, i.indrelid) AS predicate,
       ${features.nullsNotDistinct ? 'i.indnullsnotdistinct' : 'false'} AS nulls_not_distinct,
       i.indnkeyatts::int AS key_count, pg_catalog.to_json(i.indkey::int2[]) AS keys, pg_catalog.to_json(i.indoption::int2[]) AS options,
       pg_catalog.to_json(i.indclass::oid[]::int8[]::text[]) AS opclasses, pg_catalog.to_json(i.indcollation::oid[]::int8[]::text[]) AS collations,
       CASE WHEN i.indexprs IS NOT NULL
            THEN ARRAY(SELECT pg_catalog.pg_get_indexdef(i.indexrelid, k, false) FROM generate_series(1, i.indnkeyatts) k ORDER BY k) END AS element_texts,
       CASE WHEN i.indexprs IS NOT NULL
            THEN ARRAY(SELECT a.attname::text FROM pg_catalog.pg_attribute a WHERE a.attrelid = i.indexrelid AND a.attnum <= i.indnkeyatts ORDER BY a.attnum) END AS element_names,
       dsc.description AS comment
  FROM pg_catalog.pg_index i
  JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
  JOIN pg_catalog.pg_class t ON t.oid = i.indrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
  JOIN pg_catalog.pg_am am ON am.oid = ic.relam
  LEFT JOIN pg_catalog.pg_description dsc ON dsc.objoid = i.indexrelid AND dsc.classoid = 'pg_catalog.pg_class'::regclass AND dsc.objsubid = 0
 WHERE n.nspname = ANY($1) AND t.relkind IN ('r', 'p', 'm')
   -- indexes that back a constraint are part of the constraint
   AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u', 'x'))
   -- a partition's copy of its parent's index comes back when the partition is attached
   AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_inherits h WHERE h.inhrelid = i.indexrelid)
 ORDER BY i.indrelid, ic.relname`;

export const TRIGGERS_SQL = `
SELECT tg.tgrelid::int8::text AS relid, tg.tgname AS name, tg.tgtype::int AS type, pg_catalog.pg_get_triggerdef(tg.oid, false) AS definition,
       tg.tgattr::int2[] AS keys,
       pn.nspname AS function_schema, p.proname AS function_name, tg.tgconstraint <> 0 AS is_constraint, tg.tgenabled::text AS enabled,
       pg_catalog.obj_description(tg.oid, 'pg_trigger') AS comment
  FROM pg_catalog.pg_trigger tg
  JOIN pg_catalog.pg_class t ON t.oid = tg.tgrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
  JOIN pg_catalog.pg_proc p ON p.oid = tg.tgfoid
  JOIN pg_catalog.pg_namespace pn ON pn.oid = p.pronamespace
 WHERE NOT tg.tgisinternal AND tg.tgparentid = 0 AND n.nspname = ANY($1)
 ORDER BY tg.tgrelid, tg.tgname`;

export const POLICIES_SQL = `
SELECT p.polrelid::int8::text AS relid, p.polname AS name, p.polcmd::text AS command, p.polpermissive AS permissive,
       CASE WHEN p.polroles = '{0}' THEN ARRAY['public'] ELSE ARRAY(SELECT r.rolname::text FROM pg_catalog.pg_roles r WHERE r.oid = ANY(p.polroles) ORDER BY 1) END AS roles,
       pg_catalog.pg_get_expr(p.polqual, p.polrelid) AS using, pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) AS with_check,
       pg_catalog.obj_description(p.oid, 'pg_policy') AS comment
  FROM pg_catalog.pg_policy p
  JOIN pg_catalog.pg_class t ON t.oid = p.polrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
 WHERE n.nspname = ANY($1)
 ORDER BY p.polrelid, p.polname`;

/** Which tables, views and materialized views each view reads (through its rewrite rule). */
export const VIEW_DEPENDENCIES_SQL = `
SELECT DISTINCT r.ev_class::int8::text AS relid, dn.nspname AS schema, dc.relname AS name
  FROM pg_catalog.pg_rewrite r
  JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_rewrite'::regclass AND d.objid = r.oid AND d.refclassid = 'pg_catalog.pg_class'::regclass
  JOIN pg_catalog.pg_class dc ON dc.oid = d.refobjid AND dc.relkind IN ('r', 'p', 'v', 'm') AND dc.oid <> r.ev_class
  JOIN pg_catalog.pg_namespace dn ON dn.oid = dc.relnamespace
  JOIN pg_catalog.pg_class vc ON vc.oid = r.ev_class
  JOIN pg_catalog.pg_namespace vn ON vn.oid = vc.relnamespace
 WHERE vn.nspname = ANY($1)
 ORDER BY 1, 2, 3`;

export const FUNCTIONS_SQL = `
SELECT n.nspname AS schema, p.proname AS name, p.prokind::text AS kind,
       pg_catalog.pg_get_function_identity_arguments(p.oid) AS identity_arguments,
       pg_catalog.pg_get_functiondef(p.oid) AS definition,
       pg_catalog.obj_description(p.oid, 'pg_proc') AS comment
  FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
 WHERE p.prokind IN ('f', 'p') AND n.nspname = ANY($1) AND ${notExtensionMember('pg_catalog.pg_proc', 'p.oid')}
   -- a range's and a multirange's constructors are part of their type
   AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend td WHERE td.classid = 'pg_catalog.pg_proc'::regclass AND td.objid = p.oid
                      AND td.refclassid = 'pg_catalog.pg_type'::regclass AND td.deptype = 'i')
 ORDER BY 1, 2, 4`;

/** Non-default operator classes, so index elements can name theirs without a subquery per index. */
export const OPCLASSES_SQL = `
SELECT o.oid::int8::text AS oid, pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(o.opcname) AS name
  FROM pg_catalog.pg_opclass o JOIN pg_catalog.pg_namespace n ON n.oid = o.opcnamespace
 WHERE NOT o.opcdefault`;

/** Every collation, qualified, for index elements. */
export const COLLATIONS_SQL = `
SELECT c.oid::int8::text AS oid, pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.collname) AS name
  FROM pg_catalog.pg_collation c JOIN pg_catalog.pg_namespace n ON n.oid = c.collnamespace`;

/** Column names of relations outside the selected schemas that foreign keys point at. */
export const FOREIGN_COLUMNS_SQL = `
SELECT a.attrelid::int8::text AS relid, a.attnum::int AS attnum, a.attname AS name
  FROM pg_catalog.pg_attribute a
 WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped`;

/** The type a type is an internal part of (a multirange's range), or NULL. */
const ownerType = (oid: string) =>
  `(SELECT it.refobjid FROM pg_catalog.pg_depend it WHERE it.classid = 'pg_catalog.pg_type'::regclass AND it.objid = ${oid} AND it.refclassid = 'pg_catalog.pg_type'::regclass AND it.deptype = 'i')`;

/**
 * Every object of a modelled kind in the selected schemas, under the identity the planner knows it
 * by (src/model/kinds/kind.ts `ids`): what pg_depend's (classid, objid, objsubid) triples mean to
 * Tidemark. A table's row type and an array type stand for their relation or element, a multirange
 * and the constructor functions of a range for the range; a view's columns and `_RETURN` rule for
 * the view (other rules are their own objects; aggregates are pg_proc rows, so `function:` like
 * functions); an index that backs a constraint for the constraint; a column
 * default for its column.
 */
const IDENTIFIED_OBJECTS = `
  SELECT 'pg_catalog.pg_namespace'::regclass AS classid, n.oid AS objid, 0 AS objsubid, 'schema:' || n.nspname AS id
    FROM pg_catalog.pg_namespace n WHERE n.nspname = ANY($1)
  UNION ALL
  SELECT 'pg_catalog.pg_extension'::regclass, e.oid, 0, 'extension:' || e.extname FROM pg_catalog.pg_extension e
  UNION ALL
  SELECT 'pg_catalog.pg_class'::regclass, c.oid, 0,
         CASE WHEN k.oid IS NOT NULL THEN 'constraint:' || n.nspname || '.' || kt.relname || '.' || k.conname
              WHEN c.relkind = 'S' THEN 'sequence:' WHEN c.relkind = 'i' THEN 'index:' WHEN c.relkind = 'c' THEN 'type:' ELSE 'relation:' END
         || CASE WHEN k.oid IS NULL THEN n.nspname || '.' || c.relname ELSE '' END
    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_catalog.pg_constraint k ON c.relkind IN ('i', 'I') AND k.conindid = c.oid AND k.contype IN ('p', 'u', 'x') AND k.conrelid <> 0
    LEFT JOIN pg_catalog.pg_class kt ON kt.oid = k.conrelid
   WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'i', 'I', 'f', 'c')
  UNION ALL
  SELECT 'pg_catalog.pg_class'::regclass, a.attrelid, a.attnum,
         CASE WHEN c.relkind IN ('r', 'p', 'f') THEN 'column:' || n.nspname || '.' || c.relname || '.' || a.attname
              WHEN c.relkind = 'c' THEN 'type:' || n.nspname || '.' || c.relname
              ELSE 'relation:' || n.nspname || '.' || c.relname END
    FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p', 'f', 'v', 'm', 'c') AND a.attnum > 0 AND NOT a.attisdropped
  UNION ALL
  SELECT 'pg_catalog.pg_attrdef'::regclass, ad.oid, 0, 'column:' || n.nspname || '.' || c.relname || '.' || a.attname
    FROM pg_catalog.pg_attrdef ad JOIN pg_catalog.pg_class c ON c.oid = ad.adrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_catalog.pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum
   WHERE n.nspname = ANY($1)
  UNION ALL
  SELECT 'pg_catalog.pg_type'::regclass, t.oid, 0,
         CASE WHEN r.oid IS NOT NULL AND r.relkind <> 'c' THEN 'relation:' || rn.nspname || '.' || r.relname ELSE 'type:' || en.nspname || '.' || e.typname END
    FROM pg_catalog.pg_type t
    JOIN pg_catalog.pg_type e ON e.oid = CASE WHEN t.typelem <> 0 AND t.typcategory = 'A' THEN t.typelem ELSE COALESCE(${ownerType('t.oid')}, t.oid) END
    JOIN pg_catalog.pg_namespace en ON en.oid = e.typnamespace
    LEFT JOIN pg_catalog.pg_class r ON r.oid = e.typrelid
    LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = r.relnamespace
   WHERE en.nspname = ANY($1)
  UNION ALL
  SELECT 'pg_catalog.pg_proc'::regclass, p.oid, 0,
         CASE WHEN ct.oid IS NULL THEN 'function:' || n.nspname || '.' || p.proname || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')'
              ELSE 'type:' || ctn.nspname || '.' || ct.typname END
    FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
    LEFT JOIN pg_catalog.pg_type ct ON ct.oid = (SELECT COALESCE(${ownerType('pt.refobjid')}, pt.refobjid) FROM pg_catalog.pg_depend pt
          WHERE pt.classid = 'pg_catalog.pg_proc'::regclass AND pt.objid = p.oid AND pt.refclassid = 'pg_catalog.pg_type'::regclass AND pt.deptype = 'i')
    LEFT JOIN pg_catalog.pg_namespace ctn ON ctn.oid = ct.typnamespace
   WHERE n.nspname = ANY($1)
  UNION ALL
  SELECT 'pg_catalog.pg_collation'::regclass, co.oid, 0, 'collation:' || n.nspname || '.' || co.collname
    FROM pg_catalog.pg_collation co JOIN pg_catalog.pg_namespace n ON n.oid = co.collnamespace WHERE n.nspname = ANY($1)
  UNION ALL
  SELECT 'pg_catalog.pg_constraint'::regclass, k.oid, 0,
         CASE WHEN k.conrelid <> 0 THEN 'constraint:' || n.nspname || '.' || c.relname || '.' || k.conname ELSE 'type:' || tn.nspname || '.' || t.typname END
    FROM pg_catalog.pg_constraint k
    LEFT JOIN pg_catalog.pg_class c ON c.oid = k.conrelid LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_catalog.pg_type t ON t.oid = k.contypid LEFT JOIN pg_catalog.pg_namespace tn ON tn.oid = t.typnamespace
   WHERE COALESCE(n.nspname, tn.nspname) = ANY($1)
  UNION ALL
  SELECT 'pg_catalog.pg_rewrite'::regclass, r.oid, 0,
         CASE WHEN r.rulename = '_RETURN' THEN 'relation:' || n.nspname || '.' || c.relname ELSE 'rule:' || n.nspname || '.' || c.relname || '.' || r.rulename END
    FROM pg_catalog.pg_rewrite r JOIN pg_catalog.pg_class c ON c.oid = r.ev_class JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = ANY($1)
  UNION ALL
  SELECT 'pg_catalog.pg_statistic_ext'::regclass, s.oid, 0, 'statistics:' || n.nspname || '.' || s.stxname
    FROM pg_catalog.pg_statistic_ext s JOIN pg_catalog.pg_namespace n ON n.oid = s.stxnamespace WHERE n.nspname = ANY($1)
  UNION ALL
  SELECT 'pg_catalog.pg_ts_dict'::regclass, d.oid, 0, 'ts-dictionary:' || n.nspname || '.' || d.dictname
    FROM pg_catalog.pg_ts_dict d JOIN pg_catalog.pg_namespace n ON n.oid = d.dictnamespace WHERE n.nspname = ANY($1)
  UNION ALL
  SELECT 'pg_catalog.pg_ts_config'::regclass, c.oid, 0, 'ts-configuration:' || n.nspname || '.' || c.cfgname
    FROM pg_catalog.pg_ts_config c JOIN pg_catalog.pg_namespace n ON n.oid = c.cfgnamespace WHERE n.nspname = ANY($1)
  UNION ALL
  SELECT 'pg_catalog.pg_event_trigger'::regclass, e.oid, 0, 'event-trigger:' || e.evtname FROM pg_catalog.pg_event_trigger e
  UNION ALL
  SELECT 'pg_catalog.pg_trigger'::regclass, tg.oid, 0, 'trigger:' || n.nspname || '.' || c.relname || '.' || tg.tgname
    FROM pg_catalog.pg_trigger tg JOIN pg_catalog.pg_class c ON c.oid = tg.tgrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = ANY($1) AND NOT tg.tgisinternal
  UNION ALL
  SELECT 'pg_catalog.pg_policy'::regclass, po.oid, 0, 'policy:' || n.nspname || '.' || c.relname || '.' || po.polname
    FROM pg_catalog.pg_policy po JOIN pg_catalog.pg_class c ON c.oid = po.polrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = ANY($1)`;

/**
 * The normal dependencies (pg_depend deptype 'n') between modelled objects, and those of indexes,
 * constraints and extended statistics on their columns (deptype 'a'), as pairs of
 * identities: a view on the columns and functions it reads, a function on the row type it takes, a
 * default on its sequence, a policy on the tables its expression reads. Plans order by them as
 * pg_dump does. Ownership links (a table's index, a serial's sequence) are modelled by the kinds.
 */
export const DEPENDENCIES_SQL = `
WITH objects AS MATERIALIZED (${IDENTIFIED_OBJECTS})
SELECT DISTINCT dep.id AS dependent, ref.id AS referenced
  FROM pg_catalog.pg_depend d
  JOIN objects dep ON dep.classid = d.classid AND dep.objid = d.objid AND dep.objsubid = d.objsubid
  JOIN objects ref ON ref.classid = d.refclassid AND ref.objid = d.refobjid AND ref.objsubid = d.refobjsubid
 WHERE dep.id <> ref.id
   AND (d.deptype = 'n'
        -- an index, constraint or statistics object on the columns it covers: a column dropped
        -- and added again (a new generated expression before PostgreSQL 17) takes them along
        OR (d.deptype = 'a' AND d.refobjsubid > 0 AND pg_catalog.split_part(dep.id, ':', 1) IN ('index', 'constraint', 'statistics')))
 ORDER BY 1, 2`;
