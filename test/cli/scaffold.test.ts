import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { createProject } from '../support/project.js';
import { runCli } from '../support/cli.js';
import { newMigration, timestampVersion, readMigrationDir } from '../../src/index.js';

describe('init, new and --version', () => {
  it('init scaffolds once and never overwrites', async () => {
    const project = await createProject();
    try {
      await fs.rm(project.migrationsDir, { recursive: true });
      const first = await runCli(['init'], { cwd: project.dir });
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stdout, /created tidemark\.config\.ts[\s\S]*created migrations\/[\s\S]*created schema\//);
      await fs.writeFile(path.join(project.dir, 'tidemark.config.ts'), '// mine\nexport default {};\n');
      const second = await runCli(['init'], { cwd: project.dir });
      assert.equal(second.code, 0);
      assert.match(second.stdout, /exists\s+tidemark\.config\.ts/);
      assert.equal(await fs.readFile(path.join(project.dir, 'tidemark.config.ts'), 'utf8'), '// mine\nexport default {};\n');
    } finally {
      await project.dispose();
    }
  });

  it('new writes a timestamped file with both sections that sorts after every existing one', async () => {
    const project = await createProject({ migrations: { '99990101000000_future.sql': 'select 1;' } });
    try {
      const fixed = () => new Date('2026-03-04T05:06:07Z');
      assert.equal(timestampVersion(fixed()), '20260304050607');
      const file = await newMigration(project.migrationsDir, 'Add Invoices!', { now: fixed });
      assert.equal(path.basename(file), '99990101000001_add_invoices.sql', 'bumped past the newest version');
      assert.equal(await fs.readFile(file, 'utf8'), '-- migrate:up\n\n\n-- migrate:down\n\n');
      await project.remove('99990101000000_future.sql');
      await project.remove('99990101000001_add_invoices.sql');
      const cli = await runCli(['new', 'add_payments', '--json'], { cwd: project.dir });
      assert.equal(cli.code, 0, cli.stderr);
      assert.match(JSON.parse(cli.stdout).file, /^migrations\/\d{14}_add_payments\.sql$/);
      assert.equal((await readMigrationDir(project.migrationsDir, project.dir)).length, 1);
    } finally {
      await project.dispose();
    }
  });

  it('--version prints the package version', async () => {
    const project = await createProject();
    try {
      const result = await runCli(['--version'], { cwd: project.dir });
      assert.equal(result.code, 0);
      const pkg = JSON.parse(await fs.readFile(new URL('../../../package.json', import.meta.url), 'utf8'));
      assert.equal(result.stdout.trim(), pkg.version);
    } finally {
      await project.dispose();
    }
  });
});
