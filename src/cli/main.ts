#!/usr/bin/env node
import { readFileSync } from 'node:fs';

// A reader that stops early (`tidemark history | head -1`) closes the pipe: that is the reader's
// choice, not a failure, so the process ends quietly with 0 instead of an unhandled EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

// `--version` answers before anything else loads: it must stay well under 100 ms.
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  process.stdout.write(`${pkg.version}\n`);
} else {
  // The program ships bundled into one file by scripts/bundle.mjs (part of `npm run build`).
  const bundle = new URL('./program.bundle.mjs', import.meta.url).href;
  const { runCli } = (await import(bundle)) as typeof import('./program.js');
  process.exitCode = await runCli(args);
}
