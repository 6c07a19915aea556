import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { targets } from '../support/databases.js';
import { withScenario } from '../support/scenario.js';

const migrations = {
  '001_accounts.sql': '-- Accounts of the service, one per customer.\n-- migrate:up\ncreate table accounts (id int primary key);\n-- migrate:down\ndrop table accounts;\n',
  '002_plain.sql': '-- migrate:up\ncreate table plain (id int);\n-- migrate:down\ndrop table plain;\n',
  '003_invoices.sql': '-- Invoices.\n-- migrate:up\ncreate table invoices (id int);\n-- migrate:down\ndrop table invoices;\n',
};

for (const target of targets) {
  describe(`migration descriptions [${target.name}]`, () => {
    it('the comment above -- migrate:up is shown by status and history, and is in their JSON', () =>
      withScenario(target, { migrations }, async ({ cli }) => {
        assert.equal((await cli('migrate', '--to', '2')).code, 0);
        const status = await cli('status');
        assert.equal(status.code, 0, status.stderr);
        assert.match(status.stdout, /^ {2}applied +001_accounts .*Accounts of the service, one per customer\.$/m);
        assert.match(status.stdout, /^ {2}pending +003_invoices +Invoices\.$/m);
        const json = JSON.parse((await cli('status', '--json')).stdout) as { migrations: { version: string; description: string | null }[] };
        assert.deepEqual(json.migrations.map((m) => [m.version, m.description]), [['001', 'Accounts of the service, one per customer.'], ['002', null], ['003', 'Invoices.']]);

        const history = await cli('history');
        assert.match(history.stdout, /up +001_accounts .*\(\d+ ms\) {2}Accounts of the service, one per customer\.$/m);
        assert.match(history.stdout, /up +002_plain .*\(\d+ ms\)$/m);
        const events = JSON.parse((await cli('history', '--json')).stdout) as { events: { version: string; description: string | null }[] };
        assert.deepEqual(events.events.map((e) => [e.version, e.description]), [['002', null], ['001', 'Accounts of the service, one per customer.']]);
      }));
  });
}
