/**
 * Catalog queries for composite types, range types and collations: one query per kind for every
 * selected schema (`$1`), run like the others with `search_path = ''` so deparsers qualify names.
 */
import { notExtensionMember, qualifiedCollation } from './queries.js';

/** TypeFeatures are the version-dependent catalog columns these queries read. */
export interface TypeFeatures {
  /** pg_range.rngmultitypid (PostgreSQL 14+). */
  readonly multiranges: boolean;
  /** Where an ICU collation keeps its locale: collcollate (13–14), colliculocale (15–16), colllocale (17+). */
  readonly icuLocaleColumn: 'collcollate' | 'colliculocale' | 'colllocale';
  /** pg_collation.collicurules (PostgreSQL 16+). */
  readonly icuRules: boolean;
}

/** typeFeatures reads the flags from server_version_num. */
export function typeFeatures(serverVersionNum: number): TypeFeatures {
  return {
    multiranges: serverVersionNum >= 140000,
    icuLocaleColumn: serverVersionNum >= 170000 ? 'colllocale' : serverVersionNum >= 150000 ? 'colliculocale' : 'collcollate',
    icuRules: serverVersionNum >= 160000,
  };
}

export const COMPOSITES_SQL = `
SELECT n.nspname AS schema, t.typname AS name, pg_catalog.obj_description(t.oid, 'pg_type') AS comment,
       COALESCE((SELECT json_agg(json_build_object(
                   'name', a.attname, 'type', pg_catalog.format_type(a.atttypid, a.atttypmod),
                   'collation', CASE WHEN a.attcollation <> 0 AND a.attcollation <> at.typcollation THEN ${qualifiedCollation('a.attcollation')} END,
                   'comment', pg_catalog.col_description(c.oid, a.attnum)) ORDER BY a.attnum)
                   FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type at ON at.oid = a.atttypid
                  WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '[]') AS attributes
  FROM pg_catalog.pg_type t
  JOIN pg_catalog.pg_class c ON c.oid = t.typrelid AND c.relkind = 'c'
  JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
 WHERE t.typtype = 'c' AND n.nspname = ANY($1) AND ${notExtensionMember('pg_catalog.pg_type', 't.oid')}
 ORDER BY 1, 2`;

export const rangesSql = (features: TypeFeatures) => `
SELECT n.nspname AS schema, t.typname AS name, pg_catalog.format_type(r.rngsubtype, NULL) AS subtype,
       CASE WHEN NOT o.opcdefault THEN pg_catalog.quote_ident(on_.nspname) || '.' || pg_catalog.quote_ident(o.opcname) END AS subtype_opclass,
       CASE WHEN r.rngcollation <> 0 AND r.rngcollation <> st.typcollation THEN ${qualifiedCollation('r.rngcollation')} END AS collation,
       CASE WHEN r.rngcanonical <> 0 THEN r.rngcanonical::regproc::text END AS canonical,
       CASE WHEN r.rngsubdiff <> 0 THEN r.rngsubdiff::regproc::text END AS subtype_diff,
       ${features.multiranges ? `(SELECT pg_catalog.quote_ident(mn.nspname) || '.' || pg_catalog.quote_ident(m.typname) FROM pg_catalog.pg_type m JOIN pg_catalog.pg_namespace mn ON mn.oid = m.typnamespace WHERE m.oid = r.rngmultitypid)` : 'NULL::text'} AS multirange,
       pg_catalog.obj_description(t.oid, 'pg_type') AS comment
  FROM pg_catalog.pg_range r
  JOIN pg_catalog.pg_type t ON t.oid = r.rngtypid
  JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
  JOIN pg_catalog.pg_type st ON st.oid = r.rngsubtype
  JOIN pg_catalog.pg_opclass o ON o.oid = r.rngsubopc
  JOIN pg_catalog.pg_namespace on_ ON on_.oid = o.opcnamespace
 WHERE n.nspname = ANY($1) AND ${notExtensionMember('pg_catalog.pg_type', 't.oid')}
 ORDER BY 1, 2`;

export const collationsSql = (features: TypeFeatures) => `
SELECT n.nspname AS schema, c.collname AS name, c.collprovider::text AS provider, c.collisdeterministic AS deterministic,
       c.collcollate::text AS lc_collate, c.collctype::text AS lc_ctype, c.${features.icuLocaleColumn}::text AS locale,
       ${features.icuRules ? 'c.collicurules' : 'NULL::text'} AS rules,
       pg_catalog.obj_description(c.oid, 'pg_collation') AS comment
  FROM pg_catalog.pg_collation c JOIN pg_catalog.pg_namespace n ON n.oid = c.collnamespace
 WHERE n.nspname = ANY($1) AND ${notExtensionMember('pg_catalog.pg_collation', 'c.oid')}
 ORDER BY 1, 2`;
