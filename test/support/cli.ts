import { execFile, fork, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from './project.js';

export const CLI = path.join(REPO_ROOT, 'dist', 'src', 'cli', 'main.js');

/** CliResult is what a CLI run printed and how it exited. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** CliOptions: where to run, extra environment, and whether the run needs a process of its own. */
export interface CliOptions {
  readonly cwd: string;
  readonly env?: Record<string, string>;
  /**
   * A fresh `node dist/src/cli/main.js` process, for what only a process shows: how it exits, a
   * handle left open, signals. Otherwise the run goes to the test file's CLI host (cli-host.ts),
   * which calls the same entry point without paying a process start per run.
   * TIDEMARK_TEST_CLI=process makes every run a process.
   */
  readonly process?: boolean;
}

function cliEnv(extra: Record<string, string> | undefined): Record<string, string> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...extra };
  if (!extra?.['DATABASE_URL']) delete env['DATABASE_URL'];
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

/** runCli runs the built CLI as a user would, in `cwd`, with no TTY and no DATABASE_URL leaking in. */
export function runCli(args: readonly string[], options: CliOptions): Promise<CliResult> {
  if (options.process || process.env['TIDEMARK_TEST_CLI'] === 'process') return runProcess(args, options);
  return host().run(args, options.cwd, cliEnv(options.env));
}

function runProcess(args: readonly string[], options: CliOptions): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd: options.cwd, env: cliEnv(options.env), maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

interface Pending {
  resolve(result: CliResult): void;
}

/** Host is the test process's handle on its CLI host; a host that dies fails its runs and is replaced. */
class Host {
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, Pending>();
  private readonly ready: Promise<void>;
  private nextId = 0;
  private log = '';

  constructor() {
    const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cli-host.js');
    this.child = fork(script, [], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'], env: cliEnv(undefined) });
    // What the host writes outside a run (a crash) is kept for the runs it fails.
    this.child.stdout!.on('data', (d) => (this.log += d));
    this.child.stderr!.on('data', (d) => (this.log += d));
    this.ready = new Promise((resolve) => this.child.once('message', () => resolve()));
    this.child.on('message', (message: { id?: number } & CliResult) => {
      if (message.id === undefined) return;
      this.pending.get(message.id)?.resolve({ code: message.code, stdout: message.stdout, stderr: message.stderr });
      this.pending.delete(message.id);
      this.idle();
    });
    this.child.on('exit', (code) => {
      if (current === this) current = undefined;
      for (const p of this.pending.values()) p.resolve({ code: code ?? 1, stdout: '', stderr: `CLI host exited (${code}): ${this.log}` });
      this.pending.clear();
    });
    this.idle();
  }

  /** The host must not keep the test process alive between runs. */
  private idle(): void {
    if (this.pending.size > 0) return;
    this.child.unref();
    (this.child.channel as { unref?: () => void } | undefined)?.unref?.();
    for (const stream of [this.child.stdout, this.child.stderr]) (stream as unknown as { unref?: () => void } | null)?.unref?.();
  }

  async run(args: readonly string[], cwd: string, env: Record<string, string>): Promise<CliResult> {
    this.child.ref();
    (this.child.channel as { ref?: () => void } | undefined)?.ref?.();
    await this.ready;
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, { resolve });
      this.child.send({ id, args: [...args], cwd, env });
    });
  }
}

let current: Host | undefined;
function host(): Host {
  current ??= new Host();
  return current;
}

/** spawnCli starts a CLI process without waiting, for concurrency tests. */
export function spawnCli(args: readonly string[], options: { cwd: string }): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd, env: cliEnv(undefined), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}
