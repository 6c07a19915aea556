import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { openTidemark, loadReference, compareWithReference } from '../../src/index.js';
import { targets } from '../support/databases.js';
import { copyExample, createProject, FIXTURES } from '../support/project.js';
import { withScenario } from '../support/scenario.js';
import { runCli } from '../support/cli.js';
import { assertGolden } from '../support/golden.js';

const SEED = path.join(FIXTURES, 'reference', 'seed-000.md');
const NOW = new Date('2026-01-17T12:00:00Z');
const DOC = path.join('docs', 'DATABASE.md');

for (const target of targets) {
  describe(`tidemark docs [${target.name}]`, () => {
    it('the example project: golden document, carrying seed 000\'s tables, columns, constraints and indexes', async () => {
      const db = await target.create();
      const project = await copyExample();
      try {
        await fs.writeFile(path.join(project.dir, 'tidemark.config.json'), JSON.stringify({ database: db.url }));
        const tm = await openTidemark({ cwd: project.dir, env: {} });
        try {
          await tm.migrate();
          // Applied dates are the one input a test cannot pin through the clock.
          await (await tm.db()).query(`UPDATE tidemark.migrations SET applied_at = '2026-01-17T09:00:00Z'`);
          const result = await tm.docs({ now: NOW });
          assert.equal(result.written, true);
          await assertGolden('saas-reference.md', result.text);
          assert.equal(await fs.readFile(result.file, 'utf8'), result.text);

          // Read both documents back with the parser: the generated one differs from the
          // hand-kept seed only where migration 017 fixed the seed's flaw.
          const mismatches = compareWithReference(await loadReference(SEED), await loadReference(result.file));
          assert.deepEqual(
            mismatches.map((m) => `${m.kind}: ${m.object} ${m.expected} → ${m.actual}`),
            ['agent_tools', 'agents', 'files', 'folders'].map((t) => `nullability: ${t}.user_id NOT NULL → nullable`),
          );

          const again = await tm.docs({ now: new Date('2026-03-01T00:00:00Z') });
          assert.equal(again.stale, false, 'regenerating an unchanged schema on a later day rewrites nothing (the date stays)');
        } finally {
          await tm.close();
        }
      } finally {
        await project.dispose();
        await db.dispose();
      }
    });

    it('--check: fresh exits 0; stale exits 1 with a diff and leaves the file alone; keep blocks survive', async () => {
      const migrations = { '001_accounts.sql': '-- migrate:up\ncreate table accounts (id int primary key, name text not null);\n-- migrate:down\ndrop table accounts;\n' };
      await withScenario(target, { migrations }, async ({ cli, project }) => {
        assert.equal((await cli('migrate')).code, 0);
        const missing = await cli('docs', '--check');
        assert.equal(missing.code, 1, 'a missing document is stale');
        assert.equal((await cli('docs')).code, 0);
        const file = path.join(project.dir, DOC);
        const fresh = await cli('docs', '--check');
        assert.equal(fresh.code, 0, fresh.stdout + fresh.stderr);
        assert.match(fresh.stdout, /docs\/DATABASE\.md is up to date/);

        const keep = '<!-- tidemark:keep -->\nAccounts are never deleted, only closed.\n<!-- /tidemark:keep -->';
        const text = await fs.readFile(file, 'utf8');
        await fs.writeFile(file, text.replace(/(### accounts\n[\s\S]*?)\n\n---/, `$1\n\n${keep}\n\n---`));
        assert.equal((await cli('docs', '--check')).code, 0, 'hand-written blocks do not make the document stale');

        await project.write('002_invoices.sql', '-- migrate:up\ncreate table invoices (id int primary key, due_date date);\n');
        assert.equal((await cli('migrate')).code, 0);
        const before = await fs.readFile(file, 'utf8');
        const stale = await cli('docs', '--check');
        assert.equal(stale.code, 1);
        assert.match(stale.stdout, /^--- a\/docs\/DATABASE\.md/m);
        assert.match(stale.stdout, /^\+### invoices$/m);
        assert.match(stale.stdout, /^\+\| due_date +\| date +\| YES +\| - +\| +\|$/m);
        assert.match(stale.stdout, /is stale: run "tidemark docs"/);
        const elsewhere = await cli('docs', '--check', '--out', "docs/db 'v2'.md");
        assert.equal(elsewhere.code, 1);
        assert.match(elsewhere.stdout, /is stale: run "tidemark docs --out 'docs\/db '\\''v2'\\''\.md'"/, 'the hint repeats --out, quoted for a shell');
        assert.equal((await cli('docs', '--out', "docs/db 'v2'.md")).code, 0);
        assert.equal((await cli('docs', '--check', '--out', "docs/db 'v2'.md")).code, 0, 'the hinted command writes the file that was checked');
        assert.equal(await fs.readFile(file, 'utf8'), before, '--check writes nothing');
        const json = JSON.parse((await cli('docs', '--check', '--json')).stdout);
        assert.equal(json.stale, true);

        await project.write('003_seed.sql', "-- migrate:up\ninsert into accounts select g, 'a' || g from generate_series(1, 1500) g;\nanalyze accounts;\n");
        assert.equal((await cli('migrate')).code, 0);
        assert.equal((await cli('docs')).code, 0);
        const after = await fs.readFile(file, 'utf8');
        assert.match(after, /^\| accounts +\| ~1,500 +\| \d{4}-\d{2}-\d{2} +\|$/m, 'row counts are the planner estimates');
        assert.match(after, /^\| 003 +\| 003_seed\.sql +\| Seed +\| \d{4}-\d{2}-\d{2} \|$/m);
        assert.match(after, /### accounts\n[\s\S]*Accounts are never deleted, only closed\.\n<!-- \/tidemark:keep -->\n\n---\n\n### invoices/);
        assert.equal((await cli('docs', '--check')).code, 0);
      });
    });
  });
}

describe('tidemark docs without a database', () => {
  it('--from migrations:<dir> (or config docs.from) replays the migrations: CI needs no server', async () => {
    const project = await createProject({
      // Nothing listens on port 1: any attempt to connect would fail the command.
      config: { database: 'postgres://nobody@127.0.0.1:1/none' },
      migrations: {
        '001_accounts.sql': '-- Accounts of the service.\ncreate table accounts (id int primary key);\n',
        '002_invoices.sql': 'create table invoices (id int primary key, account_id int references accounts on delete cascade);\n',
      },
    });
    try {
      const cli = (...args: string[]) => runCli(args, { cwd: project.dir });
      const written = await cli('docs', '--from', 'migrations:migrations');
      assert.equal(written.code, 0, written.stderr);
      const text = await fs.readFile(path.join(project.dir, DOC), 'utf8');
      assert.match(text, /\| 001 +\| 001_accounts\.sql +\| Accounts of the service\. +\| - +\|/);
      assert.match(text, /\| 002 +\| 002_invoices\.sql +\| Invoices +\| - +\|/);
      assert.doesNotMatch(text, /## Row Counts/, 'a replay has no data to estimate');
      assert.match(text, /accounts \|o--o\{ invoices : "account_id"/);
      assert.equal((await cli('docs', '--check', '--from', 'migrations:migrations')).code, 0);

      await fs.writeFile(path.join(project.dir, 'tidemark.config.json'), JSON.stringify({ database: 'postgres://nobody@127.0.0.1:1/none', docs: { from: 'migrations:migrations' } }));
      assert.equal((await cli('docs', '--check')).code, 0, 'config docs.from is the default source');
      const unreachable = await cli('docs', '--check', '--from', 'postgres://nobody@127.0.0.1:1/none');
      assert.equal(unreachable.code, 3, 'and a database source really connects');
    } finally {
      await project.dispose();
    }
  });

  it('keep blocks whose section is gone move to Unplaced Notes; broken markers are refused with their line', async () => {
    const project = await createProject({ config: { database: 'postgres://nobody@127.0.0.1:1/none', docs: { from: 'migrations:migrations' } }, migrations: {
      '001_a.sql': 'create table alpha (id int primary key);\ncreate table beta (id int primary key);\n',
    } });
    try {
      const cli = (...args: string[]) => runCli(args, { cwd: project.dir });
      assert.equal((await cli('docs')).code, 0);
      const file = path.join(project.dir, DOC);
      const block = (text: string) => `<!-- tidemark:keep -->\n${text}\n<!-- /tidemark:keep -->`;
      let text = await fs.readFile(file, 'utf8');
      text = text
        .replace('\n\n---\n\n## Overview', `\n\n${block('Preamble prose.')}\n\n---\n\n## Overview`)
        .replace(/(### beta\n[\s\S]*?)\n\n---/, `$1\n\n${block('## A heading of my own\n\nBeta is going away.')}\n\n---`)
        .replace(/(### alpha\n[\s\S]*?)\n\n---/, `$1\n\n${block('Alpha stays.')}\n\n---`);
      await fs.writeFile(file, text);
      await project.write('002_drop_beta.sql', 'drop table beta;\n');
      assert.equal((await cli('docs')).code, 0);
      const after = await fs.readFile(file, 'utf8');
      assert.match(after, /# Database Reference\n\n[\s\S]*Preamble prose\.\n<!-- \/tidemark:keep -->\n\n---\n\n## Overview/);
      assert.match(after, /### alpha\n[\s\S]*Alpha stays\.\n<!-- \/tidemark:keep -->\n\n---/);
      assert.doesNotMatch(after, /### beta/);
      assert.match(after, /## Unplaced Notes\n\n\*Hand-written notes[^\n]*\n\n<!-- tidemark:keep -->\n## A heading of my own\n\nBeta is going away\.\n<!-- \/tidemark:keep -->/);
      assert.equal((await cli('docs')).code, 0);
      assert.equal(await fs.readFile(file, 'utf8'), after, 'regeneration is idempotent, unplaced notes included');

      await fs.writeFile(file, `${after}\n<!-- tidemark:keep -->\nnever closed\n`);
      const broken = await cli('docs');
      assert.equal(broken.code, 2);
      assert.match(broken.stderr, /docs\/DATABASE\.md:\d+:1: <!-- tidemark:keep --> is never closed/);
    } finally {
      await project.dispose();
    }
  });
});
