#!/usr/bin/env node
import { readFileSync } from 'node:fs';

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
