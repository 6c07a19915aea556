import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, resolveLintOptions, validateConfig } from '../../src/index.js';
import { lintCase, up } from './support.js';

const severities = async (file: string, rules: Record<string, 'off' | 'warn' | 'error'>) =>
  (await lintCase({ file }, { rules })).map((f) => `${f.rule}=${f.severity}`).sort();

describe('lint config', () => {
  it('defaults: no overrides, tenant columns tenant_id and org_id', () => {
    const config = validateConfig({});
    assert.deepEqual(config.lint, { rules: {}, tenantColumns: ['tenant_id', 'org_id'], profiles: [], citus: { distributionColumn: 'tenant_id' } });
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

  it('runs the citus profile only when chosen: by profiles, or by naming a rule in rules', async () => {
    const file = up('create table notes (id bigint primary key, tenant_id bigint not null);\ncreate table plans (id bigint primary key);');
    const citus = async (config: Parameters<typeof lintCase>[1]) => (await lintCase({ file }, config)).filter((f) => f.rule.startsWith('citus-')).map((f) => `${f.line}:${f.rule}=${f.severity}`);
    assert.deepEqual(await citus(undefined), [], 'off by default');
    assert.deepEqual(await citus({ profiles: ['citus'] }), ['2:citus-key-without-distribution-column=warn', '3:citus-reference-table-candidate=warn']);
    assert.deepEqual(await citus({ rules: { 'citus-reference-table-candidate': 'error' } }), ['3:citus-reference-table-candidate=error'], 'a rule named in config runs without its profile');
    assert.deepEqual(await citus({ profiles: ['citus'], rules: { 'citus-key-without-distribution-column': 'off' } }), ['3:citus-reference-table-candidate=warn']);
  });

  it('takes the distribution column from config lint.citus.distributionColumn', async () => {
    const file = up('create table notes (id bigint primary key, account_id bigint not null);');
    const findings = await lintCase({ file }, { profiles: ['citus'], citus: { distributionColumn: 'account_id' } });
    const messages = findings.filter((f) => f.rule.startsWith('citus-')).map((f) => f.message);
    assert.deepEqual(messages, ['primary key (id) of "notes" leaves out distribution column "account_id": make the primary key (account_id, id)']);
    const byDefault = (await lintCase({ file }, { profiles: ['citus'] })).filter((f) => f.rule.startsWith('citus-')).map((f) => f.rule);
    assert.deepEqual(byDefault, ['citus-reference-table-candidate'], 'with tenant_id as the column, notes is not distributed');
    assert.throws(() => validateConfig({ lint: { profiles: ['cockroach'] } }), /lint\.profiles\.0/);
    assert.throws(() => validateConfig({ lint: { citus: { distributionColumn: '' } } }), /lint\.citus\.distributionColumn/);
    assert.throws(() => validateConfig({ lint: { citus: { column: 'x' } } }), /unknown key "lint\.citus\.column"/);
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
