import pc from 'picocolors';
import { isTidemarkError, MigrationExecutionError, ExitCode, UnsupportedObjectsError, PlanUnverifiedError } from '../errors.js';

/** GlobalOptions are accepted by every command. */
export interface GlobalOptions {
  readonly config?: string;
  readonly database?: string;
  readonly devDatabase?: string;
  readonly cwd?: string;
  readonly env?: string;
  readonly json?: boolean;
  readonly verbose?: boolean;
  readonly color?: boolean;
}

/**
 * Output renders for people (lines, colour only on a TTY and never with NO_COLOR) or for machines
 * (`--json`: one JSON document on stdout). Errors always go to stderr as one line.
 */
export class Output {
  readonly json: boolean;
  readonly verbose: boolean;
  readonly colors: ReturnType<typeof pc.createColors>;

  constructor(options: GlobalOptions, readonly stdout: NodeJS.WriteStream = process.stdout, readonly stderr: NodeJS.WriteStream = process.stderr) {
    this.json = options.json === true;
    this.verbose = options.verbose === true;
    const colorful = options.color !== false && !process.env['NO_COLOR'] && stdout.isTTY === true;
    this.colors = pc.createColors(colorful);
  }

  /** line prints a human line; suppressed in JSON mode, where only the final document is printed. */
  line(text = ''): void {
    if (!this.json) this.stdout.write(`${text}\n`);
  }

  /** note prints progress to stderr in JSON mode and to stdout otherwise. */
  note(text: string): void {
    (this.json ? this.stderr : this.stdout).write(`${text}\n`);
  }

  /** How many warnings were printed: a comparison that found nothing must not look conclusive then. */
  warnings = 0;

  /** warn prints a warning to stderr (in every mode: it must not mix with a JSON document). */
  warn(text: string): void {
    this.warnings++;
    this.stderr.write(`${this.colors.yellow('warning:')} ${text}\n`);
  }

  /** document prints the JSON result of a command (only in JSON mode). */
  document(value: unknown): void {
    if (this.json) this.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** error reports a failure in one line (plus details with --verbose) and returns the exit code. */
  error(error: unknown): number {
    const exitCode = exitCodeOf(error);
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    const prefix = isTidemarkError(error) ? '' : 'unexpected error: ';
    this.stderr.write(`${this.colors.red('error:')} ${prefix}${message}\n`);
    // The errors that are lists: every object they name gets its line.
    if (error instanceof UnsupportedObjectsError) for (const o of error.objects) this.stderr.write(`unsupported: ${o}\n`);
    if (error instanceof PlanUnverifiedError) for (const line of error.message.split('\n').slice(1)) this.stderr.write(`${line}\n`);
    if (this.verbose) {
      if (error instanceof MigrationExecutionError && error.statement) this.stderr.write(`statement:\n${error.statement}\n`);
      let cause: unknown = error;
      while (cause instanceof Error) {
        this.stderr.write(`${cause.stack ?? cause.message}\n`);
        const detail = (cause as { detail?: string }).detail;
        if (detail) this.stderr.write(`detail: ${detail}\n`);
        cause = cause.cause;
      }
    } else if (!isTidemarkError(error)) {
      this.stderr.write('(run with --verbose for details)\n');
    }
    if (this.json) {
      const code = isTidemarkError(error) ? error.code : 'E_UNEXPECTED';
      const objects =
        error instanceof UnsupportedObjectsError ? { objects: error.objects } : error instanceof PlanUnverifiedError ? { verified: false, differences: error.differences } : {};
      this.stdout.write(`${JSON.stringify({ error: { code, message, exitCode, ...objects } }, null, 2)}\n`);
    }
    return exitCode;
  }
}

function exitCodeOf(error: unknown): number {
  if (isTidemarkError(error)) return error.exitCode;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && ['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EPIPE', '57P01', '57P03'].includes(code)) {
    return ExitCode.connection;
  }
  return ExitCode.failed;
}

/**
 * unlessUnsupported qualifies a "nothing differs" line when objects were left out of the
 * comparison (config `unsupported: 'warn'`), so no command claims a match it could not check.
 */
export function unlessUnsupported(out: Output, line: string): string {
  if (out.warnings === 0) return line;
  return `${line.replace(/\.$/, '')} — for the objects Tidemark models; ${out.warnings} unsupported object(s) were not compared (see the warnings above).`;
}
