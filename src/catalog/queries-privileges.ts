/**
 * Catalog queries for privileges, default privileges and owners. Like the queries in queries.ts,
 * each covers every selected schema at once (`$1` is the array of schema names).
 *
 * Privileges are read as pairs of exploded ACLs: what an object's ACL holds (`acl`) and what a
 * fresh object of its kind would hold (`base`: acldefault for its owner, or pg_init_privs for an
 * object initdb made, such as the `public` schema). Only objects whose ACL differs from that base
 * are returned; the introspector keeps the grantees whose privileges differ.
 */

/** Objects that belong to an extension are the extension's business, not the user's schema. */
const notExtensionMember = (classTable: string, oid: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend ext WHERE ext.classid = '${classTable}'::regclass AND ext.objid = ${oid} AND ext.deptype = 'e')`;

/** Every ACL of a modelled object in the selected schemas, with its base and its owner. */
const ACLS = `
  SELECT 'schema'::text AS object, n.nspname::text AS schema, n.nspname::text AS name, NULL::text AS args, NULL::text AS column_name,
         NULL::text AS identity_table, NULL::text AS identity_column, n.nspowner AS owner, false AS linked,
         n.nspacl AS acl, COALESCE(ip.initprivs, pg_catalog.acldefault('n', n.nspowner)) AS base
    FROM pg_catalog.pg_namespace n
    LEFT JOIN pg_catalog.pg_init_privs ip ON ip.classoid = 'pg_catalog.pg_namespace'::regclass AND ip.objoid = n.oid AND ip.objsubid = 0
   WHERE n.nspname = ANY($1)
  UNION ALL
  SELECT CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'S' THEN 'sequence' ELSE 'table' END,
         n.nspname, c.relname, NULL, NULL, it.relname, ia.attname, c.relowner,
         -- a serial's or identity column's sequence: owned along with its table
         c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_catalog.pg_depend o WHERE o.classid = 'pg_catalog.pg_class'::regclass AND o.objid = c.oid
                                        AND o.refclassid = 'pg_catalog.pg_class'::regclass AND o.deptype IN ('a', 'i')),
         c.relacl, pg_catalog.acldefault(CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::"char", c.relowner)
    FROM pg_catalog.pg_class c
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    -- an identity column's sequence is not modelled as a sequence: its privileges belong to the column
    LEFT JOIN pg_catalog.pg_depend d ON c.relkind = 'S' AND d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid
          AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.deptype = 'i'
    LEFT JOIN pg_catalog.pg_class it ON it.oid = d.refobjid
    LEFT JOIN pg_catalog.pg_attribute ia ON ia.attrelid = d.refobjid AND ia.attnum = d.refobjsubid
   WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND ${notExtensionMember('pg_catalog.pg_class', 'c.oid')}
  UNION ALL
  SELECT 'column', n.nspname, c.relname, CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' ELSE 'table' END,
         a.attname, NULL, NULL, c.relowner, false, a.attacl, NULL::pg_catalog.aclitem[]
    FROM pg_catalog.pg_attribute a
    JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p', 'v', 'm') AND a.attnum > 0 AND NOT a.attisdropped AND a.attacl IS NOT NULL
     AND ${notExtensionMember('pg_catalog.pg_class', 'c.oid')}
  UNION ALL
  SELECT CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' ELSE 'function' END, n.nspname, p.proname,
         pg_catalog.pg_get_function_identity_arguments(p.oid), NULL, NULL, NULL, p.proowner, false,
         p.proacl, pg_catalog.acldefault('f', p.proowner)
    FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
   WHERE n.nspname = ANY($1) AND p.prokind IN ('f', 'p', 'a') AND ${notExtensionMember('pg_catalog.pg_proc', 'p.oid')}
  UNION ALL
  SELECT CASE t.typtype WHEN 'e' THEN 'enum' WHEN 'c' THEN 'composite' WHEN 'r' THEN 'range' ELSE 'domain' END, n.nspname, t.typname, NULL, NULL, NULL, NULL, t.typowner, false,
         t.typacl, pg_catalog.acldefault('T', t.typowner)
    FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
   WHERE n.nspname = ANY($1) AND t.typtype IN ('e', 'd', 'c', 'r') AND ${notExtensionMember('pg_catalog.pg_type', 't.oid')}
     -- a table's row type is the table's
     AND (t.typtype <> 'c' OR EXISTS (SELECT 1 FROM pg_catalog.pg_class tc WHERE tc.oid = t.typrelid AND tc.relkind = 'c'))`;

const grantee = (oid: string) => `CASE WHEN ${oid} = 0 THEN 'public' ELSE pg_catalog.pg_get_userbyid(${oid})::text END`;

/**
 * PRIVILEGES_SQL: one row per (object, side, grantee, privilege) for the objects whose ACL is not
 * their base. `side` is `acl` (what the grantee holds) or `base` (what a fresh object gives it).
 */
export const PRIVILEGES_SQL = `
WITH acls AS MATERIALIZED (${ACLS})
SELECT a.object, a.schema, a.name, a.args, a.column_name, a.identity_table, a.identity_column, e.side,
       ${grantee('e.grantee')} AS grantee, e.privilege_type AS privilege, e.is_grantable AS grantable
  FROM acls a,
       LATERAL (SELECT 'acl' AS side, x.grantee, x.privilege_type, x.is_grantable FROM pg_catalog.aclexplode(a.acl) x
                UNION ALL
                SELECT 'base', y.grantee, y.privilege_type, y.is_grantable FROM pg_catalog.aclexplode(a.base) y) e
 WHERE a.acl IS NOT NULL AND a.acl IS DISTINCT FROM a.base
 ORDER BY 1, 2, 3, 4, 5, 9, 10`;

/** OWNERS_SQL: the owner of every modelled object that has one of its own (not an owned or identity sequence). */
export const OWNERS_SQL = `
WITH acls AS MATERIALIZED (${ACLS})
SELECT a.object, a.schema, a.name, a.args, pg_catalog.pg_get_userbyid(a.owner)::text AS owner
  FROM acls a
 WHERE a.object <> 'column' AND NOT a.linked
 ORDER BY 1, 2, 3, 4`;

/**
 * DEFAULT_PRIVILEGES_SQL: pg_default_acl entries of the selected schemas, and the database-wide
 * ones when `$2` is true, exploded like PRIVILEGES_SQL. A database-wide entry replaces the built-in
 * default (acldefault), so that is its base; a per-schema entry only adds to it, so its base is empty.
 */
export const DEFAULT_PRIVILEGES_SQL = `
SELECT pg_catalog.pg_get_userbyid(d.defaclrole)::text AS role, n.nspname::text AS schema, d.defaclobjtype::text AS objtype, e.side,
       ${grantee('e.grantee')} AS grantee, e.privilege_type AS privilege, e.is_grantable AS grantable
  FROM pg_catalog.pg_default_acl d
  LEFT JOIN pg_catalog.pg_namespace n ON n.oid = d.defaclnamespace,
       LATERAL (SELECT 'acl' AS side, x.grantee, x.privilege_type, x.is_grantable FROM pg_catalog.aclexplode(d.defaclacl) x
                UNION ALL
                -- pg_default_acl says S for sequences, where acldefault says s (its S is a foreign server)
                SELECT 'base', y.grantee, y.privilege_type, y.is_grantable
                  FROM pg_catalog.aclexplode(CASE WHEN d.defaclnamespace = 0
                                                  THEN pg_catalog.acldefault(CASE WHEN d.defaclobjtype = 'S' THEN 's' ELSE d.defaclobjtype END::"char", d.defaclrole)
                                                  ELSE NULL END) y) e
 WHERE d.defaclobjtype IN ('r', 'S', 'f', 'T', 'n') AND ((d.defaclnamespace = 0 AND $2::boolean) OR n.nspname = ANY($1))
 ORDER BY 1, 2, 3, 5, 6`;
