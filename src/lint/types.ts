import type { ParsedStatement } from '../parser/parser.js';
import type { KeywordLookup } from '../parser/keywords.js';
import type { QualifiedName } from './ast.js';
import type { SchemaView } from './schema/state.js';
import type { LintProfile } from './profiles.js';

/**
 * The lint framework's vocabulary: rules, the context they check in, and the findings they
 * report. A rule is plain data plus check hooks; the engine (engine.ts) parses, replays the
 * schema, calls the hooks, and turns reports into located findings.
 */

/** Severity of a finding. */
export type Severity = 'error' | 'warn';
/** RuleSetting is what config may set a rule to. */
export type RuleSetting = Severity | 'off';

/** Direction of a migration section. */
export type SectionDirection = 'up' | 'down';

/** LintSection is one parsed section of a migration file. */
export interface LintSection {
  readonly direction: SectionDirection;
  readonly transactional: boolean;
  /** The section's SQL and where it starts in the file (UTF-16 index). */
  readonly sql: string;
  readonly offset: number;
  readonly statements: readonly ParsedStatement[];
}

/** LintFile is one migration file being linted. */
export interface LintFile {
  /** Path for messages (relative to the project root). */
  readonly displayPath: string;
  readonly text: string;
  /** True when the file has a `-- migrate:down` marker. */
  readonly hasDown: boolean;
}

/**
 * Anchor says where a finding is: a node's byte `location` from the parse tree (as in
 * `columnDef.location`), a statement, a location inside a given statement (from section hooks),
 * or, when omitted, the statement being checked (statement hooks), the section's first statement
 * (section hooks) or the file's up marker (file hooks).
 */
export type Anchor = number | ParsedStatement | { readonly statement: ParsedStatement; readonly location: number | undefined } | undefined;

/** LintOptions are the `lint` config key, resolved. */
export interface LintOptions {
  /** Per-rule overrides of the default severity. */
  readonly rules: Readonly<Record<string, RuleSetting>>;
  /** Columns that make a table tenant-scoped (for tenant-table-without-rls). */
  readonly tenantColumns: readonly string[];
  /** Whether a table is in the project's scope (catalog/scope.ts); absent: every table is. */
  readonly inScope?: ((table: QualifiedName) => boolean) | undefined;
  /** The profiles chosen (`--profile`, config `lint.profiles`): their rules run. Absent: none. */
  readonly profiles?: readonly LintProfile[] | undefined;
  /** The column row-based Citus distributes by (the `citus` profile); default `tenant_id`. */
  readonly distributionColumn?: string | undefined;
}

/** RuleContext is what a check sees. */
export interface RuleContext {
  readonly file: LintFile;
  /** The section being checked; undefined in file hooks. */
  readonly section: LintSection | undefined;
  /**
   * The replayed schema: before the statement (statement hooks), after the section (section
   * hooks), after the up section (file hooks).
   */
  readonly schema: SchemaView;
  readonly options: LintOptions;
  readonly keywords: KeywordLookup;
  /**
   * tableExisted tells whether a table held rows before this file ran: created by an earlier
   * migration, or unknown to the replay (created outside it; it must exist for the statement to
   * work). A table created earlier in this same file did not.
   */
  tableExisted(name: QualifiedName | undefined): boolean;
  /** columnExisted is tableExisted for a column: false when this file added it. */
  columnExisted(table: QualifiedName | undefined, column: string): boolean;
  /**
   * inScope tells whether a table belongs to the user's schema as the project's scope defines it
   * (config schemas / excludeSchemas / excludeTables, the control schema, other tools' history
   * tables). Rules about the schema's design ({@link Rule.scoped}) report only tables in scope.
   */
  inScope(name: QualifiedName | undefined): boolean;
  /** createdHere tells whether this file created the object (a table, column, index …). */
  createdHere(object: { readonly createdIn: string } | undefined): boolean;
  /**
   * tokens returns a statement's scanner tokens (libpg-query's), each with its byte `location`
   * in the section — usable as an {@link Anchor}. For what the parse tree no longer shows, such
   * as an identifier's length before PostgreSQL truncated it.
   */
  tokens(statement: ParsedStatement): readonly LintToken[];
  /** report records a finding of the rule being run. `hint` overrides the rule's hint. */
  report(message: string, at?: Anchor, hint?: string): void;
}

/** LintToken is one scanner token of a statement. */
export interface LintToken {
  readonly text: string;
  /** The scanner's token name: IDENT, SCONST, SQL_COMMENT … (keywords are UNKNOWN). */
  readonly tokenName: string;
  readonly keywordName: string;
  /** Byte offset in the section (an {@link Anchor}). */
  readonly location: number;
}

/** RuleChecks are a rule's hooks; a rule implements the ones it needs. */
export interface RuleChecks {
  /**
   * The statement types (`CreateStmt`, `AlterTableStmt` …) the `statement` hook looks at; the
   * engine calls it for those only. Omitted: every statement.
   */
  readonly nodeTypes?: readonly string[];
  /**
   * Words the rule will classify with `ctx.keywords` for a statement. The engine classifies the
   * words of all files in one scanner call before checking, instead of one call per statement.
   */
  words?(statement: ParsedStatement): readonly string[];
  /** Called for each statement of each section, before the statement is replayed. */
  statement?(statement: ParsedStatement, ctx: RuleContext): void;
  /** Called once per section, after all its statements are replayed. */
  section?(section: LintSection, ctx: RuleContext): void;
  /** Called once per file. */
  file?(file: LintFile, ctx: RuleContext): void;
}

/**
 * Rule is one lint check. `id` is stable (config and directives name it), `doc` is one line for
 * the rules table, `hint` is the one-line fix shown under each finding. `squawk` and
 * `strongMigrations` name the matching checks of those tools, for users coming from them.
 *
 * @example
 * const rule: Rule = { id: 'ban-drop-database', doc: '…', defaultSeverity: 'error', hint: '…',
 *   squawk: ['ban-drop-database'], check: { statement(s, ctx) { if (s.nodeType === 'DropdbStmt') ctx.report('…'); } } };
 */
export interface Rule {
  readonly id: string;
  readonly doc: string;
  readonly defaultSeverity: Severity;
  readonly hint: string;
  /**
   * True for rules about the design of the user's schema (key types, column types, primary keys,
   * RLS, indexes on foreign keys): they leave out tables outside the project's scope. Rules about
   * what a statement does to a live database (locks, rewrites, lost data) report every table: the
   * statement runs, and locks, whatever the table is.
   */
  readonly scoped?: true;
  /**
   * The profile the rule belongs to: off unless that profile is chosen (or config `lint.rules`
   * names the rule). Absent: the rule runs by default.
   */
  readonly profile?: LintProfile;
  readonly squawk?: readonly string[];
  readonly strongMigrations?: readonly string[];
  readonly check: RuleChecks;
}

/** Finding is one located problem. Lines and columns are 1-based; columns count code points. */
export interface Finding {
  readonly rule: string;
  readonly severity: Severity;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
  readonly hint: string;
  /** The section it is in; null for findings about the file as a whole. */
  readonly section: SectionDirection | null;
}

/** LintReport is the result of a lint run; JSON-serializable as is. */
export interface LintReport {
  /** Display paths of the files linted, in order. */
  readonly files: readonly string[];
  readonly findings: readonly Finding[];
  readonly errors: number;
  readonly warnings: number;
  /** Files passed in that cannot be linted (TypeScript migrations), with the reason. */
  readonly skipped: readonly { readonly file: string; readonly reason: string }[];
}
