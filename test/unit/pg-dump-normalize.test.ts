import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeDump, assertSameDump } from '../support/pg-dump.js';

// The shape of pg_dump 15.14+ output: a \restrict key that changes every run, comments, settings.
const DUMP = `--
-- PostgreSQL database dump
--

\\restrict 3kQ9uXbWc1

-- Dumped from database version 15.20
SET statement_timeout = 0;
SET client_encoding = 'UTF8';
SELECT pg_catalog.set_config('search_path', '', false);
SET default_table_access_method = heap;

--
-- Name: f(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.f() RETURNS integer
    LANGUAGE sql
    SET search_path TO 'public'
    AS $$ -- a comment inside a body is part of the function
select 1 $$;


--
-- Name: Ünïcode; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public."Ünïcode" (
    "zé" text DEFAULT 'a, b'::text,
    id integer NOT NULL,
    CONSTRAINT "Ünïcode_id_check" CHECK ((id > 0))
)
WITH (fillfactor='70');


CREATE VIEW public.v AS
 SELECT pg_catalog.set_config('x', 'y', false) AS set_config;

GRANT SELECT ON TABLE public."Ünïcode" TO PUBLIC;

\\unrestrict 3kQ9uXbWc1
`;

describe('normalizeDump', () => {
  it('keeps every statement, drops comments, settings and \\restrict, sorts table elements', async () => {
    assert.equal(
      await normalizeDump(DUMP),
      `CREATE FUNCTION public.f() RETURNS integer
    LANGUAGE sql
    SET search_path TO 'public'
    AS $$ -- a comment inside a body is part of the function
select 1 $$;
CREATE TABLE public."Ünïcode" (
    "zé" text DEFAULT 'a, b'::text
    CONSTRAINT "Ünïcode_id_check" CHECK ((id > 0))
    id integer NOT NULL
)
WITH (fillfactor='70');
CREATE VIEW public.v AS
 SELECT pg_catalog.set_config('x', 'y', false) AS set_config;
GRANT SELECT ON TABLE public."Ünïcode" TO PUBLIC;
`,
    );
  });

  it('sees columns in another order as the same table, and another default as a difference', async () => {
    const table = (columns: string) => `CREATE TABLE public.t (\n${columns}\n);\n`;
    const ab = await normalizeDump(table('    a integer,\n    b text'));
    assert.equal(await normalizeDump(table('    b text,\n    a integer')), ab);
    assert.notEqual(await normalizeDump(table("    a integer,\n    b text DEFAULT ''::text")), ab);
    assert.notEqual(await normalizeDump(`${table('    a integer,\n    b text')}\nCREATE INDEX i ON public.t (a);`), ab);
  });

  it('a random \\restrict key and different comments do not make two dumps differ', async () => {
    const other = DUMP.replaceAll('3kQ9uXbWc1', 'Zz81pQ').replace('15.20', '15.21');
    assert.equal(await normalizeDump(other), await normalizeDump(DUMP));
  });

  it('assertSameDump fails with a unified diff naming the differing statement', () => {
    assert.doesNotThrow(() => assertSameDump('CREATE SCHEMA a;\n', 'CREATE SCHEMA a;\n', 'same'));
    assert.throws(
      () => assertSameDump('CREATE SCHEMA a;\n', 'CREATE SCHEMA a;\nGRANT USAGE ON SCHEMA a TO PUBLIC;\n', 'after plan'),
      (error: Error) => /after plan: pg_dump --schema-only differs/.test(error.message) && /^\+GRANT USAGE ON SCHEMA a TO PUBLIC;$/m.test(error.message),
    );
  });
});
