import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, resolveLintOptions, validateConfig } from '../../src/index.js';
import { lintCase, up } from './support.js';

const severities = async (file: string, rules: Record<string, 'off' | 'warn' | 'error'>) =>
  (await lintCase({ file }, { rules })).map((f) => `${f.rule}=${f.severity}`).sort();

describe('lint config', () => {
  it('defaults: no overrides, tenant columns tenant_id and org_id', () => {
    const config = validateConfig({});
    assert.deepEqual(config.lint, { rules: {}, tenantColumns: ['tenant_id', 'org_id'] });
  });

  it('sets severities per rule: off, warn, error', async () => {
    const file = up('create table t (id bigint primary key, doc json);\ndrop database app;');
    assert.deepEqual(await severities(file, {}), ['ban-drop-database=error', 'prefer-jsonb=warn']);
    assert.deepEqual(await severities(file, { 'prefer-jsonb': 'error', 'ban-drop-database': 'warn' }), ['ban-drop-database=warn', 'prefer-jsonb=error']);
    assert.deepEqual(await severities(file, { 'prefer-jsonb': 'off' }), ['ban-drop-database=error']);
  });

  it('can turn the engine-reported rules off too', async () => {
    const file = up('create table t (id bigint primary key,, x int);');
    assert.deepEqual(await severities(file, {}), ['syntax-error=error']);
    assert.deepEqual(await severities(file, { 'syntax-error': 'warn' }), ['syntax-error=warn']);
  });

  it('takes the tenant columns from config', async () => {
    const file = up('create table a (id bigint primary key, account_id bigint);\ncreate table b (id bigint primary key, tenant_id bigint);');
    const rls = async (tenantColumns?: string[]) => (await lintCase({ file }, { tenantColumns })).filter((f) => f.rule === 'tenant-table-without-rls').map((f) => f.line);
    assert.deepEqual(await rls(), [3]);
    assert.deepEqual(await rls(['account_id']), [2]);
  });

  it('rejects unknown rule ids, bad severities and unknown keys, naming the key', () => {
    assert.throws(() => resolveLintOptions({ rules: { 'prefer-jsonb': 'warn', 'no-such-rule': 'off' } }), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /lint\.rules: unknown rule "no-such-rule"/);
      return true;
    });
    assert.throws(() => validateConfig({ lint: { rules: { 'prefer-jsonb': 'fatal' } } }), /lint\.rules\.prefer-jsonb/);
    assert.throws(() => validateConfig({ lint: { ignore: [] } }), /unknown key "lint\.ignore"/);
    assert.throws(() => validateConfig({ lint: { tenantColumns: [''] } }), /lint\.tenantColumns\.0/);
  });
});
