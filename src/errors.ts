/**
 * Exit codes of the CLI, also carried by every {@link TidemarkError} so library callers can map
 * failures the same way: 1 an operation or check failed, 2 usage or configuration, 3 connection.
 */
export const ExitCode = {
  ok: 0,
  failed: 1,
  usage: 2,
  connection: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * TidemarkError is the base of every error Tidemark throws on purpose. `code` is stable and
 * documented (e.g. `E_CONFIG`), `exitCode` is what the CLI exits with, and `message` is one line a
 * user can act on. Details beyond that line go to `cause` and are shown only with `--verbose`.
 */
export class TidemarkError extends Error {
  readonly code: string;
  readonly exitCode: ExitCode;

  constructor(code: string, message: string, exitCode: ExitCode, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.exitCode = exitCode;
  }
}

/** UsageError: a command was called with arguments that cannot work (exit 2). */
export class UsageError extends TidemarkError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_USAGE', message, ExitCode.usage, options);
  }
}

/** ConfigError: the configuration is invalid; `issues` lists every problem, each naming its key. */
export class ConfigError extends TidemarkError {
  readonly issues: readonly string[];

  constructor(file: string | undefined, issues: readonly string[], options?: { cause?: unknown }) {
    const where = file ? `${file}: ` : '';
    super('E_CONFIG', `${where}${issues.join('; ')}`, ExitCode.usage, options);
    this.issues = issues;
  }
}

/** ConnectionError: the database could not be reached; the message names the redacted URL. */
export class ConnectionError extends TidemarkError {
  constructor(redactedUrl: string, reason: string, options?: { cause?: unknown }) {
    super('E_CONNECT', `could not connect to ${redactedUrl}: ${reason}`, ExitCode.connection, options);
  }
}

/**
 * DevDatabaseError: a shadow database could not be created on the dev database server (exit 2:
 * the server's user needs CREATEDB, or the URL must change) or could not be dropped after use
 * (exit 1; the message names the database to drop by hand). The message shows the redacted URL.
 */
export class DevDatabaseError extends TidemarkError {
  constructor(message: string, exitCode: ExitCode, options?: { cause?: unknown }) {
    super('E_DEV_DATABASE', message, exitCode, options);
  }
}

/**
 * MigrationFileError: a migration file is malformed (bad name, duplicate version, bad markers,
 * SQL that does not parse). The message starts with `file:line:col` where known. Exit 2, since the
 * repository, not the database, must be fixed.
 */
export class MigrationFileError extends TidemarkError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_MIGRATION_FILE', message, ExitCode.usage, options);
  }
}

/**
 * MigrationStateError: the history and the files disagree in a way that blocks the command
 * (an applied file changed, out-of-order versions, nothing to revert to). Exit 1.
 */
export class MigrationStateError extends TidemarkError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_MIGRATION_STATE', message, ExitCode.failed, options);
  }
}

/** SqlLocation points into a file: 1-based line and column. */
export interface SqlLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/**
 * MigrationExecutionError: a statement failed while applying or reverting a migration. It carries
 * the PostgreSQL SQLSTATE, the failing statement and its location in the migration file.
 */
export class MigrationExecutionError extends TidemarkError {
  readonly version: string;
  readonly sqlState: string | undefined;
  readonly location: SqlLocation | undefined;
  readonly statement: string | undefined;

  constructor(args: {
    version: string;
    message: string;
    sqlState?: string | undefined;
    location?: SqlLocation | undefined;
    statement?: string | undefined;
    cause?: unknown;
  }) {
    const where = args.location ? `${args.location.file}:${args.location.line}:${args.location.column}: ` : '';
    const state = args.sqlState ? ` (SQLSTATE ${args.sqlState})` : '';
    super('E_MIGRATION_FAILED', `${where}${args.message}${state}`, ExitCode.failed, { cause: args.cause });
    this.version = args.version;
    this.sqlState = args.sqlState;
    this.location = args.location;
    this.statement = args.statement;
  }
}

/** LockTimeoutError: another Tidemark held the migration lock for longer than allowed. */
export class LockTimeoutError extends TidemarkError {
  constructor(message: string) {
    super('E_LOCK_TIMEOUT', message, ExitCode.failed);
  }
}

/**
 * ReferenceDocumentError: a Markdown reference document cannot be read or loaded. The message
 * starts with `file:line:col` of the offending line. Exit 2: the document must be fixed.
 */
export class ReferenceDocumentError extends TidemarkError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_REFERENCE', message, ExitCode.usage, options);
  }
}

/**
 * UnsupportedObjectsError: the database holds objects (or non-default settings) that Tidemark's
 * schema model cannot represent, so comparing it would silently miss them. The message is a
 * summary line, then one `unsupported: <type> <identity>` line per object. Exit 2: the schema (or
 * config `unsupported: 'warn'`) must change.
 */
export class UnsupportedObjectsError extends TidemarkError {
  readonly objects: readonly string[];

  constructor(objects: readonly string[]) {
    const summary = `${objects.length} ${objects.length === 1 ? 'object' : 'objects'} Tidemark cannot represent yet (set unsupported: 'warn' to proceed):`;
    super('E_UNSUPPORTED', [summary, ...objects.map((o) => `unsupported: ${o}`)].join('\n'), ExitCode.usage);
    this.objects = objects;
  }
}

/** isTidemarkError narrows unknown errors to ones that carry a code and exit code. */
export function isTidemarkError(error: unknown): error is TidemarkError {
  return error instanceof TidemarkError;
}

/**
 * PlanUnverifiedError: a plan was applied in a shadow database and did not give the schema it
 * promises (or could not run there). The message is one line saying what failed, then one
 * `differs|missing|unexpected <kind> <identity>` line per object that differs (the first `limit`,
 * with a count of the rest). Exit 1; `--no-verify` skips the check.
 */
export class PlanUnverifiedError extends TidemarkError {
  readonly differences: readonly { readonly object: string; readonly problem: string; readonly facts: readonly string[] }[];

  constructor(
    what: string,
    differences: readonly { readonly object: string; readonly problem: string; readonly facts: readonly string[] }[],
    options: { limit?: number; cause?: unknown } = {},
  ) {
    const limit = options.limit ?? 20;
    const count = differences.length ? `: ${differences.length} ${differences.length === 1 ? 'object differs' : 'objects differ'}` : '';
    const lines = differences.slice(0, limit).map((d) => `  ${d.problem} ${d.object}${d.facts.length ? ` (${d.facts.join(', ')})` : ''}`);
    if (differences.length > limit) lines.push(`  … and ${differences.length - limit} more`);
    super('E_PLAN_UNVERIFIED', [`plan verification failed: ${what}${count} (rerun with --no-verify to skip the check)`, ...lines].join('\n'), ExitCode.failed, options);
    this.differences = differences;
  }
}

/** SeedError: a seed file failed; the message starts with `file:line:col` for SQL seeds. Its transaction was rolled back. Exit 1. */
export class SeedError extends TidemarkError {
  readonly sqlState: string | undefined;

  constructor(message: string, sqlState: string | undefined, options?: { cause?: unknown }) {
    super('E_SEED_FAILED', `${message}${sqlState ? ` (SQLSTATE ${sqlState})` : ''}`, ExitCode.failed, options);
    this.sqlState = sqlState;
  }
}

/**
 * SumMismatchError: `migrations/tidemark.sum` does not match the migration files — two branches
 * added migrations, or a file was edited or removed. Exit 2: the repository must be fixed.
 */
export class SumMismatchError extends TidemarkError {
  readonly problems: readonly string[];

  constructor(message: string, problems: readonly string[]) {
    super('E_SUM_MISMATCH', message, ExitCode.usage);
    this.problems = problems;
  }
}

/**
 * TenantSetupError: a new tenant's schema could not be set up on its database (exit 1) — for
 * Citus schema-based sharding, `citus_schema_distribute` failed. Nothing of the tenant is left:
 * the schema's creation was rolled back and its registry row removed; the message says so.
 */
export class TenantSetupError extends TidemarkError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_TENANT_SETUP', message, ExitCode.failed, options);
  }
}
