/**
 * The catalog side of the fail-closed audit (see audit.ts): one query that lists every user object
 * and every non-default per-object property in the selected schemas (`$1`, as in queries.ts), plus
 * the database-wide objects no schema holds. It runs inside introspection's snapshot, so the audit
 * sees exactly the catalog the model was read from.
 *
 * Each row has a `type` (stable, listed in {@link AUDIT_TYPES}), the object's address (classid,
 * objid, objsubid) for pg_identify_object to name it if it turns out unsupported, a `path` of raw
 * names the model side rebuilds to say "I hold this" (audit-model.ts), a `scope`: 's' for objects of
 * the selected schemas, 'd' for database-wide ones, and the non-default value of a property.
 */
import type { CatalogFeatures } from './queries.js';

/** AUDIT_TYPES are the `type` strings the audit reports, one per catalog or property it checks. */
export const AUDIT_TYPES = [
  'schema',
  'extension',
  'table',
  'view',
  'materialized view',
  'sequence',
  'index',
  'composite type',
  'foreign table',
  'enum',
  'domain',
  'range type',
  'multirange type',
  'base type',
  'shell type',
  'function',
  'procedure',
  'aggregate',
  'window function',
  'table constraint',
  'domain constraint',
  'trigger',
  'policy',
  'rule',
  'inheritance',
  'collation',
  'text search configuration',
  'text search dictionary',
  'text search parser',
  'text search template',
  'statistics object',
  'publication',
  'publication relation',
  'publication namespace',
  'event trigger',
  'cast',
  'operator',
  'operator class',
  'operator family',
  'conversion',
  'transform',
  'language',
  'access method',
  'foreign-data wrapper',
  'server',
  'user mapping',
  'privileges',
  'default privileges',
  'storage parameters',
  'replica identity',
  'table access method',
  'tablespace',
  'cluster',
  'column storage',
  'column compression',
  'column statistics',
  'column options',
  'trigger state',
] as const;

/** AuditType is one of {@link AUDIT_TYPES}. */
export type AuditType = (typeof AUDIT_TYPES)[number];

// FirstNormalObjectId: oids below it were made by initdb (built-in casts, languages, …).
const FIRST_USER_OID = 16384;

/** Objects that belong to an extension are the extension's business, not the user's schema. */
const notMember = (catalog: string, oid: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend xm WHERE xm.classid = 'pg_catalog.${catalog}'::regclass AND xm.objid = ${oid} AND xm.deptype = 'e')`;

/** Objects PostgreSQL made as an internal part of another (array types, multiranges, range constructors). */
const notInternal = (catalog: string, oid: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend xi WHERE xi.classid = 'pg_catalog.${catalog}'::regclass AND xi.objid = ${oid} AND xi.deptype = 'i')`;

/**
 * An ACL differs from what the object had when created: the initial privileges initdb recorded
 * (pg_init_privs, e.g. `public`'s USAGE for PUBLIC) or else the built-in default for the owner.
 * Compared as sorted text, so the order GRANTs arrived in does not matter.
 */
const aclChanged = (acl: string, kind: string, owner: string, catalog: string, oid: string) =>
  `(${acl} IS NOT NULL AND ARRAY(SELECT x::text FROM pg_catalog.unnest(${acl}) x ORDER BY 1) <> ARRAY(SELECT x::text FROM pg_catalog.unnest(COALESCE(
     (SELECT ip.initprivs FROM pg_catalog.pg_init_privs ip WHERE ip.classoid = 'pg_catalog.${catalog}'::regclass AND ip.objoid = ${oid} AND ip.objsubid = 0),
     pg_catalog.acldefault(${kind}, ${owner}))) x ORDER BY 1))`;

const cls = (catalog: string) => `'pg_catalog.${catalog}'::regclass`;

/** auditSql is the audit query for a server with `features`. */
export function auditSql(features: CatalogFeatures): string {
  const parts: string[] = [
    // Schemas and the extensions installed in them.
    `SELECT 'schema', ${cls('pg_namespace')}, ns.oid, 0, ARRAY[ns.nspname], 's', NULL FROM ns`,
    `SELECT 'extension', ${cls('pg_extension')}, x.oid, 0, ARRAY[x.extname::text], 's', NULL
       FROM pg_catalog.pg_extension x JOIN ns ON ns.oid = x.extnamespace WHERE x.extname <> 'plpgsql'`,
    // Relations. Left out as implicit parts of another object: toast tables, an identity column's
    // sequence (part of the column), indexes that back a constraint or are a partition's copy of
    // its parent's index.
    `SELECT CASE r.relkind WHEN 'r' THEN 'table' WHEN 'p' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view'
                WHEN 'S' THEN 'sequence' WHEN 'c' THEN 'composite type' WHEN 'f' THEN 'foreign table' ELSE 'relation' END,
            ${cls('pg_class')}, r.oid, 0, ARRAY[r.nspname, r.relname::text], 's', NULL
       FROM rel r
      WHERE r.relkind NOT IN ('i', 'I', 't')
        AND NOT (r.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = ${cls('pg_class')} AND d.objid = r.oid
                                                AND d.refclassid = ${cls('pg_class')} AND d.deptype = 'i'))`,
    `SELECT 'index', ${cls('pg_class')}, ic.oid, 0, ARRAY[ic.nspname, ic.relname::text], 's', NULL
       FROM pg_catalog.pg_index i JOIN rel ic ON ic.oid = i.indexrelid JOIN rel t ON t.oid = i.indrelid
      WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u', 'x'))
        AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_inherits h WHERE h.inhrelid = i.indexrelid)`,
    // Types: relation row types are their relation's; array and multirange types are internal
    // parts of their element or range type.
    `SELECT CASE t.typtype WHEN 'e' THEN 'enum' WHEN 'd' THEN 'domain' WHEN 'r' THEN 'range type' WHEN 'm' THEN 'multirange type'
                WHEN 'b' THEN 'base type' ELSE 'shell type' END,
            ${cls('pg_type')}, t.oid, 0, ARRAY[ns.nspname, t.typname::text], 's', NULL
       FROM pg_catalog.pg_type t JOIN ns ON ns.oid = t.typnamespace
      WHERE t.typrelid = 0 AND ${notMember('pg_type', 't.oid')} AND ${notInternal('pg_type', 't.oid')}`,
    // Functions of every kind; a range type's constructors are internal parts of it.
    `SELECT CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' WHEN 'w' THEN 'window function' ELSE 'function' END,
            ${cls('pg_proc')}, p.oid, 0, ARRAY[ns.nspname, p.proname::text, pg_catalog.pg_get_function_identity_arguments(p.oid)], 's', NULL
       FROM pg_catalog.pg_proc p JOIN ns ON ns.oid = p.pronamespace
      WHERE ${notMember('pg_proc', 'p.oid')} AND ${notInternal('pg_proc', 'p.oid')}`,
    // Constraints a child gets from its parent (partitions, INHERITS) come with the parent's;
    // a constraint trigger's constraint row is the trigger's. NOT NULL constraints (PostgreSQL
    // 18 keeps them here) are held by their column, so their path names the column.
    `SELECT 'table constraint', ${cls('pg_constraint')}, c.oid, 0,
            CASE WHEN c.contype = 'n' THEN ARRAY[r.nspname, r.relname::text, 'NOT NULL', (SELECT a.attname::text FROM pg_catalog.pg_attribute a WHERE a.attrelid = r.oid AND a.attnum = c.conkey[1])]
                 ELSE ARRAY[r.nspname, r.relname::text, c.conname::text] END, 's', NULL
       FROM pg_catalog.pg_constraint c JOIN rel r ON r.oid = c.conrelid
      WHERE c.contype <> 't' AND c.conparentid = 0 AND c.conislocal`,
    `SELECT 'domain constraint', ${cls('pg_constraint')}, c.oid, 0,
            CASE WHEN c.contype = 'n' THEN ARRAY[ns.nspname, t.typname::text, 'NOT NULL', ''] ELSE ARRAY[ns.nspname, t.typname::text, c.conname::text] END, 's', NULL
       FROM pg_catalog.pg_constraint c JOIN pg_catalog.pg_type t ON t.oid = c.contypid JOIN ns ON ns.oid = t.typnamespace
      WHERE ${notMember('pg_type', 't.oid')}`,
    `SELECT 'trigger', ${cls('pg_trigger')}, tg.oid, 0, ARRAY[r.nspname, r.relname::text, tg.tgname::text], 's', NULL
       FROM pg_catalog.pg_trigger tg JOIN rel r ON r.oid = tg.tgrelid
      WHERE NOT tg.tgisinternal AND tg.tgparentid = 0`,
    // Internal (foreign key) triggers too: DISABLE TRIGGER ALL switches them off.
    `SELECT 'trigger state', ${cls('pg_trigger')}, tg.oid, 0, ARRAY[r.nspname, r.relname::text, tg.tgname::text], 's',
            CASE tg.tgenabled WHEN 'D' THEN 'disabled' WHEN 'R' THEN 'enabled replica' WHEN 'A' THEN 'enabled always' END
       FROM pg_catalog.pg_trigger tg JOIN rel r ON r.oid = tg.tgrelid
      WHERE tg.tgenabled <> 'O' AND tg.tgparentid = 0`,
    `SELECT 'policy', ${cls('pg_policy')}, p.oid, 0, ARRAY[r.nspname, r.relname::text, p.polname::text], 's', NULL
       FROM pg_catalog.pg_policy p JOIN rel r ON r.oid = p.polrelid`,
    // A view's own _RETURN rule is the view.
    `SELECT 'rule', ${cls('pg_rewrite')}, w.oid, 0, ARRAY[r.nspname, r.relname::text, w.rulename::text], 's', NULL
       FROM pg_catalog.pg_rewrite w JOIN rel r ON r.oid = w.ev_class
      WHERE NOT (w.rulename = '_RETURN' AND r.relkind IN ('v', 'm'))`,
    `SELECT 'inheritance', ${cls('pg_class')}, r.oid, 0, ARRAY[r.nspname, r.relname::text, pn.nspname::text, p.relname::text], 's',
            'inherits ' || p.oid::regclass::text
       FROM pg_catalog.pg_inherits h JOIN rel r ON r.oid = h.inhrelid
       JOIN pg_catalog.pg_class p ON p.oid = h.inhparent JOIN pg_catalog.pg_namespace pn ON pn.oid = p.relnamespace
      WHERE NOT r.relispartition AND r.relkind IN ('r', 'p', 'f')`,
    ...schemaObjects([
      ['collation', 'pg_collation', 'collname', 'collnamespace'],
      ['text search configuration', 'pg_ts_config', 'cfgname', 'cfgnamespace'],
      ['text search dictionary', 'pg_ts_dict', 'dictname', 'dictnamespace'],
      ['text search parser', 'pg_ts_parser', 'prsname', 'prsnamespace'],
      ['text search template', 'pg_ts_template', 'tmplname', 'tmplnamespace'],
      ['statistics object', 'pg_statistic_ext', 'stxname', 'stxnamespace'],
      ['operator', 'pg_operator', 'oprname', 'oprnamespace'],
      ['operator class', 'pg_opclass', 'opcname', 'opcnamespace'],
      ['operator family', 'pg_opfamily', 'opfname', 'opfnamespace'],
      ['conversion', 'pg_conversion', 'conname', 'connamespace'],
    ]),
    // Publications and event triggers belong to the database, not to a schema.
    `SELECT 'publication', ${cls('pg_publication')}, p.oid, 0, ARRAY[p.pubname::text], 'd', NULL
       FROM pg_catalog.pg_publication p WHERE ${notMember('pg_publication', 'p.oid')}`,
    `SELECT 'publication relation', ${cls('pg_publication_rel')}, pr.oid, 0, ARRAY[r.nspname, r.relname::text, pb.pubname::text], 's', NULL
       FROM pg_catalog.pg_publication_rel pr JOIN rel r ON r.oid = pr.prrelid JOIN pg_catalog.pg_publication pb ON pb.oid = pr.prpubid`,
    ...(features.publicationNamespaces
      ? [
          `SELECT 'publication namespace', ${cls('pg_publication_namespace')}, pn.oid, 0, ARRAY[ns.nspname, pb.pubname::text], 's', NULL
             FROM pg_catalog.pg_publication_namespace pn JOIN ns ON ns.oid = pn.pnnspid JOIN pg_catalog.pg_publication pb ON pb.oid = pn.pnpubid`,
        ]
      : []),
    `SELECT 'event trigger', ${cls('pg_event_trigger')}, e.oid, 0, ARRAY[e.evtname::text], 'd', NULL
       FROM pg_catalog.pg_event_trigger e WHERE ${notMember('pg_event_trigger', 'e.oid')}`,
    // A user cast or transform is the selected schemas' when it touches one of their types or functions.
    `SELECT 'cast', ${cls('pg_cast')}, c.oid, 0, ARRAY[c.castsource::text, c.casttarget::text], ${touches(['c.castsource', 'c.casttarget'], 'c.castfunc')}, NULL
       FROM pg_catalog.pg_cast c WHERE c.oid >= ${FIRST_USER_OID} AND ${notMember('pg_cast', 'c.oid')} AND ${notInternal('pg_cast', 'c.oid')}`,
    `SELECT 'transform', ${cls('pg_transform')}, tr.oid, 0, ARRAY[tr.trftype::text, tr.trflang::text], ${touches(['tr.trftype'], 'tr.trffromsql')}, NULL
       FROM pg_catalog.pg_transform tr WHERE ${notMember('pg_transform', 'tr.oid')}`,
    `SELECT 'language', ${cls('pg_language')}, l.oid, 0, ARRAY[l.lanname::text], 'd', NULL
       FROM pg_catalog.pg_language l WHERE l.oid >= ${FIRST_USER_OID} AND ${notMember('pg_language', 'l.oid')}`,
    `SELECT 'access method', ${cls('pg_am')}, a.oid, 0, ARRAY[a.amname::text], 'd', NULL
       FROM pg_catalog.pg_am a WHERE a.oid >= ${FIRST_USER_OID} AND ${notMember('pg_am', 'a.oid')}`,
    `SELECT 'foreign-data wrapper', ${cls('pg_foreign_data_wrapper')}, w.oid, 0, ARRAY[w.fdwname::text], 'd', NULL
       FROM pg_catalog.pg_foreign_data_wrapper w WHERE ${notMember('pg_foreign_data_wrapper', 'w.oid')}`,
    `SELECT 'server', ${cls('pg_foreign_server')}, s.oid, 0, ARRAY[s.srvname::text], 'd', NULL
       FROM pg_catalog.pg_foreign_server s WHERE ${notMember('pg_foreign_server', 's.oid')}`,
    `SELECT 'user mapping', ${cls('pg_user_mapping')}, u.oid, 0, ARRAY[u.umuser::text, u.umserver::text], 'd', NULL
       FROM pg_catalog.pg_user_mapping u WHERE ${notMember('pg_foreign_server', 'u.umserver')}`,
    ...privileges(),
    ...properties(features),
  ];
  return `
WITH ns AS (SELECT n.oid, n.nspname::text AS nspname FROM pg_catalog.pg_namespace n WHERE n.nspname = ANY($1)),
rel AS (
  SELECT c.oid, c.relkind, c.relname, ns.nspname, c.relacl, c.relowner, c.reloptions, c.reltoastrelid, c.relreplident,
         c.reltablespace, c.relam, c.relispartition
    FROM pg_catalog.pg_class c JOIN ns ON ns.oid = c.relnamespace
   WHERE ${notMember('pg_class', 'c.oid')}
)
SELECT o.type, o.classid::oid::int8::text AS classid, o.objid::oid::int8::text AS objid, o.objsubid, pg_catalog.to_json(o.path) AS path, o.scope, o.detail
  FROM (
${parts.join('\n    UNION ALL\n')}
  ) o(type, classid, objid, objsubid, path, scope, detail)`;
}

/**
 * IDENTIFY_SQL names the objects the model did not hold (`$1`: a JSON array of audit rows) by
 * PostgreSQL's own pg_identify_object, in a stable order. Only the leftovers are named, since
 * naming every object of a large schema costs as much as listing them.
 */
export const IDENTIFY_SQL = `
SELECT u.type, CASE WHEN u.type = 'privileges' THEN 'on ' || io.type || ' ' ELSE '' END || io.identity || COALESCE(' (' || u.detail || ')', '') AS identity
  FROM pg_catalog.json_to_recordset($1::json) AS u(type text, classid oid, objid oid, objsubid int, detail text)
 CROSS JOIN LATERAL pg_catalog.pg_identify_object(u.classid, u.objid, u.objsubid) io
 ORDER BY 1, 2`;

/** Objects that live in a schema, have a name and nothing else the audit needs. */
function schemaObjects(list: readonly (readonly [AuditType, string, string, string])[]): string[] {
  return list.map(
    ([type, catalog, name, namespace]) =>
      `SELECT '${type}', ${cls(catalog)}, x.oid, 0, ARRAY[ns.nspname, x.${name}::text], 's', NULL
         FROM pg_catalog.${catalog} x JOIN ns ON ns.oid = x.${namespace} WHERE ${notMember(catalog, 'x.oid')}`,
  );
}

/** 's' when one of the types or the function lives in a selected schema, else 'd'. */
function touches(types: readonly string[], func: string): string {
  const typeIn = types.map((t) => `EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN ns ON ns.oid = t.typnamespace WHERE t.oid = ${t})`);
  const funcIn = `EXISTS (SELECT 1 FROM pg_catalog.pg_proc p JOIN ns ON ns.oid = p.pronamespace WHERE p.oid = ${func})`;
  return `CASE WHEN ${[...typeIn, funcIn].join(' OR ')} THEN 's' ELSE 'd' END`;
}

/** GRANTs and REVOKEs that changed an object's privileges, and ALTER DEFAULT PRIVILEGES. */
function privileges(): string[] {
  return [
    `SELECT 'privileges', ${cls('pg_namespace')}, n.oid, 0, ARRAY['schema', ns.nspname], 's', NULL
       FROM pg_catalog.pg_namespace n JOIN ns ON ns.oid = n.oid
      WHERE ${aclChanged('n.nspacl', `'n'`, 'n.nspowner', 'pg_namespace', 'n.oid')}`,
    `SELECT 'privileges', ${cls('pg_class')}, r.oid, 0, ARRAY[CASE WHEN r.relkind = 'S' THEN 'sequence' ELSE 'table' END, r.nspname, r.relname::text], 's', NULL
       FROM rel r
      WHERE r.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
        AND ${aclChanged('r.relacl', `(CASE WHEN r.relkind = 'S' THEN 's' ELSE 'r' END)::"char"`, 'r.relowner', 'pg_class', 'r.oid')}`,
    `SELECT 'privileges', ${cls('pg_proc')}, p.oid, 0, ARRAY['function', ns.nspname, p.proname::text, pg_catalog.pg_get_function_identity_arguments(p.oid)], 's', NULL
       FROM pg_catalog.pg_proc p JOIN ns ON ns.oid = p.pronamespace
      WHERE ${aclChanged('p.proacl', `'f'`, 'p.proowner', 'pg_proc', 'p.oid')} AND ${notMember('pg_proc', 'p.oid')}`,
    `SELECT 'privileges', ${cls('pg_type')}, t.oid, 0, ARRAY['type', ns.nspname, t.typname::text], 's', NULL
       FROM pg_catalog.pg_type t JOIN ns ON ns.oid = t.typnamespace
      WHERE ${aclChanged('t.typacl', `'T'`, 't.typowner', 'pg_type', 't.oid')} AND ${notMember('pg_type', 't.oid')} AND ${notInternal('pg_type', 't.oid')}`,
    `SELECT 'default privileges', ${cls('pg_default_acl')}, d.oid, 0, ARRAY[pg_catalog.pg_get_userbyid(d.defaclrole)::text, COALESCE(dn.nspname::text, ''), d.defaclobjtype::text],
            CASE WHEN d.defaclnamespace = 0 THEN 'd' ELSE 's' END, NULL
       FROM pg_catalog.pg_default_acl d LEFT JOIN pg_catalog.pg_namespace dn ON dn.oid = d.defaclnamespace
      WHERE d.defaclnamespace = 0 OR d.defaclnamespace IN (SELECT oid FROM ns)`,
  ];
}

/** Non-default settings of tables and columns that the model does not hold. */
function properties(features: CatalogFeatures): string[] {
  return [
    `SELECT 'storage parameters', ${cls('pg_class')}, r.oid, 0, ARRAY[r.nspname, r.relname::text], 's',
            pg_catalog.array_to_string(COALESCE(r.reloptions, '{}') || COALESCE(ARRAY(SELECT 'toast.' || o FROM pg_catalog.unnest(tc.reloptions) o), '{}'), ', ')
       FROM rel r LEFT JOIN pg_catalog.pg_class tc ON tc.oid = r.reltoastrelid
      WHERE r.relkind IN ('r', 'p') AND (r.reloptions IS NOT NULL OR tc.reloptions IS NOT NULL)`,
    `SELECT 'replica identity', ${cls('pg_class')}, r.oid, 0, ARRAY[r.nspname, r.relname::text], 's',
            CASE r.relreplident WHEN 'f' THEN 'full' WHEN 'n' THEN 'nothing'
                 ELSE 'using index ' || (SELECT pg_catalog.quote_ident(ic.relname) FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
                                          WHERE i.indrelid = r.oid AND i.indisreplident) END
       FROM rel r WHERE r.relkind IN ('r', 'p') AND r.relreplident <> 'd'`,
    `SELECT 'table access method', ${cls('pg_class')}, r.oid, 0, ARRAY[r.nspname, r.relname::text], 's', am.amname::text
       FROM rel r JOIN pg_catalog.pg_am am ON am.oid = r.relam
      WHERE r.relkind IN ('r', 'p', 'm') AND am.amname <> 'heap'`,
    `SELECT 'tablespace', ${cls('pg_class')}, r.oid, 0, ARRAY[r.nspname, r.relname::text], 's', sp.spcname::text
       FROM rel r JOIN pg_catalog.pg_tablespace sp ON sp.oid = r.reltablespace`,
    `SELECT 'cluster', ${cls('pg_class')}, r.oid, 0, ARRAY[r.nspname, r.relname::text], 's', NULL
       FROM pg_catalog.pg_index i JOIN rel r ON r.oid = i.indexrelid WHERE i.indisclustered`,
    columns(features),
  ];
}

/**
 * Column privileges and non-default column settings, in one pass over pg_attribute (the largest
 * catalog an audit reads): each column yields a row per setting that is not the default.
 */
function columns(features: CatalogFeatures): string {
  const table = "r.relkind IN ('r', 'p', 'm')";
  // Only the options PostgreSQL defines: some builds keep private bookkeeping in attoptions.
  const nDistinct = `pg_catalog.array_to_string(ARRAY(SELECT o FROM pg_catalog.unnest(a.attoptions) o WHERE o LIKE 'n\\_distinct%'), ', ')`;
  const settings: [AuditType, string][] = [
    ['privileges', `CASE WHEN pg_catalog.cardinality(a.attacl) > 0 THEN '' END`],
    [
      'column storage',
      `CASE WHEN ${table} AND a.attstorage <> t.typstorage
            THEN CASE a.attstorage WHEN 'p' THEN 'plain' WHEN 'e' THEN 'external' WHEN 'm' THEN 'main' ELSE 'extended' END END`,
    ],
    ...(features.columnCompression
      ? [['column compression', `CASE WHEN ${table} AND a.attcompression <> '' THEN CASE a.attcompression WHEN 'p' THEN 'pglz' WHEN 'l' THEN 'lz4' ELSE a.attcompression::text END END`] as [AuditType, string]]
      : []),
    ['column statistics', `CASE WHEN COALESCE(a.attstattarget::int, -1) >= 0 THEN a.attstattarget::text END`],
    ['column options', `CASE WHEN ${table} AND a.attoptions IS NOT NULL THEN NULLIF(${nDistinct}, '') END`],
  ];
  return `SELECT s.type, ${cls('pg_class')}, r.oid, a.attnum::int,
            CASE WHEN s.type = 'privileges' THEN ARRAY['column', r.nspname, r.relname::text, a.attname::text] ELSE ARRAY[r.nspname, r.relname::text, a.attname::text] END,
            's', NULLIF(s.detail, '')
       FROM pg_catalog.pg_attribute a JOIN rel r ON r.oid = a.attrelid JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
      CROSS JOIN LATERAL (VALUES ${settings.map(([type, detail]) => `('${type}', ${detail.replace(/\n\s*/g, ' ')})`).join(', ')}) s(type, detail)
      WHERE r.relkind IN ('r', 'p', 'm', 'f', 'v', 'i', 'I') AND a.attnum > 0 AND NOT a.attisdropped AND s.detail IS NOT NULL`;
}
