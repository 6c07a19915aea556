import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { targets } from '../support/databases.js';
import { queryRows } from '../support/inspect.js';
import { databaseSnapshot, startStudio, withBrowser } from '../support/studio.js';
import { exampleFleet, PENDING } from './example-fleet.js';

/** The tables and foreign keys the catalog holds, which the diagram must draw: the judge is PostgreSQL. */
async function catalogGraph(url: string): Promise<{ tables: string[]; keys: string[] }> {
  const tables = await queryRows<{ name: string }>(
    url,
    `SELECT n.nspname || '.' || c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 1`,
  );
  const keys = await queryRows<{ edge: string }>(
    url,
    `SELECT fn.nspname || '.' || f.relname || ' -> ' || tn.nspname || '.' || t.relname AS edge
       FROM pg_constraint k JOIN pg_class f ON f.oid = k.conrelid JOIN pg_namespace fn ON fn.oid = f.relnamespace
       JOIN pg_class t ON t.oid = k.confrelid JOIN pg_namespace tn ON tn.oid = t.relnamespace
      WHERE k.contype = 'f' AND fn.nspname = 'public' ORDER BY 1`,
  );
  return { tables: tables.map((r) => r.name), keys: keys.map((r) => r.edge) };
}

const texts = (page: Page, selector: string) => page.locator(selector).allTextContents();

for (const target of targets) {
  describe(`tidemark studio in Chromium [${target.name}]`, () => {
    it('schema, search, ER diagram (focus, SVG and PNG export), migrations, lint links, drift and the failed tenant; the database is left exactly as it was', { timeout: 240_000 }, async () => {
      const fleet = await exampleFleet(target);
      const shots = await fs.mkdtemp(path.join(os.tmpdir(), 'tm-studio-shots-'));
      try {
        const graph = await catalogGraph(fleet.db.url);
        assert.equal(graph.tables.length, 14, 'the example has 14 tables');
        const before = await databaseSnapshot(fleet.db.url);
        const studio = await startStudio(fleet.project.dir);
        try {
          await withBrowser(async (page) => {
            // Schema: search, then an object's columns, RLS state and DDL as Tidemark prints it.
            await page.goto(studio.url);
            await page.getByTestId('search').fill('tool_assign');
            const found = page.getByTestId('object-link');
            assert.deepEqual(await found.allTextContents(), ['table agent_tool_assignments']);
            await found.first().click();
            const detail = page.getByTestId('object-detail');
            await detail.getByTestId('columns').waitFor();
            assert.match((await detail.getByTestId('rls').textContent())!, /Row-level security: off/);
            await page.getByTestId('ddl').waitFor();
            assert.match((await page.getByTestId('ddl').textContent())!, /^CREATE TABLE public\.agent_tool_assignments \(/);
            assert.match((await page.getByTestId('ddl').textContent())!, /FOREIGN KEY \(agent_id\) REFERENCES public\.agents/);
            await page.screenshot({ path: path.join(shots, 'schema.png') });
            await page.getByTestId('search').fill('mime_type');
            assert.deepEqual(await found.allTextContents(), ['table files (column)'], 'columns are searched too');

            // The diagram: every table and foreign key the catalog has.
            await page.getByTestId('nav-diagram').click();
            await page.locator('[data-testid=diagram] g.node').first().waitFor();
            assert.deepEqual((await page.locator('g.node').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-table')))).sort(), graph.tables);
            const edges = await page.locator('path.edge').evaluateAll((paths) => paths.map((p) => `${p.getAttribute('data-from')} -> ${p.getAttribute('data-to')}`));
            assert.deepEqual(edges.sort(), graph.keys);
            assert.equal(await page.locator('path.edge[d=""]').count(), 0, 'every foreign key is routed');
            await page.screenshot({ path: path.join(shots, 'diagram.png') });
            if (process.env['TIDEMARK_STUDIO_SCREENSHOT'] && target.name === 'pglite') await page.screenshot({ path: process.env['TIDEMARK_STUDIO_SCREENSHOT'] });

            // Focus: tenants and the tables with a key to it stay; the rest dims.
            await page.locator('g.node[data-table="public.tenants"]').click();
            const near = new Set(['public.tenants', ...graph.keys.filter((k) => k.endsWith(' -> public.tenants')).map((k) => k.split(' -> ')[0]!)]);
            const lit = await page.locator('g.node:not(.dim)').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-table')));
            assert.deepEqual(lit.sort(), [...near].sort());
            await page.screenshot({ path: path.join(shots, 'diagram-focus.png') });
            await page.getByTestId('clear-focus').click();
            assert.equal(await page.locator('g.node.dim').count(), 0);

            const [svgDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-svg').click()]);
            const svg = await fs.readFile((await svgDownload.path())!, 'utf8');
            assert.match(svg, /^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
            assert.equal(svg.match(/data-table="/g)?.length, 14);
            assert.match(svg, /<style>/, 'the exported SVG carries its own style');
            const [pngDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-png').click()]);
            const png = await fs.readFile((await pngDownload.path())!);
            assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
            assert.ok(png.readUInt32BE(16) > 400 && png.readUInt32BE(20) > 200, 'a PNG of the whole diagram');

            // Migrations: status, the pending file's lint finding linking to its line, drift, history.
            await page.getByTestId('nav-migrations').click();
            await page.getByTestId('status').waitFor();
            assert.deepEqual(await texts(page, '[data-testid=status] tr[data-state=pending] td:nth-child(2)'), ['018_files_by_mime_type']);
            assert.equal(await page.locator('[data-testid=status] tr[data-state=applied]').count(), 11);
            const finding = page.getByTestId('finding').filter({ hasText: 'require-concurrent-index-creation' });
            await finding.waitFor();
            const link = finding.locator('a').first();
            assert.match((await link.textContent())!, new RegExp(`^migrations/${PENDING.file}:2:\\d+$`));
            await page.getByTestId('drift').waitFor({ timeout: 60_000 });
            // Drift replays every migration file, the pending one too: its index is what the database lacks.
            assert.match((await page.getByTestId('drift').textContent())!, /differs.*Created index 'files_mime_type_idx' on 'files'.*CREATE INDEX files_mime_type_idx ON public\.files/);
            assert.equal(await page.locator('[data-testid=history] tbody tr').count(), 11);
            await page.screenshot({ path: path.join(shots, 'migrations.png'), fullPage: true });
            await link.click();
            await page.locator('[data-testid=file] .line.hit').waitFor();
            assert.match((await page.locator('[data-testid=file] .line.hit').textContent())!, /^2CREATE INDEX files_mime_type_idx ON files/);

            // Tenants: the failed one with the error and statement from its audit log; filters; its history.
            await page.getByTestId('nav-tenants').click();
            await page.getByTestId('fleet').waitFor();
            assert.deepEqual(await page.locator('[data-testid=fleet] tr[data-tenant]').evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-tenant')}:${r.getAttribute('data-state')}`)), ['alpha:current', 'beta:failed']);
            const error = page.getByTestId('tenant-error');
            await error.waitFor();
            assert.match((await error.textContent())!, /relation "notes" already exists/);
            assert.match((await error.textContent())!, /Statement: create table notes \(id int primary key, body text not null\)/);
            await page.screenshot({ path: path.join(shots, 'tenants.png'), fullPage: true });
            await page.getByTestId('filter-failed').check();
            assert.deepEqual(await page.locator('[data-testid=fleet] tr[data-tenant]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-tenant'))), ['beta']);
            await page.getByTestId('filter-current').check();
            assert.deepEqual(await page.locator('[data-testid=fleet] tr[data-tenant]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-tenant'))), ['alpha']);
            await page.getByTestId('filter-all').check();
            await page.locator('tr[data-tenant=beta] a').click();
            await page.getByTestId('audit').waitFor();
            assert.deepEqual(await page.locator('[data-testid=audit] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status'))), ['failed', 'success']);
          });
        } finally {
          assert.equal(await studio.stop(), 0, studio.stderr());
        }
        assert.deepEqual(await databaseSnapshot(fleet.db.url), before, 'nothing Studio served wrote to the database');
        for (const shot of ['schema', 'diagram', 'diagram-focus', 'migrations', 'tenants']) assert.ok((await fs.stat(path.join(shots, `${shot}.png`))).size > 10_000, shot);
      } finally {
        await fs.rm(shots, { recursive: true, force: true });
        await fleet.dispose();
      }
    });
  });
}
