import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { allRules, lintSources, resolveLintOptions, ruleRegistry, type Finding, type LintOptions, type LintProfile } from '../../src/index.js';
import { parseSections } from '../../src/migrations/sections.js';
import { FIXTURES } from '../support/project.js';

/** RuleCase is one migration linted after its predecessors (`before`, replayed first). */
export interface RuleCase {
  /** Earlier migration files (whole texts; markers optional). */
  readonly before?: readonly string[];
  /** The file under test. */
  readonly file: string;
  /** For cases that must fire: the line of the first finding of the rule. */
  readonly line?: number;
  /** Text the first finding's message must contain. */
  readonly message?: string;
  /** Text no finding's message may contain. */
  readonly notMessage?: string;
  /** Where the case comes from, for failure messages (a fixture path). */
  readonly name?: string;
}

/** RuleCases are the cases one rule must fire on and must stay silent on. */
export interface RuleCases {
  readonly rule: string;
  readonly fires: readonly RuleCase[];
  readonly passes: readonly RuleCase[];
}

/**
 * lintCase lints `file` after replaying `before`; all default rules on with their default
 * severities, and the rules of the profiles `config.profiles` chooses.
 */
export async function lintCase(
  c: RuleCase,
  config?: { rules?: Record<string, 'off' | 'warn' | 'error'>; tenantColumns?: string[]; profiles?: LintProfile[]; citus?: { distributionColumn: string } },
): Promise<Finding[]> {
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
  // A profile's rule is checked with its profile chosen (and shown off without it in config.test.ts).
  const profile = ruleRegistry.get(cases.rule)?.profile;
  const lint = (c: RuleCase) => lintCase(c, profile ? { profiles: [profile] } : undefined);
  for (const c of cases.fires) {
    const found = (await lint(c)).filter((f) => f.rule === cases.rule);
    const where = c.name ?? c.file;
    assert.ok(found.length > 0, `${cases.rule} should fire on:\n${where}`);
    if (c.line !== undefined) assert.equal(found[0]!.line, c.line, `${cases.rule}: line of the first finding in:\n${where}\n${JSON.stringify(found, null, 2)}`);
    if (c.message !== undefined) assert.ok(found[0]!.message.includes(c.message), `${cases.rule}: message should contain "${c.message}" in ${where}: ${found[0]!.message}`);
    if (c.notMessage !== undefined) {
      for (const f of found) assert.ok(!f.message.includes(c.notMessage), `${cases.rule}: message should not contain "${c.notMessage}" in ${where}: ${f.message}`);
    }
  }
  for (const c of cases.passes) {
    const found = (await lint(c)).filter((f) => f.rule === cases.rule);
    assert.deepEqual(found, [], `${cases.rule} should not fire on:\n${c.name ?? c.file}`);
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

/** LINT_FIXTURES holds the rule cases written as migration files (see {@link fixtureCases}). */
export const LINT_FIXTURES = path.join(FIXTURES, 'lint', 'rules');

/**
 * fixtureCase reads one case: a `.sql` migration file, or a folder of them (replayed in name
 * order, the last one checked). Comments in the checked file starting `-- case:` set what a
 * firing case expects: `-- case: next line` (the first finding is on the line after it),
 * `-- case: message has TEXT`, `-- case: message lacks TEXT`.
 */
async function fixtureCase(entry: string): Promise<RuleCase> {
  const stat = await fs.stat(entry);
  const files = stat.isDirectory() ? (await fs.readdir(entry)).filter((f) => f.endsWith('.sql')).sort().map((f) => path.join(entry, f)) : [entry];
  const texts = await Promise.all(files.map((f) => fs.readFile(f, 'utf8')));
  const file = texts.at(-1)!;
  let line: number | undefined;
  let message: string | undefined;
  let notMessage: string | undefined;
  file.split('\n').forEach((text, i) => {
    if (!text.startsWith('-- case: ')) return;
    const directive = text.slice('-- case: '.length).trim();
    if (directive === 'next line') line = i + 2;
    else if (directive.startsWith('message has ')) message = directive.slice('message has '.length);
    else if (directive.startsWith('message lacks ')) notMessage = directive.slice('message lacks '.length);
    else throw new Error(`${entry}: unknown case directive "${directive}"`);
  });
  return { before: texts.slice(0, -1), file, line, message, notMessage, name: path.relative(LINT_FIXTURES, entry) };
}

/**
 * fixtureCases reads the cases of every rule under `test/fixtures/lint/rules/<rule>/`: the
 * entries of `fires/` must make the rule report, those of `passes/` must not.
 */
export async function fixtureCases(): Promise<RuleCases[]> {
  const rules = (await fs.readdir(LINT_FIXTURES)).sort();
  return Promise.all(
    rules.map(async (rule) => {
      const read = async (kind: string) => {
        const dir = path.join(LINT_FIXTURES, rule, kind);
        const entries = await fs.readdir(dir).catch(() => [] as string[]);
        return Promise.all(entries.sort().map((e) => fixtureCase(path.join(dir, e))));
      };
      return { rule, fires: await read('fires'), passes: await read('passes') };
    }),
  );
}
