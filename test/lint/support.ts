import assert from 'node:assert/strict';
import { allRules, lintSources, resolveLintOptions, type Finding, type LintOptions } from '../../src/index.js';
import { parseSections } from '../../src/migrations/sections.js';

/** RuleCase is one migration linted after its predecessors (`before`, replayed first). */
export interface RuleCase {
  /** Earlier migration files (whole texts; markers optional). */
  readonly before?: readonly string[];
  /** The file under test. */
  readonly file: string;
  /** For cases that must fire: the line of the first finding of the rule. */
  readonly line?: number;
}

/** RuleCases are the cases one rule must fire on and must stay silent on. */
export interface RuleCases {
  readonly rule: string;
  readonly fires: readonly RuleCase[];
  readonly passes: readonly RuleCase[];
}

/** lintCase lints `file` after replaying `before`; all rules on with their default severities. */
export async function lintCase(c: RuleCase, config?: { rules?: Record<string, 'off' | 'warn' | 'error'>; tenantColumns?: string[] }): Promise<Finding[]> {
  const options: LintOptions = resolveLintOptions(config);
  const entries = await Promise.all(
    [...(c.before ?? []), c.file].map(async (text, i, all) => {
      const displayPath = `migrations/${String(i + 1).padStart(3, '0')}_case.sql`;
      return { source: { displayPath, text, sections: await parseSections(text, displayPath) }, check: i === all.length - 1 };
    }),
  );
  return lintSources(entries, options, allRules);
}

/** checkCases asserts that `cases.rule` fires on every `fires` case and never on a `passes` case. */
export async function checkCases(cases: RuleCases): Promise<void> {
  for (const c of cases.fires) {
    const found = (await lintCase(c)).filter((f) => f.rule === cases.rule);
    assert.ok(found.length > 0, `${cases.rule} should fire on:\n${c.file}`);
    if (c.line !== undefined) assert.equal(found[0]!.line, c.line, `${cases.rule}: line of the first finding in:\n${c.file}\n${JSON.stringify(found, null, 2)}`);
  }
  for (const c of cases.passes) {
    const found = (await lintCase(c)).filter((f) => f.rule === cases.rule);
    assert.deepEqual(found, [], `${cases.rule} should not fire on:\n${c.file}`);
  }
}

/** up wraps SQL as a migration with an up section and a trivial down section. */
export function up(sql: string, options: { transactional?: boolean } = {}): string {
  return `-- migrate:up${options.transactional === false ? ' transaction:false' : ''}\n${sql}\n\n-- migrate:down\nselect 1;\n`;
}

/** USERS is a migration creating a table the cases treat as existing. */
export const USERS = up(`create table users (
  id bigint generated always as identity primary key,
  email text not null,
  name text,
  age int4,
  code varchar(10),
  price numeric(10,2),
  org_id bigint,
  created_at timestamptz not null default now()
);`);
