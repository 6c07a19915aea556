import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { targets } from '../support/databases.js';
import { copyExample } from '../support/project.js';
import { runCli } from '../support/cli.js';
import { catalogSnapshot, queryRows } from '../support/inspect.js';

const TABLES = ['users', 'tenants', 'memberships', 'admins', 'folders', 'files', 'agents', 'agent_sessions', 'agent_session_messages', 'agent_long_term_memory', 'agent_tools', 'agent_tool_assignments', 'mcp_servers', 'agent_session_memory'];

for (const target of targets) {
  describe(`example project (seed 000) [${target.name}]`, () => {
    it('migrates, reverts to base leaving no user object, and migrates again', async () => {
      const db = await target.create();
      const project = await copyExample();
      const cli = (...args: string[]) => runCli(['--database', db.url, ...args], { cwd: project.dir });
      try {
        const up = await cli('migrate');
        assert.equal(up.code, 0, up.stderr);
        const after = await catalogSnapshot(db.url);
        for (const table of TABLES) assert.ok(after.includes(`public.${table}:r`), `table ${table}`);
        assert.ok(after.includes('type:membership_role'));
        const triggers = await queryRows<{ n: number }>(db.url, "SELECT count(*)::int AS n FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE 'update\\_%\\_updated\\_at'");
        assert.equal(triggers[0]!.n, 7);

        const base = await cli('down', '--to', 'base');
        assert.equal(base.code, 0, base.stderr);
        const empty = (await catalogSnapshot(db.url)).filter((item) => !item.startsWith('tidemark.') && item !== 'schema:tidemark' && item !== 'schema:public');
        assert.deepEqual(empty, []);
        const status = JSON.parse((await cli('status', '--json')).stdout);
        assert.equal(status.current, null);
        assert.equal(status.counts.pending, 11);

        const again = await cli('migrate');
        assert.equal(again.code, 0, again.stderr);
        assert.deepEqual(await catalogSnapshot(db.url), after);
        const history = JSON.parse((await cli('history', '--json')).stdout);
        assert.equal(history.events.length, 33, '11 up, 11 down, 11 up');
      } finally {
        await project.dispose();
        await db.dispose();
      }
    });

    it('implements seed 000 as written, flaw included, and fixes it in 017', async () => {
      const db = await target.create();
      const project = await copyExample();
      const cli = (...args: string[]) => runCli(['--database', db.url, ...args], { cwd: project.dir });
      try {
        assert.equal((await cli('migrate', '--to', '015')).code, 0);
        const setup = `
          insert into users (user_id, email, password_hash, full_name) values ('00000000-0000-0000-0000-000000000001', 'a@example.com', 'x', 'A');
          insert into tenants (tenant_id, name, slug) values ('00000000-0000-0000-0000-0000000000aa', 'T', 't');
          insert into folders (tenant_id, user_id, folder_name, folder_path) values ('00000000-0000-0000-0000-0000000000aa', '00000000-0000-0000-0000-000000000001', 'docs', '/docs/');`;
        const { openDriver } = await import('../../src/index.js');
        const driver = await openDriver(db.url);
        try {
          await driver.runScript(setup);
          await assert.rejects(driver.query("delete from users where email = 'a@example.com'"), /null value in column "user_id"/);
        } finally {
          await driver.close();
        }
        assert.equal((await cli('migrate')).code, 0);
        await queryRows(db.url, "delete from users where email = 'a@example.com'");
        assert.deepEqual(await queryRows(db.url, 'select user_id from folders'), [{ user_id: null }]);
      } finally {
        await project.dispose();
        await db.dispose();
      }
    });
  });
}
