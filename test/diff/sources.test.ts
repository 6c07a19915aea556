import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { openTidemark, MigrationFileError } from '../../src/index.js';
import { targets } from '../support/databases.js';
import { createProject, EXAMPLE, FIXTURES } from '../support/project.js';
import { runCli } from '../support/cli.js';

describe('shadow sources', () => {
  it('an extension PGlite does not ship is named, with what it does ship', async () => {
    const project = await createProject();
    try {
      await fs.mkdir(path.join(project.dir, 'schema'));
      await fs.writeFile(path.join(project.dir, 'schema', 'a.sql'), 'create extension pgcrypto;\ncreate extension postgis;\n');
      const tm = await openTidemark({ cwd: project.dir, config: {} });
      try {
        await assert.rejects(tm.model('dir:schema'), (e: unknown) => {
          assert.ok(e instanceof MigrationFileError);
          assert.match(e.message, /^schema\/a\.sql:2:1: .*the shadow database \(PGlite\) does not provide extension "postgis"; it provides .*pgcrypto/);
          return true;
        });
      } finally {
        await tm.close();
      }
    } finally {
      await project.dispose();
    }
  });
});

for (const target of targets) {
  describe(`a reference document as the declarative schema [${target.name}]`, () => {
    it("generate takes seed 000's Markdown as the source of truth", async () => {
      const db = await target.create();
      const project = await createProject({ config: { database: db.url, schema: 'docs/DATABASE.md' } });
      try {
        for (const file of (await fs.readdir(path.join(EXAMPLE, 'migrations'))).filter((f) => f < '015')) {
          await fs.copyFile(path.join(EXAMPLE, 'migrations', file), path.join(project.migrationsDir, file));
        }
        await fs.mkdir(path.join(project.dir, 'docs'));
        await fs.copyFile(path.join(FIXTURES, 'reference', 'seed-000.md'), path.join(project.dir, 'docs', 'DATABASE.md'));
        const result = await runCli(['generate', 'from_reference'], { cwd: project.dir });
        assert.equal(result.code, 0, result.stderr);
        assert.match(result.stdout, /Created table 'agent_session_memory'\./);
        assert.match(result.stdout, /wrote migrations\/\d{14}_from_reference\.sql/);
        const migrate = await runCli(['migrate'], { cwd: project.dir });
        assert.equal(migrate.code, 0, migrate.stderr);
        const again = await runCli(['generate', 'again'], { cwd: project.dir });
        assert.match(again.stdout, /No changes/);
      } finally {
        await project.dispose();
        await db.dispose();
      }
    });
  });
}
