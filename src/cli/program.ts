import path from 'node:path';
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { openTidemark, type Tidemark } from '../tidemark.js';
import { closeIdleShadows } from '../shadow/pool.js';
import { Output, type GlobalOptions } from './output.js';
import { Progress } from './progress.js';
import { ExitCode } from '../errors.js';
import { commands } from './commands/index.js';

/** CliContext is what a command handler gets: parsed globals, output, and the API. */
export interface CliContext {
  readonly globals: GlobalOptions;
  readonly out: Output;
  readonly cwd: string;
  /**
   * open returns the project's Tidemark (config loaded, database connected on first use); with
   * `readOnly`, every connection it opens refuses writes (Studio).
   */
  open(options?: { readOnly?: boolean }): Promise<Tidemark>;
  /** progress runs a step that may be slow, with a spinner on a terminal's stderr (see progress.ts). */
  progress<T>(label: string, work: () => Promise<T>): Promise<T>;
}

/** A command handler returns its exit code. */
export type CommandHandler = (ctx: CliContext, ...args: unknown[]) => Promise<number>;

function version(): string {
  return (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

/** wantsJson reads --json from the raw arguments: a usage error can stop parsing before it is seen. */
function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
}

/** runCli parses `argv` (without node and script), runs the command and returns the exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = new Command('tidemark')
    .description('Versioned PostgreSQL migrations, schema introspection, docs and types — on a server or embedded PGlite.')
    .version(version(), '-V, --version')
    .option('-c, --config <file>', 'config file (default: tidemark.config.* searched upward)')
    .option('-d, --database <url>', 'database URL: postgres://…, pglite:<dir>, pglite:memory')
    .option('--dev-database <url>', 'shadow databases become temporary databases on this PostgreSQL server (default: in-process PGlite)')
    .option('-C, --cwd <dir>', 'run as if started in <dir>')
    .option('-e, --env <name>', 'config environment to use (config environments; default TIDEMARK_ENV)')
    .option('--json', 'print one JSON document')
    .option('-v, --verbose', 'show details and stack traces on errors')
    .option('--no-color', 'no ANSI colours')
    .exitOverride();
  // Bad input is one line on stderr: commander's suggestion and the usage hint join the error's line.
  program.configureOutput({ outputError: (text, write) => write(`${text.trim().replace(/\s*\n\s*/g, ' ')} (run "tidemark --help" for usage)\n`) });

  let exitCode: number = ExitCode.ok;
  let opened: Tidemark | undefined;
  const context = (): CliContext => {
    const globals = program.opts<GlobalOptions>();
    const cwd = path.resolve(globals.cwd ?? process.cwd());
    const out = new Output(globals);
    const progress = new Progress(out.stderr, { json: out.json });
    return {
      progress: (label, work) => progress.run(label, work),
      globals,
      out,
      cwd,
      open: async ({ readOnly } = {}) => {
        // A source introspected twice in one command (diff, drift) warns once per object.
        const warned = new Set<string>();
        const onWarning = (message: string) => {
          if (!warned.has(message)) out.warn(message);
          warned.add(message);
        };
        opened ??= await openTidemark({ cwd, configFile: globals.config, database: globals.database, environment: globals.env, devDatabase: globals.devDatabase, onWarning, readOnly });
        return opened;
      },
    };
  };

  for (const define of commands) {
    define(program, (handler: CommandHandler) => async (...args: unknown[]) => {
      const ctx = context();
      try {
        exitCode = await handler(ctx, ...args);
      } catch (error) {
        exitCode = ctx.out.error(error);
      }
    });
  }

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      const benign = ['commander.helpDisplayed', 'commander.version', 'commander.help', 'commander.executeSubCommandAsync'];
      if (benign.includes(error.code)) return ExitCode.ok;
      // Commander already printed its line (and the help hint) on stderr; with --json the usage
      // error is also the document on stdout, as every other error is (see Output.error).
      if (wantsJson(argv)) process.stdout.write(`${JSON.stringify({ error: { code: 'E_USAGE', message: error.message.replace(/^error: /, '').split('\n')[0], exitCode: ExitCode.usage } }, null, 2)}\n`);
      return ExitCode.usage;
    }
    return new Output(program.opts<GlobalOptions>()).error(error);
  } finally {
    await opened?.close().catch(() => {});
    // Kept shadows would hold the process open until their idle timeout: a command is done here.
    await closeIdleShadows().catch(() => {});
  }
  return exitCode;
}
