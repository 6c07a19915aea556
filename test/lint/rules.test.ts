import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { allRules, registerRules, ruleRegistry } from '../../src/index.js';
import { checkCases, fixtureCases, type RuleCases } from './support.js';
import { destructiveCases } from './cases/destructive.js';
import { lockingCases } from './cases/locking.js';
import { designCases } from './cases/design.js';
import { structureCases } from './cases/structure.js';

const groups: Record<string, readonly RuleCases[]> = {
  'destructive and code-breaking': destructiveCases,
  'locks and rewrites': lockingCases,
  'schema design': designCases,
  'file and transactions': structureCases,
  // The same, written as migration files under test/fixtures/lint/rules/<rule>/{fires,passes}/.
  'migration-file fixtures': await fixtureCases(),
};

for (const [group, cases] of Object.entries(groups)) {
  describe(`lint rules: ${group}`, () => {
    for (const c of cases) {
      it(`${c.rule} fires ${c.fires.length}x and stays silent ${c.passes.length}x`, () => checkCases(c));
    }
  });
}

describe('lint rule registry', () => {
  it('covers every registered rule with cases that fire and cases that must not', () => {
    const covered = new Map<string, { fires: number; passes: number }>();
    for (const c of Object.values(groups).flat()) {
      const sum = covered.get(c.rule) ?? { fires: 0, passes: 0 };
      covered.set(c.rule, { fires: sum.fires + c.fires.length, passes: sum.passes + c.passes.length });
    }
    for (const rule of allRules) {
      const c = covered.get(rule.id);
      assert.ok(c, `rule ${rule.id} has no test cases`);
      assert.ok(c.fires > 0 && c.passes > 0, `rule ${rule.id} needs cases that fire and cases that pass`);
    }
    for (const id of covered.keys()) assert.ok(ruleRegistry.has(id), `cases for unregistered rule ${id}`);
  });

  it('documents every rule: doc line, hint, severity', () => {
    for (const rule of allRules) {
      assert.ok(rule.doc.length > 10 && !rule.doc.includes('\n'), `${rule.id}: doc`);
      assert.ok(rule.hint.length > 10 && !rule.hint.includes('\n'), `${rule.id}: hint`);
      assert.ok(rule.defaultSeverity === 'error' || rule.defaultSeverity === 'warn', `${rule.id}: severity`);
    }
  });

  it('refuses an id registered twice, and ids that are not kebab-case', () => {
    const rule = allRules[5]!;
    assert.throws(() => registerRules([rule, { ...rule }]), /registered twice/);
    assert.throws(() => registerRules([{ ...rule, id: 'Bad_Id' }]), /kebab-case/);
    assert.equal(registerRules(allRules).size, allRules.length);
  });
});
