import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { REPO_ROOT } from './project.js';

/**
 * A test file runs the CLI hundreds of times; as a fresh process each run pays Node's start, the
 * bundle's load and PGlite's WebAssembly compile before doing anything (about a second). This host
 * is one long-lived process per test file that runs the CLI's own entry point, `runCli`, for one
 * request after another, each with the caller's arguments, directory and environment, and hands
 * back what it wrote and the exit code it returned. What only a real process shows (exit on a
 * signal, a handle keeping it alive, a TTY) is tested with `runCli(…, { process: true })`.
 */

interface Request {
  readonly id: number;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: Record<string, string>;
}

type Write = typeof process.stdout.write;

const bundle = pathToFileURL(path.join(REPO_ROOT, 'dist', 'src', 'cli', 'program.bundle.mjs')).href;
const { runCli } = (await import(bundle)) as typeof import('../../src/cli/program.js');

async function serve(request: Request): Promise<{ code: number; stdout: string; stderr: string }> {
  for (const key of Object.keys(process.env)) delete process.env[key];
  Object.assign(process.env, request.env);
  process.chdir(request.cwd);
  const out: string[] = [];
  const err: string[] = [];
  const capture = (into: string[]): Write =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      done?.();
      return true;
    }) as Write;
  const [stdoutWrite, stderrWrite] = [process.stdout.write, process.stderr.write];
  process.stdout.write = capture(out);
  process.stderr.write = capture(err);
  let code: number;
  try {
    code = await runCli(request.args);
  } catch (error) {
    err.push(`${(error as Error).stack ?? String(error)}\n`);
    code = 1;
  } finally {
    process.stdout.write = stdoutWrite;
    process.stderr.write = stderrWrite;
    process.exitCode = 0;
  }
  return { code, stdout: out.join(''), stderr: err.join('') };
}

// One request at a time: the environment, the directory and the standard streams are the process's.
let queue = Promise.resolve();
process.on('message', (request: Request) => {
  queue = queue.then(async () => void process.send!({ id: request.id, ...(await serve(request)) }));
});
process.send!({ ready: true });
