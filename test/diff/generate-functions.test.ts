import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { targets } from '../support/databases.js';
import { withScenario } from '../support/scenario.js';

// An SQL function's body is checked when it is created, and the catalog records no dependency on
// the tables it reads: pg_dump's order puts functions before tables, so the generated migration
// must not check bodies (as pg_dump's own scripts do not).
const SCHEMA = `
CREATE TABLE zz_items (id int PRIMARY KEY);
CREATE FUNCTION a_item_count() RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT count(*) FROM zz_items $$;
`;

for (const target of targets) {
  describe(`generate: SQL functions and the tables they read [${target.name}]`, () => {
    it('a function created before the table its body reads applies, and so does its down section', () =>
      withScenario(target, { config: { schema: 'schema' } }, async ({ project, cli }) => {
        await fs.mkdir(path.join(project.dir, 'schema'));
        await fs.writeFile(path.join(project.dir, 'schema', 'schema.sql'), SCHEMA);
        const generated = await cli('generate', 'items', '--json');
        assert.equal(generated.code, 0, generated.stderr);
        const files = (JSON.parse(generated.stdout) as { files: string[] }).files;
        const text = await fs.readFile(path.join(project.dir, files[0]!), 'utf8');
        assert.ok(text.indexOf('FUNCTION public.a_item_count') < text.indexOf('CREATE TABLE public.zz_items'), text);
        const migrated = await cli('migrate');
        assert.equal(migrated.code, 0, migrated.stderr);
        assert.equal((await cli('drift')).code, 0);
        const down = await cli('down');
        assert.equal(down.code, 0, down.stderr);
        assert.equal((await cli('migrate')).code, 0);
      }),
    );
  });
}
