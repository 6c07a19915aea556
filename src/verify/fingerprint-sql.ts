/**
 * The catalog queries of a schema fingerprint (see fingerprint.ts). They are deliberately not the
 * introspection queries: a fingerprint must see what PostgreSQL itself says of each object —
 * pg_get_*def text, ACLs, reloptions — so that a blind spot of Tidemark's model cannot hide a
 * difference. Each query returns `identity` (what the object is called) and `facts` (a JSON object
 * of what it is) and `owner`, the planner identity of the object it is loaded and compared with
 * (`relation:public.users` for a column of users; `constraint:public.users.users_pkey` for the
 * index behind that key; null for what no one object owns), which closure verification splits
 * a fingerprint by; `$1` is the array of selected schemas, `$2` whether owners count. They run with
 * `search_path = ''`, so every deparsed name is qualified.
 */

/** FingerprintFeatures are the version-dependent catalog columns the queries read. */
export interface FingerprintFeatures {
  /** pg_publication_namespace and pg_publication_rel.prqual (PostgreSQL 15+). */
  readonly publicationFilters: boolean;
  /** pg_attribute.attcompression (PostgreSQL 14+). */
  readonly compression: boolean;
}

export function fingerprintFeatures(serverVersionNum: number): FingerprintFeatures {
  return { publicationFilters: serverVersionNum >= 150000, compression: serverVersionNum >= 140000 };
}

const notExtensionMember = (classTable: string, oid: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend ext WHERE ext.classid = '${classTable}'::regclass AND ext.objid = ${oid} AND ext.deptype = 'e')`;

const role = (oid: string) => `CASE WHEN ${oid} = 0 THEN 'public' ELSE pg_catalog.pg_get_userbyid(${oid})::text END`;

/**
 * An ACL as a list of `grantee=privilege[*][/grantor]`, with a NULL ACL spelled out as its
 * default, so that `GRANT` followed by `REVOKE` equals never granting. Without owners, the owner is
 * `$owner` wherever it appears: shadows and live databases have different owners, and an owner's
 * implicit grants say nothing about the schema. `kind` is acldefault's object type, as SQL; null for
 * a column, whose ACL has no default. Sorted by the caller (canonicalFacts).
 */
const acl = (column: string, kind: string | null, owner: string) => `
  ARRAY(SELECT CASE WHEN NOT $2 AND x.grantee = ${owner} THEN '$owner' ELSE ${role('x.grantee')} END || '=' || x.privilege_type
               || CASE WHEN x.is_grantable THEN '*' ELSE '' END
               || CASE WHEN x.grantor = ${owner} THEN '' ELSE '/' || ${role('x.grantor')} END
          FROM pg_catalog.aclexplode(${kind === null ? column : `COALESCE(${column}, pg_catalog.acldefault(${kind}, ${owner}))`}) x)`;

const owner = (oid: string) => `CASE WHEN $2 THEN pg_catalog.pg_get_userbyid(${oid})::text END`;

const SCHEMAS = `
SELECT pg_catalog.quote_ident(n.nspname) AS identity, 'schema:' || n.nspname AS owner,
       json_build_object('acl', ${acl('n.nspacl', `'n'`, 'n.nspowner')}, 'owner', ${owner('n.nspowner')},
                         'comment', pg_catalog.obj_description(n.oid, 'pg_namespace')) AS facts
  FROM pg_catalog.pg_namespace n WHERE n.nspname = ANY($1)`;

const EXTENSIONS = `
SELECT pg_catalog.quote_ident(e.extname) AS identity, 'extension:' || e.extname AS owner, json_build_object('schema', n.nspname) AS facts
  FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
 WHERE e.extname <> 'plpgsql'`;

/** Relations: tables, partitioned and foreign tables, views, materialized views, sequences, composite types. */
const RELATIONS = `
SELECT pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname) AS identity,
       -- An identity column's sequence is part of its table, as the model has it.
       COALESCE((SELECT 'relation:' || tn.nspname || '.' || t.relname
                   FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_class t ON t.oid = d.refobjid JOIN pg_catalog.pg_namespace tn ON tn.oid = t.relnamespace
                  WHERE c.relkind = 'S' AND d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid
                    AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.deptype = 'i'),
                CASE c.relkind WHEN 'S' THEN 'sequence:' WHEN 'c' THEN 'type:' ELSE 'relation:' END || n.nspname || '.' || c.relname) AS owner,
       json_build_object(
         'kind', c.relkind, 'persistence', c.relpersistence, 'options', COALESCE(c.reloptions, '{}'),
         'toast options', COALESCE((SELECT tc.reloptions FROM pg_catalog.pg_class tc WHERE tc.oid = c.reltoastrelid), '{}'),
         'access method', (SELECT am.amname FROM pg_catalog.pg_am am WHERE am.oid = c.relam AND c.relkind IN ('r', 'm')),
         'partition key', CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END,
         'partition bound', CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid) END,
         'inherits', ARRAY(SELECT h.inhparent::pg_catalog.regclass::text FROM pg_catalog.pg_inherits h WHERE h.inhrelid = c.oid ORDER BY h.inhseqno),
         'row security', c.relrowsecurity, 'force row security', c.relforcerowsecurity, 'replica identity', c.relreplident,
         'definition', CASE WHEN c.relkind IN ('v', 'm') THEN pg_catalog.pg_get_viewdef(c.oid) END,
         'populated', CASE WHEN c.relkind = 'm' THEN c.relispopulated END,
         'foreign table', (SELECT json_build_object('server', fs.srvname, 'options', COALESCE(ft.ftoptions, '{}'))
                             FROM pg_catalog.pg_foreign_table ft JOIN pg_catalog.pg_foreign_server fs ON fs.oid = ft.ftserver WHERE ft.ftrelid = c.oid),
         'sequence', (SELECT json_build_object('type', pg_catalog.format_type(s.seqtypid, NULL), 'start', s.seqstart::text,
                                               'increment', s.seqincrement::text, 'min', s.seqmin::text, 'max', s.seqmax::text,
                                               'cache', s.seqcache::text, 'cycle', s.seqcycle)
                        FROM pg_catalog.pg_sequence s WHERE s.seqrelid = c.oid),
         'owned by', (SELECT d.refobjid::pg_catalog.regclass::text || '.' || pg_catalog.quote_ident(a.attname) || ' (' || d.deptype::text || ')'
                        FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                       WHERE c.relkind = 'S' AND d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid
                         AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.deptype IN ('a', 'i')),
         'acl', ${acl('c.relacl', `CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::"char"`, 'c.relowner')},
         'owner', ${owner('c.relowner')}, 'comment', pg_catalog.obj_description(c.oid, 'pg_class')) AS facts
  FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm', 'S', 'c') AND n.nspname = ANY($1) AND ${notExtensionMember('pg_catalog.pg_class', 'c.oid')}`;

/** Columns by name: position is not part of a schema Tidemark promises (a plan adds columns at the end). */
const columns = (features: FingerprintFeatures) => `
SELECT c.oid::pg_catalog.regclass::text || '.' || pg_catalog.quote_ident(a.attname) AS identity,
       CASE WHEN c.relkind = 'c' THEN 'type:' ELSE 'relation:' END || n.nspname || '.' || c.relname AS owner,
       json_build_object(
         'type', pg_catalog.format_type(a.atttypid, a.atttypmod), 'not null', a.attnotnull,
         'default', CASE WHEN a.attgenerated = '' THEN pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) END,
         'generated', CASE WHEN a.attgenerated <> '' THEN a.attgenerated::text || ' ' || pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) END,
         'identity', NULLIF(a.attidentity, ''),
         'collation', CASE WHEN a.attcollation <> t.typcollation THEN a.attcollation::pg_catalog.regcollation::text END,
         'storage', CASE WHEN a.attstorage <> t.typstorage THEN a.attstorage END,
         'compression', ${features.compression ? "NULLIF(a.attcompression, '')" : 'NULL'},
         'statistics', CASE WHEN a.attstattarget >= 0 THEN a.attstattarget END,
         -- Only the options PostgreSQL defines (as the audit reads them): some builds keep private
         -- bookkeeping in attoptions that differs between two creations of the same column.
         'options', ARRAY(SELECT o FROM pg_catalog.unnest(a.attoptions) o WHERE o LIKE 'n\\_distinct%'), 'fdw options', COALESCE(a.attfdwoptions, '{}'),
         'local', a.attislocal, 'inherited', a.attinhcount,
         'acl', ${acl('a.attacl', null, 'c.relowner')},
         'comment', pg_catalog.col_description(c.oid, a.attnum)) AS facts
  FROM pg_catalog.pg_attribute a
  JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
  LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
 WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'f', 'v', 'm', 'c') AND n.nspname = ANY($1)
   AND ${notExtensionMember('pg_catalog.pg_class', 'c.oid')}`;

/**
 * Constraints of tables and domains. NOT NULL is the column's `not null` (PostgreSQL 18 also keeps
 * it here, under a generated name); a partition's copy of a parent's foreign key is the parent's.
 */
const CONSTRAINTS = `
SELECT COALESCE(k.conrelid::pg_catalog.regclass::text, k.contypid::pg_catalog.regtype::text) || '.' || pg_catalog.quote_ident(k.conname) AS identity,
       CASE WHEN k.conrelid <> 0 THEN 'constraint:' || n.nspname || '.' || c.relname || '.' || k.conname ELSE 'type:' || n.nspname || '.' || t.typname END AS owner,
       json_build_object('definition', pg_catalog.pg_get_constraintdef(k.oid), 'local', k.conislocal, 'inherited', k.coninhcount,
                         'deferrable', k.condeferrable, 'deferred', k.condeferred,
                         'comment', pg_catalog.obj_description(k.oid, 'pg_constraint')) AS facts
  FROM pg_catalog.pg_constraint k
  LEFT JOIN pg_catalog.pg_class c ON c.oid = k.conrelid
  LEFT JOIN pg_catalog.pg_type t ON t.oid = k.contypid
  JOIN pg_catalog.pg_namespace n ON n.oid = COALESCE(c.relnamespace, t.typnamespace)
 WHERE k.contype <> 'n' AND k.conparentid = 0 AND n.nspname = ANY($1)
   AND ${notExtensionMember('pg_catalog.pg_class', 'c.oid')} AND ${notExtensionMember('pg_catalog.pg_type', 't.oid')}`;

/** Indexes, validity and attachment included: a partitioned index that is not attached everywhere is invalid. */
const INDEXES = `
SELECT pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(ic.relname) AS identity,
       COALESCE((SELECT 'constraint:' || kn.nspname || '.' || kc.relname || '.' || k.conname
                   FROM pg_catalog.pg_constraint k JOIN pg_catalog.pg_class kc ON kc.oid = k.conrelid JOIN pg_catalog.pg_namespace kn ON kn.oid = kc.relnamespace
                  WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid AND k.contype IN ('p', 'u', 'x')),
                'index:' || n.nspname || '.' || ic.relname) AS owner,
       json_build_object('definition', pg_catalog.pg_get_indexdef(i.indexrelid), 'valid', i.indisvalid, 'clustered', i.indisclustered,
                         'replica identity', i.indisreplident,
                         'attached to', (SELECT h.inhparent::pg_catalog.regclass::text FROM pg_catalog.pg_inherits h WHERE h.inhrelid = i.indexrelid),
                         'statistics', ARRAY(SELECT a.attnum || '=' || a.attstattarget FROM pg_catalog.pg_attribute a
                                              WHERE a.attrelid = i.indexrelid AND a.attstattarget > 0),
                         'comment', pg_catalog.obj_description(i.indexrelid, 'pg_class')) AS facts
  FROM pg_catalog.pg_index i
  JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = ic.relnamespace
 WHERE n.nspname = ANY($1) AND ${notExtensionMember('pg_catalog.pg_class', 'i.indrelid')}`;

/** Functions and procedures by pg_get_functiondef; aggregates by their pg_aggregate row, deparsed. */
const FUNCTIONS = `
SELECT pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(p.proname) || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')' AS identity,
       'function:' || n.nspname || '.' || p.proname || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')' AS owner,
       json_build_object(
         'definition', CASE WHEN p.prokind <> 'a' THEN pg_catalog.pg_get_functiondef(p.oid) END,
         'aggregate', (SELECT json_build_object('arguments', pg_catalog.pg_get_function_arguments(p.oid), 'kind', g.aggkind,
                                                'transition', g.aggtransfn::pg_catalog.regproc::text, 'state', pg_catalog.format_type(g.aggtranstype, NULL),
                                                'final', g.aggfinalfn::pg_catalog.regproc::text, 'final extra', g.aggfinalextra, 'final modify', g.aggfinalmodify,
                                                'combine', g.aggcombinefn::pg_catalog.regproc::text, 'serial', g.aggserialfn::pg_catalog.regproc::text,
                                                'deserial', g.aggdeserialfn::pg_catalog.regproc::text, 'moving', g.aggmtransfn::pg_catalog.regproc::text,
                                                'inverse', g.aggminvtransfn::pg_catalog.regproc::text, 'moving state', g.aggmtranstype::pg_catalog.regtype::text,
                                                'moving final', g.aggmfinalfn::pg_catalog.regproc::text, 'initial', g.agginitval, 'moving initial', g.aggminitval,
                                                'sort operator', g.aggsortop::pg_catalog.regoperator::text, 'parallel', p.proparallel)
                          FROM pg_catalog.pg_aggregate g WHERE g.aggfnoid = p.oid),
         'acl', ${acl('p.proacl', `'f'`, 'p.proowner')}, 'owner', ${owner('p.proowner')},
         'comment', pg_catalog.obj_description(p.oid, 'pg_proc')) AS facts
  FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
 WHERE n.nspname = ANY($1) AND ${notExtensionMember('pg_catalog.pg_proc', 'p.oid')}`;

/** Enums, domains, ranges, base and shell types; a relation's row type and array types are the relation's and element's. */
const TYPES = `
SELECT t.oid::pg_catalog.regtype::text AS identity, 'type:' || n.nspname || '.' || t.typname AS owner,
       json_build_object(
         'kind', t.typtype,
         'labels', CASE WHEN t.typtype = 'e' THEN ARRAY(SELECT e.enumlabel::text FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) END,
         'base', CASE WHEN t.typtype = 'd' THEN pg_catalog.format_type(t.typbasetype, t.typtypmod) END,
         'not null', t.typnotnull, 'default', COALESCE(pg_catalog.pg_get_expr(t.typdefaultbin, 0), t.typdefault),
         'collation', CASE WHEN t.typcollation <> 0 AND t.typcollation IS DISTINCT FROM (SELECT b.typcollation FROM pg_catalog.pg_type b WHERE b.oid = t.typbasetype)
                           THEN t.typcollation::pg_catalog.regcollation::text END,
         'range', (SELECT json_build_object('subtype', r.rngsubtype::pg_catalog.regtype::text, 'opclass', r.rngsubopc::text,
                                            'collation', NULLIF(r.rngcollation, 0)::pg_catalog.regcollation::text,
                                            'canonical', NULLIF(r.rngcanonical, 0)::pg_catalog.regproc::text,
                                            'subdiff', NULLIF(r.rngsubdiff, 0)::pg_catalog.regproc::text,
                                            'multirange', r.rngmultitypid::pg_catalog.regtype::text)
                     FROM pg_catalog.pg_range r WHERE r.rngtypid = t.oid),
         'acl', ${acl('t.typacl', `'T'`, 't.typowner')}, 'owner', ${owner('t.typowner')},
         'comment', pg_catalog.obj_description(t.oid, 'pg_type')) AS facts
  FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
 WHERE n.nspname = ANY($1) AND t.typtype IN ('b', 'd', 'e', 'r', 'p', 'c')
   AND (t.typtype <> 'c' OR (SELECT rc.relkind FROM pg_catalog.pg_class rc WHERE rc.oid = t.typrelid) = 'c')
   AND NOT (t.typcategory = 'A' AND t.typelem <> 0) AND ${notExtensionMember('pg_catalog.pg_type', 't.oid')}`;

/** Triggers the user made: not internal (constraint enforcement), not a partition's clone of its parent's. */
const TRIGGERS = `
SELECT tg.tgrelid::pg_catalog.regclass::text || '.' || pg_catalog.quote_ident(tg.tgname) AS identity,
       'trigger:' || n.nspname || '.' || c.relname || '.' || tg.tgname AS owner,
       json_build_object('definition', pg_catalog.pg_get_triggerdef(tg.oid), 'enabled', tg.tgenabled,
                         'comment', pg_catalog.obj_description(tg.oid, 'pg_trigger')) AS facts
  FROM pg_catalog.pg_trigger tg JOIN pg_catalog.pg_class c ON c.oid = tg.tgrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
 WHERE NOT tg.tgisinternal AND tg.tgparentid = 0 AND n.nspname = ANY($1)`;

const POLICIES = `
SELECT p.polrelid::pg_catalog.regclass::text || '.' || pg_catalog.quote_ident(p.polname) AS identity,
       'policy:' || n.nspname || '.' || c.relname || '.' || p.polname AS owner,
       json_build_object('command', p.polcmd, 'permissive', p.polpermissive,
                         'roles', ARRAY(SELECT ${role('r')} FROM pg_catalog.unnest(p.polroles) r),
                         'using', pg_catalog.pg_get_expr(p.polqual, p.polrelid), 'with check', pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid),
                         'comment', pg_catalog.obj_description(p.oid, 'pg_policy')) AS facts
  FROM pg_catalog.pg_policy p JOIN pg_catalog.pg_class c ON c.oid = p.polrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = ANY($1)`;

const RULES = `
SELECT r.ev_class::pg_catalog.regclass::text || '.' || pg_catalog.quote_ident(r.rulename) AS identity,
       'rule:' || n.nspname || '.' || c.relname || '.' || r.rulename AS owner,
       json_build_object('definition', pg_catalog.pg_get_ruledef(r.oid), 'enabled', r.ev_enabled,
                         'comment', pg_catalog.obj_description(r.oid, 'pg_rewrite')) AS facts
  FROM pg_catalog.pg_rewrite r JOIN pg_catalog.pg_class c ON c.oid = r.ev_class JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
 WHERE r.rulename <> '_RETURN' AND n.nspname = ANY($1)`;

const STATISTICS = `
SELECT pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(s.stxname) AS identity, 'statistics:' || n.nspname || '.' || s.stxname AS owner,
       json_build_object('definition', pg_catalog.pg_get_statisticsobjdef(s.oid), 'target', CASE WHEN s.stxstattarget >= 0 THEN s.stxstattarget END,
                         'owner', ${owner('s.stxowner')}, 'comment', pg_catalog.obj_description(s.oid, 'pg_statistic_ext')) AS facts
  FROM pg_catalog.pg_statistic_ext s JOIN pg_catalog.pg_namespace n ON n.oid = s.stxnamespace
 WHERE n.nspname = ANY($1)`;

const EVENT_TRIGGERS = `
SELECT pg_catalog.quote_ident(e.evtname) AS identity, 'event-trigger:' || e.evtname AS owner,
       json_build_object('event', e.evtevent, 'function', e.evtfoid::pg_catalog.regproc::text, 'tags', COALESCE(e.evttags, '{}'),
                         'enabled', e.evtenabled, 'owner', ${owner('e.evtowner')},
                         'comment', pg_catalog.obj_description(e.oid, 'pg_event_trigger')) AS facts
  FROM pg_catalog.pg_event_trigger e WHERE ${notExtensionMember('pg_catalog.pg_event_trigger', 'e.oid')}`;

const publications = (features: FingerprintFeatures) => `
SELECT pg_catalog.quote_ident(p.pubname) AS identity, 'publication:' || p.pubname AS owner,
       json_build_object('all tables', p.puballtables, 'insert', p.pubinsert, 'update', p.pubupdate, 'delete', p.pubdelete,
                         'truncate', p.pubtruncate, 'via root', p.pubviaroot,
                         'tables', ARRAY(SELECT pr.prrelid::pg_catalog.regclass::text
                                                ${features.publicationFilters ? "|| COALESCE(' WHERE ' || pg_catalog.pg_get_expr(pr.prqual, pr.prrelid), '') || COALESCE(' ' || pr.prattrs::text, '')" : ''}
                                           FROM pg_catalog.pg_publication_rel pr WHERE pr.prpubid = p.oid),
                         'schemas', ${features.publicationFilters ? 'ARRAY(SELECT pn.pnnspid::pg_catalog.regnamespace::text FROM pg_catalog.pg_publication_namespace pn WHERE pn.pnpubid = p.oid)' : "'{}'::text[]"},
                         'owner', ${owner('p.pubowner')}, 'comment', pg_catalog.obj_description(p.oid, 'pg_publication')) AS facts
  FROM pg_catalog.pg_publication p`;

/** Default privileges: database-wide ones and those of a selected schema. */
const DEFAULT_ACLS = `
SELECT pg_catalog.pg_get_userbyid(d.defaclrole)::text || COALESCE(' in ' || pg_catalog.quote_ident(n.nspname), '') || ' on ' || d.defaclobjtype::text AS identity,
       NULL::text AS owner,
       json_build_object('acl', ARRAY(SELECT ${role('x.grantee')} || '=' || x.privilege_type || CASE WHEN x.is_grantable THEN '*' ELSE '' END
                                         FROM pg_catalog.aclexplode(d.defaclacl) x)) AS facts
  FROM pg_catalog.pg_default_acl d LEFT JOIN pg_catalog.pg_namespace n ON n.oid = d.defaclnamespace
 WHERE n.oid IS NULL OR n.nspname = ANY($1)`;

/** fingerprintQueries are the queries of a fingerprint, each with the kind of object it reads. */
export const fingerprintQueries = (features: FingerprintFeatures): readonly { readonly kind: string; readonly sql: string }[] => [
  { kind: 'schema', sql: SCHEMAS },
  { kind: 'extension', sql: EXTENSIONS },
  { kind: 'relation', sql: RELATIONS },
  { kind: 'column', sql: columns(features) },
  { kind: 'constraint', sql: CONSTRAINTS },
  { kind: 'index', sql: INDEXES },
  { kind: 'function', sql: FUNCTIONS },
  { kind: 'type', sql: TYPES },
  { kind: 'trigger', sql: TRIGGERS },
  { kind: 'policy', sql: POLICIES },
  { kind: 'rule', sql: RULES },
  { kind: 'statistics', sql: STATISTICS },
  { kind: 'event trigger', sql: EVENT_TRIGGERS },
  { kind: 'publication', sql: publications(features) },
  { kind: 'default privileges', sql: DEFAULT_ACLS },
];

/**
 * fingerprintSql is every query of a fingerprint as ONE statement (a UNION ALL): one round trip
 * and one plan per database, where fifteen queries in turn cost fifteen round trips. Each row has
 * `kind`, `identity`, `owner` and `facts` (JSON text).
 */
export function fingerprintSql(features: FingerprintFeatures): string {
  const parts = fingerprintQueries(features).map(({ kind, sql }) => `SELECT '${kind}'::text AS kind, q.identity, q.owner, q.facts::text AS facts FROM (${sql}) q`);
  // The unused CTE types both parameters for every part, whichever of them a part reads.
  return `WITH parameters AS (SELECT $1::text[] AS schemas, $2::boolean AS owners)\n${parts.join('\nUNION ALL\n')}`;
}
