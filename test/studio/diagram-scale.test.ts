import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { targets } from '../support/databases.js';
import { runCli } from '../support/cli.js';
import { createProject, FIXTURES } from '../support/project.js';
import { queryRows } from '../support/inspect.js';
import { startStudio, withBrowser } from '../support/studio.js';

for (const target of targets) {
  describe(`Studio's diagram at 300 tables [${target.name}]`, () => {
    it('draws every table and foreign key, routed; focusing a table and panning still respond', { timeout: 240_000 }, async () => {
      const db = await target.create();
      const project = await createProject({ config: { database: db.url } });
      try {
        const sql = await fs.readFile(path.join(FIXTURES, 'studio', '300-tables.sql'), 'utf8');
        await project.write('001_tables.sql', `-- migrate:up\n${sql}\n-- migrate:down\n`);
        const migrated = await runCli(['migrate'], { cwd: project.dir });
        assert.equal(migrated.code, 0, migrated.stderr);
        const [counts] = await queryRows<{ tables: number; keys: number }>(
          db.url,
          `SELECT (SELECT count(*)::int FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r') AS tables,
                  (SELECT count(*)::int FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND contype = 'f') AS keys`,
        );
        assert.deepEqual([counts?.tables, counts?.keys], [300, 340]);
        const studio = await startStudio(project.dir);
        try {
          await withBrowser(async (page) => {
            await page.goto(`${studio.url}#/diagram`);
            await page.locator('g.node').first().waitFor({ timeout: 120_000 });
            assert.equal(await page.locator('g.node').count(), 300);
            assert.equal(await page.locator('path.edge').count(), 340);
            assert.equal(await page.locator('path.edge[d=""]').count(), 0);
            // t001's neighbours: its parent t000 and its children t004..t006 (and any related_id).
            const started = Date.now();
            await page.locator('g.node[data-table="public.t001"]').click();
            await page.locator('g.node.focus[data-table="public.t001"]').waitFor();
            const lit = (await page.locator('g.node:not(.dim)').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-table')))).sort();
            assert.deepEqual(lit, ['public.t000', 'public.t001', 'public.t004', 'public.t005', 'public.t006']);
            const focusMs = Date.now() - started;
            const before = await page.locator('g.viewport').getAttribute('transform');
            await page.mouse.move(700, 500);
            await page.mouse.wheel(0, -400);
            await page.waitForFunction((t) => (globalThis as unknown as { document: { querySelector(s: string): { getAttribute(a: string): string | null } | null } }).document.querySelector('g.viewport')?.getAttribute('transform') !== t, before);
            const drawn = await page.getByTestId('diagram-counts').textContent();
            const layout = await page.locator('.toolbar .muted').textContent();
            process.stderr.write(`[${target.name}] ${drawn}${layout}; focus ${focusMs} ms\n`);
          });
        } finally {
          assert.equal(await studio.stop(), 0, studio.stderr());
        }
      } finally {
        await project.dispose();
        await db.dispose();
      }
    });
  });
}
