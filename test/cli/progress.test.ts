import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { createProject } from '../support/project.js';
import { CLI } from '../support/cli.js';

/** `script` (util-linux) gives the command a pseudo-terminal, as a person's shell would. */
const hasScript = (() => {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** onTerminal runs `tidemark <args>` with stderr on a pseudo-terminal and stdout into `outFile`; returns what the terminal showed. */
function onTerminal(args: string, cwd: string, env: Record<string, string | undefined>): Promise<string> {
  const clean: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', TIDEMARK_PROGRESS_DELAY_MS: '0', ...env };
  delete clean['DATABASE_URL'];
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete clean[k];
  return new Promise((resolve, reject) => {
    execFile('script', ['-qec', `"${process.execPath}" "${CLI}" ${args} > out.txt`, '/dev/null'], { cwd, env: clean }, (error, stdout) => {
      if (error && typeof error.code !== 'number') reject(error);
      else resolve(stdout);
    });
  });
}

describe('progress through the built CLI on a pseudo-terminal', { skip: hasScript ? false : 'script (util-linux) is not installed' }, () => {
  it('drift shows its step on the terminal\'s stderr, never on stdout, with --json or in CI', async () => {
    const project = await createProject({
      config: { database: 'pglite:memory', schema: 'schema' },
      migrations: { '001_a.sql': '-- migrate:up\ncreate table a (id int primary key);\n-- migrate:down\ndrop table a;\n' },
    });
    try {
      await fs.mkdir(path.join(project.dir, 'schema'));
      await fs.writeFile(path.join(project.dir, 'schema', 'schema.sql'), 'create table a (id int primary key);\n');
      const out = () => fs.readFile(path.join(project.dir, 'out.txt'), 'utf8');

      const shown = await onTerminal('drift', project.dir, { CI: undefined });
      assert.match(shown, /Comparing the database with its source… \d+ s/);
      assert.ok((await out()).length > 0, 'drift printed its result on stdout');
      assert.doesNotMatch(await out(), /Comparing|\r/, 'stdout carries no progress');

      assert.doesNotMatch(await onTerminal('drift --json', project.dir, { CI: undefined }), /Comparing/);
      JSON.parse(await out());
      assert.doesNotMatch(await onTerminal('drift', project.dir, { CI: 'true' }), /Comparing/);
    } finally {
      await project.dispose();
    }
  });
});
