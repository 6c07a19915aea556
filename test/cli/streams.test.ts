import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createProject } from '../support/project.js';
import { CLI, runCli } from '../support/cli.js';

/** piped runs `tidemark <args> | head -1` in a shell and returns each side's exit status. */
function piped(args: string, cwd: string): Promise<{ tidemark: number; head: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env['DATABASE_URL'];
  const script = `"${process.execPath}" "${CLI}" ${args} | head -1; echo "status: \${PIPESTATUS[0]} \${PIPESTATUS[1]}" >&2`;
  return new Promise((resolve) => {
    execFile('bash', ['-c', script], { cwd, env }, (_error, stdout, stderr) => {
      const m = /status: (\d+) (\d+)/.exec(stderr);
      assert.ok(m, stderr);
      resolve({ tidemark: Number(m[1]), head: Number(m[2]), stdout, stderr });
    });
  });
}

describe('the CLI and its streams', () => {
  it('a long output piped into `head -1` ends with exit 0 and no stack trace (EPIPE)', async () => {
    // Far more than a pipe buffer (64 KiB) of JSON: the write is still going when head exits.
    const tables = Array.from({ length: 60 }, (_, i) => `create table t${i} (id int primary key, name text not null, note text);`).join('\n');
    const project = await createProject({ migrations: { '001_many.sql': `${tables}\n` } });
    try {
      const full = await runCli(['inspect'], { cwd: project.dir });
      assert.equal(full.code, 0, full.stderr);
      assert.ok(full.stdout.length > 96 * 1024, `output too short to fill the pipe: ${full.stdout.length}`);
      const result = await piped('inspect', project.dir);
      assert.equal(result.stdout, '{\n');
      assert.equal(result.tidemark, 0, result.stderr);
      assert.doesNotMatch(result.stderr, /EPIPE|Unhandled|at /);
    } finally {
      await project.dispose();
    }
  });

  it('--json renders usage errors as the error document on stdout, with exit 2', async () => {
    const project = await createProject();
    try {
      const cases: [string[], RegExp][] = [
        [['--json', 'status', '--bogus'], /^unknown option '--bogus'$/],
        [['tenants', 'add', '--json'], /^missing required argument 'slug'$/],
        [['--json', 'no-such-command'], /^unknown command 'no-such-command'$/],
        [['--json', 'tenants', 'history', 'acme', '--limit', 'many'], /^--limit must be a positive whole number/],
      ];
      for (const [args, message] of cases) {
        const result = await runCli(args, { cwd: project.dir });
        assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
        const doc = JSON.parse(result.stdout) as { error: { code: string; message: string; exitCode: number } };
        assert.equal(doc.error.code, 'E_USAGE', args.join(' '));
        assert.equal(doc.error.exitCode, 2);
        assert.match(doc.error.message, message);
        assert.match(result.stderr, /^error: /, 'people still get the line on stderr');
      }
      const plain = await runCli(['status', '--bogus'], { cwd: project.dir });
      assert.equal(plain.code, 2);
      assert.equal(plain.stdout, '', 'without --json nothing goes to stdout');
    } finally {
      await project.dispose();
    }
  });
});
