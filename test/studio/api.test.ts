import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { targets } from '../support/databases.js';
import { runCli } from '../support/cli.js';
import { createProject } from '../support/project.js';
import { databaseSnapshot, getJson, startStudio } from '../support/studio.js';
import { openTidemark } from '../../src/index.js';
import { exampleFleet, PENDING } from './example-fleet.js';

for (const target of targets) {
  describe(`tidemark studio: endpoints and read-only connections [${target.name}]`, () => {
    it("each endpoint is the command's --json document; refusals are one JSON line; nothing reaches the database but reads", { timeout: 240_000 }, async () => {
      const fleet = await exampleFleet(target);
      try {
        const cwd = fleet.project.dir;
        // The CLI first: a PGlite directory is open in one process at a time.
        const json = async (...args: string[]) => {
          const run = await runCli(['--json', ...args], { cwd });
          assert.ok(run.code === 0 || run.code === 1, run.stderr);
          return JSON.parse(run.stdout) as unknown;
        };
        const cli = {
          schema: await json('inspect'),
          status: await json('status'),
          history: await json('history'),
          drift: await json('drift'),
          lint: await json('lint'),
          tenants: await json('tenants', 'status'),
          'tenant-history?slug=beta': await json('tenants', 'history', 'beta'),
        };
        const before = await databaseSnapshot(fleet.db.url);
        const studio = await startStudio(cwd);
        try {
          for (const [endpoint, document] of Object.entries(cli)) {
            const { status, body } = await getJson(studio.url, `/api/${endpoint}`);
            assert.equal(status, 200, endpoint);
            assert.deepEqual(body, document, `/api/${endpoint} is what the command prints with --json`);
          }
          const ddl = (await getJson(studio.url, '/api/ddl')).body as { objects: { id: string; sql: string }[] };
          const files = ddl.objects.find((o) => o.id === 'relation:public.files')!;
          assert.match(files.sql, /^CREATE TABLE public\.files \(/);
          assert.match(files.sql, /^COMMENT ON COLUMN public\.files\.\w+ IS /m, "a table's DDL carries its column comments");
          assert.match(files.sql, /^CREATE INDEX \w+ ON public\.files /m, '… and its indexes');
          const file = await getJson(studio.url, `/api/file?path=${encodeURIComponent(`migrations/${PENDING.file}`)}`);
          assert.deepEqual(file.body, { path: `migrations/${PENDING.file}`, text: PENDING.text });

          const refusals: [string, RequestInit | undefined, number, RegExp][] = [
            ['/api/nothing', undefined, 404, /^no endpoint \/api\/nothing/],
            ['/api/file?path=tidemark.config.json', undefined, 400, /^not a migration file of this project: tidemark\.config\.json$/],
            ['/api/file?path=migrations/../../../etc/passwd', undefined, 400, /^not a migration file/],
            ['/api/tenant-history?slug=nobody', undefined, 400, /^no tenant "nobody"/],
            ['/api/history?limit=0', undefined, 400, /^limit must be a positive whole number/],
          ];
          for (const [endpoint, init, code, message] of refusals) {
            const { status, body } = await getJson(studio.url, endpoint, init);
            assert.equal(status, code, endpoint);
            assert.match((body as { error: { message: string } }).error.message, message, endpoint);
          }
          assert.equal((await fetch(new URL('/api/status', studio.url), { method: 'POST' })).status, 405);
          assert.equal((await fetch(new URL('/../../package.json', studio.url))).status, 404);
          // A page elsewhere reaching this port through a DNS name (rebinding) is refused.
          const foreign = await new Promise<string>((resolve, reject) => {
            const port = new URL(studio.url).port;
            const socket = net.connect(Number(port), '127.0.0.1', () => socket.end(`GET /api/status HTTP/1.1\r\nHost: attacker.example:${port}\r\nConnection: close\r\n\r\n`));
            let text = '';
            socket.on('data', (d) => (text += d));
            socket.on('end', () => resolve(text));
            socket.on('error', reject);
          });
          assert.match(foreign, /^HTTP\/1\.1 403/);
        } finally {
          assert.equal(await studio.stop(), 0, studio.stderr());
        }
        assert.deepEqual(await databaseSnapshot(fleet.db.url), before);

        // The connections themselves refuse writes: a migrate through a read-only Tidemark fails
        // in the server (SQLSTATE 25006) and leaves everything as it was.
        const tm = await openTidemark({ cwd, readOnly: true });
        try {
          await assert.rejects(tm.migrate(), /read-only transaction/);
        } finally {
          await tm.close();
        }
        assert.deepEqual(await databaseSnapshot(fleet.db.url), before);
        // --from: the schema of another source, here the migrations with the pending one.
        const from = await startStudio(cwd, ['--from', 'migrations:migrations']);
        try {
          const model = (await getJson(from.url, '/api/schema')).body as { tables: { name: string; indexes: { name: string }[] }[] };
          assert.ok(model.tables.find((t) => t.name === 'files')!.indexes.some((i) => i.name === 'files_mime_type_idx'));
          const overview = (await getJson(from.url, '/api/overview')).body as { source: string; readOnly: boolean };
          assert.deepEqual([overview.source, overview.readOnly], ['migrations:migrations', true]);
        } finally {
          assert.equal(await from.stop(), 0, from.stderr());
        }
      } finally {
        await fleet.dispose();
      }
    });
  });
}

describe('tidemark studio: bad input', () => {
  it('a bad --port, a port in use and an unknown host are one line and exit 2; --host beyond loopback warns; --open opens the page', { timeout: 120_000 }, async () => {
    const project = await createProject({ config: { database: 'pglite:memory' } });
    const blocker = net.createServer();
    try {
      const cli = (...args: string[]) => runCli(args, { cwd: project.dir, process: true });
      const bad = await cli('studio', '--port', 'http');
      assert.equal(bad.code, 2);
      assert.equal(bad.stderr, 'error: --port must be a port number (0 for any free port), got "http"\n');
      await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
      const port = (blocker.address() as net.AddressInfo).port;
      const taken = await cli('studio', '--port', String(port));
      assert.equal(taken.code, 2);
      assert.equal(taken.stderr, `error: port ${port} on 127.0.0.1 is in use: pass --port (0 for any free port)\n`);
      const nowhere = await cli('studio', '--port', '0', '--host', '192.0.2.1');
      assert.equal(nowhere.code, 2);
      assert.equal(nowhere.stderr, 'error: --host 192.0.2.1 is not an address of this machine\n');

      const exposed = await startStudio(project.dir, ['--host', '0.0.0.0']);
      try {
        assert.match(exposed.url, /^http:\/\/0\.0\.0\.0:\d+\/$/);
        await new Promise((r) => setTimeout(r, 100));
        assert.match(exposed.stderr(), /^warning: Studio listens on 0\.0\.0\.0: anyone who can reach this machine can read/m);
      } finally {
        assert.equal(await exposed.stop(), 0);
      }

      // --open hands the address to the desktop's opener (xdg-open here, a stand-in that records it).
      const bin = path.join(project.dir, 'bin');
      await fs.mkdir(bin);
      await fs.writeFile(path.join(bin, 'xdg-open'), `#!/bin/sh\necho "$@" > "${path.join(project.dir, 'opened')}"\n`, { mode: 0o755 });
      const opening = await startStudio(project.dir, ['--open'], { PATH: `${bin}${path.delimiter}${process.env['PATH']}` });
      try {
        let opened = '';
        for (let i = 0; i < 50 && !opened; i++) {
          await new Promise((r) => setTimeout(r, 100));
          opened = await fs.readFile(path.join(project.dir, 'opened'), 'utf8').catch(() => '');
        }
        assert.equal(opened, `${opening.url}\n`);
      } finally {
        assert.equal(await opening.stop(), 0);
      }
    } finally {
      blocker.close();
      await project.dispose();
    }
  });
});
