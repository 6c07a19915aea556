import type { MigrationSections, Section } from '../migrations/sections.js';
import { loadKeywordLookup, type KeywordLookup } from '../parser/keywords.js';
import { loadParser, SqlSyntaxError, splitStatements, type ParsedStatement } from '../parser/parser.js';
import { lineColumnAt, utf8ToIndex } from '../parser/text-position.js';
import type { QualifiedName } from './ast.js';
import { findDirectives, type Directive } from './directives.js';
import { checksumOf } from '../migrations/files.js';
import { replayStatement } from './schema/replay.js';
import { chainKey, type ReplayCache } from './schema/replay-cache.js';
import { SchemaState } from './schema/state.js';
import type { Anchor, Finding, Fix, LintFile, LintOptions, LintSection, LintToken, ReportExtra, Rule, RuleContext, SectionDirection, Severity } from './types.js';
import { Ddl } from '../sql/ddl.js';
import { loadIdentQuoter } from '../sql/ident.js';
import { suggestionOf } from './fixes/suggestion.js';

type Scanner = Awaited<ReturnType<typeof loadParser>>['scanSync'];

/**
 * The lint engine: parses each migration's sections with PostgreSQL's grammar, replays the up
 * sections of every file in version order into a {@link SchemaState}, and runs the rules over the
 * files it is asked to check — each statement seeing the schema as it is just before it runs.
 */

/** LintSource is one migration file's text and sections. */
export interface LintSource {
  readonly displayPath: string;
  readonly text: string;
  readonly sections: MigrationSections;
  /** The text's checksum (checksumOf), when the caller has it; computed otherwise. */
  readonly checksum?: string;
}

/** remember stores what replaying one file changed, unless the cache has it already. */
function remember(cache: ReplayCache, key: string, state: SchemaState): void {
  cache.counts.replayed++;
  if (cache.delta(key) === undefined) cache.store(key, state.takeDelta());
}

/** LintEntry is a file in replay order and whether its findings are wanted. */
export interface LintEntry {
  readonly source: LintSource;
  readonly check: boolean;
}

/** The ids of findings the engine itself reports (registered as rules for docs and config). */
export const SYNTAX_ERROR = 'syntax-error';
export const INVALID_DIRECTIVE = 'invalid-directive';

interface RawFinding {
  readonly rule: string;
  readonly severity: Severity;
  readonly index: number;
  /** Start of the statement the finding is about, for directives on the statement's first line. */
  readonly statementIndex: number | undefined;
  readonly message: string;
  readonly hint: string;
  readonly section: SectionDirection | null;
  readonly fix?: Fix | undefined;
}

type Parsed = { ok: true; section: LintSection } | { ok: false; error: SqlSyntaxError; section: Section; direction: SectionDirection };

async function parseSection(section: Section, direction: SectionDirection): Promise<Parsed> {
  try {
    const statements = await splitStatements(section.sql);
    return { ok: true, section: { direction, transactional: section.transactional, sql: section.sql, offset: section.offset, statements } };
  } catch (error) {
    if (error instanceof SqlSyntaxError) return { ok: false, error, section, direction };
    throw error;
  }
}

/** ActiveRule is a rule with the severity config gave it. */
interface ActiveRule {
  readonly rule: Rule;
  readonly severity: Severity;
}

/** StatementDispatch routes each statement to the statement hooks that want its type. */
interface StatementDispatch {
  readonly every: readonly ActiveRule[];
  readonly byType: ReadonlyMap<string, readonly ActiveRule[]>;
}

function dispatchOf(rules: readonly ActiveRule[]): StatementDispatch {
  const every: ActiveRule[] = [];
  const byType = new Map<string, ActiveRule[]>();
  for (const active of rules) {
    if (!active.rule.check.statement) continue;
    const types = active.rule.check.nodeTypes;
    if (!types) every.push(active);
    else for (const type of types) byType.set(type, [...(byType.get(type) ?? []), active]);
  }
  return { every, byType };
}

class FileChecker {
  private readonly raw: RawFinding[] = [];
  private rule: ActiveRule | undefined;
  private section: LintSection | undefined;
  private statement: ParsedStatement | undefined;
  private toIndex: (byte: number) => number = (b) => b;
  private schema: SchemaState;
  private readonly ctx: RuleContext;

  constructor(
    private readonly file: LintFile,
    private readonly fileKey: string,
    private readonly rules: readonly ActiveRule[],
    private readonly dispatch: StatementDispatch,
    private readonly options: LintOptions,
    private readonly keywords: KeywordLookup,
    private readonly scan: Scanner,
    private readonly fileAnchor: number,
    schema: SchemaState,
    private readonly ddl: Ddl,
  ) {
    this.schema = schema;
    this.ctx = this.context();
  }

  private context(): RuleContext {
    const self = this;
    const tableOf = (name: QualifiedName | undefined) => (name ? self.schema.table(name) : undefined);
    return {
      file: this.file,
      get section() {
        return self.section;
      },
      get schema() {
        return self.schema;
      },
      options: this.options,
      keywords: this.keywords,
      ddl: this.ddl,
      tableExisted: (name) => {
        if (!name) return false;
        const table = tableOf(name);
        return table ? table.createdIn !== self.fileKey : true;
      },
      columnExisted: (name, column) => {
        const table = tableOf(name);
        if (!name) return false;
        if (!table) return true;
        if (table.createdIn === self.fileKey) return false;
        const known = table.columns.get(column);
        return known ? known.createdIn !== self.fileKey : true;
      },
      tokens: (statement: ParsedStatement): LintToken[] => {
        const sql = self.section?.sql ?? '';
        const base = Buffer.byteLength(sql.slice(0, statement.start));
        return self.scan(statement.text).tokens.map((t) => ({ text: t.text, tokenName: t.tokenName, keywordName: t.keywordName, location: base + t.start }));
      },
      inScope: (name) => !name || !self.options.inScope || self.options.inScope(name),
      createdHere: (object: { readonly createdIn: string } | undefined) => object?.createdIn === self.fileKey,
      report: (message: string, at?: Anchor, extra?: string | ReportExtra) => this.report(message, at, typeof extra === 'string' ? { hint: extra } : extra),
    };
  }

  private report(message: string, at: Anchor, extra: ReportExtra | undefined): void {
    const active = this.rule!;
    let index: number;
    let statementIndex: number | undefined;
    const section = this.section;
    if (section && at !== undefined) {
      if (typeof at === 'number') {
        index = section.offset + this.toIndex(at);
        statementIndex = this.statement ? section.offset + this.statement.start : undefined;
      } else if ('statement' in at) {
        statementIndex = section.offset + at.statement.start;
        index = at.location === undefined ? statementIndex : section.offset + this.toIndex(at.location);
      } else {
        index = section.offset + at.start;
        statementIndex = index;
      }
    } else if (this.statement && section) {
      index = section.offset + this.statement.start;
      statementIndex = index;
    } else if (section) {
      const first = section.statements[0];
      index = first ? section.offset + first.start : section.offset;
    } else {
      index = this.fileAnchor;
    }
    this.raw.push({ rule: active.rule.id, severity: active.severity, index, statementIndex, message, hint: extra?.hint ?? active.rule.hint, section: section?.direction ?? null, fix: extra?.fix });
  }

  /** syntaxError records a parse failure as a finding at its exact position. */
  syntaxError(parsed: Extract<Parsed, { ok: false }>, rule: ActiveRule | undefined): void {
    if (!rule) return;
    this.raw.push({
      rule: SYNTAX_ERROR,
      severity: rule.severity,
      index: parsed.section.offset + parsed.error.index,
      statementIndex: undefined,
      message: parsed.error.message,
      hint: rule.rule.hint,
      section: parsed.direction,
    });
  }

  /** run checks one section (replaying it into `schema` as it goes). */
  run(section: LintSection, schema: SchemaState): void {
    this.schema = schema;
    this.section = section;
    this.toIndex = utf8ToIndex(section.sql);
    const ctx = this.ctx;
    for (const statement of section.statements) {
      this.statement = statement;
      for (const active of this.dispatch.every) {
        this.rule = active;
        active.rule.check.statement!(statement, ctx);
      }
      for (const active of this.dispatch.byType.get(statement.nodeType) ?? []) {
        this.rule = active;
        active.rule.check.statement!(statement, ctx);
      }
      replayStatement(schema, statement, this.fileKey);
    }
    this.statement = undefined;
    for (const active of this.rules) {
      if (!active.rule.check.section) continue;
      this.rule = active;
      active.rule.check.section(section, ctx);
    }
    this.section = undefined;
  }

  /** runFile calls the file hooks with the schema after the up section. */
  runFile(schema: SchemaState): void {
    this.schema = schema;
    this.section = undefined;
    this.statement = undefined;
    const ctx = this.ctx;
    for (const active of this.rules) {
      if (!active.rule.check.file) continue;
      this.rule = active;
      active.rule.check.file(this.file, ctx);
    }
  }

  /** findings applies the disable directives and locates what is left. */
  findings(directives: readonly Directive[], knownRules: ReadonlySet<string>, invalid: ActiveRule | undefined): Finding[] {
    const text = this.file.text;
    const position = positionFinder(text);
    const lineOf = (index: number) => position(index).line;
    const raw = [...this.raw];
    for (const directive of directives) {
      if (directive.rules === 'all' || !invalid) continue;
      for (const name of directive.rules) {
        if (knownRules.has(name)) continue;
        raw.push({
          rule: INVALID_DIRECTIVE,
          severity: invalid.severity,
          index: directive.index,
          statementIndex: undefined,
          message: `unknown rule "${name}" in a disable directive`,
          hint: invalid.rule.hint,
          section: null,
        });
      }
    }
    const out: Finding[] = [];
    for (const finding of raw) {
      const { line, column } = position(finding.index);
      const statementLine = finding.statementIndex === undefined ? undefined : lineOf(finding.statementIndex);
      const silenced = directives.some(
        (d) => (d.rules === 'all' || d.rules.includes(finding.rule)) && (d.targetLine === line || d.targetLine === statementLine),
      );
      if (silenced && finding.rule !== INVALID_DIRECTIVE) continue;
      const located: Finding = { rule: finding.rule, severity: finding.severity, file: this.file.displayPath, line, column, message: finding.message, hint: finding.hint, section: finding.section };
      if (finding.fix) {
        Object.assign(located, { suggestion: suggestionOf(finding.fix) });
        Object.defineProperty(located, 'fix', { value: finding.fix, enumerable: false });
      }
      out.push(located);
    }
    return out.sort((a, b) => a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule));
  }
}

/** positionFinder indexes a text's line starts once, then locates any index by binary search. */
function positionFinder(text: string): (index: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (index) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= index) lo = mid;
      else hi = mid - 1;
    }
    // Columns count code points, as lineColumnAt does.
    return { line: lo + 1, column: lineColumnAt(text.slice(starts[lo]!, index), index - starts[lo]!).column };
  };
}

function upMarkerIndex(source: LintSource): number {
  const up = source.sections.up;
  if (up.offset === 0) return 0;
  // The marker line is the one just before the section's first character.
  return source.text.lastIndexOf('\n', up.offset - 2) + 1;
}

/**
 * lintSources replays `entries` in order and returns the findings of those marked `check`.
 * `rules` are all registered rules; `options.rules` sets their severities. With a `cache`, the
 * schema after a file not checked comes from it when that file and every one before it are
 * unchanged, and what replaying the others changed is stored in it (the caller saves it).
 *
 * @example const findings = await lintSources([{ source, check: true }], { rules: {}, tenantColumns: ['tenant_id'] }, allRules);
 */
export async function lintSources(entries: readonly LintEntry[], options: LintOptions, rules: readonly Rule[], cache?: ReplayCache): Promise<Finding[]> {
  const [keywords, parser, quoter] = await Promise.all([loadKeywordLookup(), loadParser(), loadIdentQuoter()]);
  const ddl = new Ddl(quoter);
  const scan: Scanner = (sql) => parser.scanSync(sql);
  const severityOf = (rule: Rule): Severity | undefined => {
    // A profile's rules run only when the profile is chosen, or when config names them.
    const chosen = rule.profile === undefined || options.profiles?.includes(rule.profile) === true;
    const setting = options.rules[rule.id] ?? (chosen ? rule.defaultSeverity : 'off');
    return setting === 'off' ? undefined : setting;
  };
  const active: ActiveRule[] = rules.flatMap((rule) => {
    const severity = severityOf(rule);
    return severity ? [{ rule, severity }] : [];
  });
  const dispatch = dispatchOf(active);
  const knownRules = new Set(rules.map((r) => r.id));
  // The rules the engine reports itself, when config has not turned them off.
  const builtIn = (id: string) => active.find((a) => a.rule.id === id);
  const state = new SchemaState();
  const findings: Finding[] = [];

  // Files after the last one checked cannot change any finding.
  let last = entries.length - 1;
  while (last >= 0 && !entries[last]!.check) last--;
  // Every file's key, the directory's whole chain: what the cache keeps (replay-cache.ts).
  const keys: string[] = [];
  if (cache) {
    let previous = '';
    for (const { source } of entries) keys.push((previous = chainKey(previous, source.displayPath, source.checksum ?? checksumOf(source.text))));
    cache.keep(keys);
  }
  // A file not checked whose state the cache holds is neither parsed nor replayed.
  const cached = entries.slice(0, last + 1).map((entry, i) => (cache && !entry.check ? cache.delta(keys[i]!) : undefined));
  const parsed = [];
  for (const [i, entry] of entries.slice(0, last + 1).entries()) {
    const { up, down } = entry.source.sections;
    const skip = cached[i] !== undefined;
    parsed.push({ entry, up: skip ? undefined : await parseSection(up, 'up'), down: entry.check && down ? await parseSection(down, 'down') : undefined });
  }
  // Classify every word rules will ask about in one scanner call.
  const wordRules = active.filter((a) => a.rule.check.words);
  if (wordRules.length) {
    const words: string[] = [];
    for (const { entry, up, down } of parsed) {
      if (!entry.check) continue;
      for (const section of [up, down]) {
        if (!section?.ok) continue;
        for (const statement of section.section.statements) for (const a of wordRules) words.push(...a.rule.check.words!(statement));
      }
    }
    keywords.many(words);
  }

  for (const [i, { entry, up: parsedUp, down: parsedDown }] of parsed.entries()) {
    const { source, check } = entry;
    const { up, down } = source.sections;
    const fileKey = source.displayPath;
    const delta = cached[i];
    if (delta) {
      state.applyDelta(delta);
      cache!.counts.hits++;
      continue;
    }
    if (cache) state.startDelta();
    if (!parsedUp) throw new Error('unreachable: a file without a cached state is parsed');
    if (!check) {
      if (parsedUp.ok) for (const statement of parsedUp.section.statements) replayStatement(state, statement, fileKey);
      if (cache) remember(cache, keys[i]!, state);
      continue;
    }
    const file: LintFile = { displayPath: source.displayPath, text: source.text, hasDown: down !== undefined };
    const checker = new FileChecker(file, fileKey, active, dispatch, options, keywords, scan, upMarkerIndex(source), state, ddl);
    if (parsedUp.ok) checker.run(parsedUp.section, state);
    else checker.syntaxError(parsedUp, builtIn(SYNTAX_ERROR));
    if (cache) remember(cache, keys[i]!, state);
    if (parsedDown) {
      // The down section reverts the up section: it sees the schema the up section left, and
      // what it does must not leak into the next file.
      if (parsedDown.ok) checker.run(parsedDown.section, state.fork());
      else checker.syntaxError(parsedDown, builtIn(SYNTAX_ERROR));
    }
    checker.runFile(state);
    const segments = [up, ...(down ? [down] : [])].map((s) => ({ text: s.sql, offset: s.offset }));
    const directives = await findDirectives(source.text, segments);
    findings.push(...checker.findings(directives, knownRules, builtIn(INVALID_DIRECTIVE)));
  }
  return findings;
}
