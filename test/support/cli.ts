import { execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './project.js';

export const CLI = path.join(REPO_ROOT, 'dist', 'src', 'cli', 'main.js');

/** CliResult is what a CLI run printed and how it exited. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** runCli runs the built CLI as a user would, in `cwd`, with no TTY and no DATABASE_URL leaking in. */
export function runCli(args: readonly string[], options: { cwd: string; env?: Record<string, string> }): Promise<CliResult> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...options.env };
    if (!options.env?.['DATABASE_URL']) delete env['DATABASE_URL'];
    execFile(process.execPath, [CLI, ...args], { cwd: options.cwd, env, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** spawnCli starts a CLI process without waiting, for concurrency tests. */
export function spawnCli(args: readonly string[], options: { cwd: string }): Promise<CliResult> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete env['DATABASE_URL'];
    const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}
