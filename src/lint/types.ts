import type { ParsedStatement } from '../parser/parser.js';
import type { KeywordLookup } from '../parser/keywords.js';
import type { QualifiedName } from './ast.js';
import type { SchemaView } from './schema/state.js';
import type { Ddl } from '../sql/ddl.js';
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
  /**
   * The SQL printer `generate` writes with (src/sql/ddl.ts), quoting as PostgreSQL's
   * quote_ident() does: suggestions are printed through it, never pasted together.
   */
  readonly ddl: Ddl;
  /**
   * report records a finding of the rule being run. A string `extra` overrides the rule's hint;
   * an object may also carry the finding's {@link Fix}.
   */
  report(message: string, at?: Anchor, extra?: string | ReportExtra): void;
}

/** ReportExtra is what a finding may carry besides its message. */
export interface ReportExtra {
  readonly hint?: string | undefined;
  readonly fix?: Fix | undefined;
}

/** FixPart is SQL for a migration of its own after the file, and the SQL that reverts it (its down section). */
export interface FixPart {
  readonly up: readonly string[];
  readonly down: readonly string[];
}

/**
 * Fix is a finding's safe form, as statements (each ending in `;`). The statement at
 * [start, end) of the file — UTF-16 indexes, its semicolon excluded — is replaced by `inPlace`;
 * `concurrent` runs after the file, outside a transaction (a `transaction:false` migration);
 * `next` runs in the migration after that (VALIDATE, and what waits for it). `downFirst` reverts
 * `inPlace` at the start of the file's down section, and `moved` names objects whose drop in the
 * file's down section now belongs to a later migration's down section. The suggestion shown under
 * a finding is printed from it (fixes/suggestion.ts); `tidemark lint --fix` applies it when
 * `rewritable` (fixes/rewrite.ts).
 */
export interface Fix {
  readonly section: SectionDirection;
  readonly start: number;
  readonly end: number;
  readonly inPlace: readonly string[];
  /**
   * When set, `inPlace` is the statement with these insertions (UTF-16 indexes of the file) and
   * nothing else changed: --fix makes them in the file, so several fixes of one statement combine.
   */
  readonly edits?: readonly FileInsertion[] | undefined;
  readonly concurrent?: FixPart | undefined;
  readonly next?: FixPart | undefined;
  readonly downFirst?: readonly string[] | undefined;
  readonly moved?: readonly MovedObject[] | undefined;
  /** Why `--fix` leaves it alone (the suggestion is still shown); undefined: it is rewritable. */
  readonly manual?: string | undefined;
}

/** FileInsertion puts `text` at a UTF-16 index of the file. */
export interface FileInsertion {
  readonly at: number;
  readonly text: string;
}

/** MovedObject is an index or constraint whose creation a fix moved into a later migration. */
export type MovedObject = { readonly kind: 'index'; readonly name: string } | { readonly kind: 'constraint'; readonly table: QualifiedName; readonly name: string };

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
  /** The safe form as SQL to paste, when the finding has one (absent otherwise). */
  readonly suggestion?: string;
  /**
   * The structured safe form `--fix` applies. Not enumerable: JSON output and equality leave it
   * out (the suggestion is its readable form).
   */
  readonly fix?: Fix;
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
