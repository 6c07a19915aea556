#!/usr/bin/env node
// bench/studio: Studio's ER diagram at 50, 150 and 300 tables (the first N tables of
// test/fixtures/studio/300-tables.sql, each in a PGlite database of its own). For each size, the
// baseline is `tidemark inspect` (a fresh process reading the same schema into JSON: what the page
// must fetch anyway); against it, the time from opening `#/diagram` in headless Chromium to the last
// table drawn, and ELK's share of it. Goal (#18): usable at 300 tables, so the ratio should stay
// small as the schema grows. Run after `npm run build`; needs Debian's chromium on PATH.
//
//   node bench/studio.mjs [--rounds 3]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { arg, median } from './lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rounds = arg('rounds', 3);
const cli = path.join(root, 'dist', 'src', 'cli', 'main.js');
const { startStudio, withBrowser } = await import(pathToFileURL(path.join(root, 'dist', 'test', 'support', 'studio.js')).href);
const fixture = fs.readFileSync(path.join(root, 'test', 'fixtures', 'studio', '300-tables.sql'), 'utf8');
const statements = fixture.split(/\n(?=CREATE TABLE )/).filter((s) => s.startsWith('CREATE TABLE'));

const rows = [];
for (const size of [50, 150, 300]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tm-bench-studio-'));
  try {
    fs.mkdirSync(path.join(dir, 'migrations'));
    fs.writeFileSync(path.join(dir, 'tidemark.config.json'), JSON.stringify({ database: 'pglite:db' }));
    fs.writeFileSync(path.join(dir, 'migrations', '001_tables.sql'), `-- migrate:up\n${statements.slice(0, size).join('\n')}\n`);
    execFileSync(process.execPath, [cli, 'migrate'], { cwd: dir, stdio: 'ignore' });
    const inspect = [];
    for (let i = 0; i < rounds; i++) {
      const started = performance.now();
      execFileSync(process.execPath, [cli, 'inspect'], { cwd: dir, stdio: 'ignore', maxBuffer: 64 << 20 });
      inspect.push(performance.now() - started);
    }
    const drawn = [];
    const layout = [];
    const studio = await startStudio(dir);
    try {
      await withBrowser(async (page) => {
        for (let i = 0; i < rounds; i++) {
          // A fresh page load each round: the schema is fetched and laid out again.
          await page.goto('about:blank');
          const started = performance.now();
          await page.goto(`${studio.url}#/diagram`);
          await page.waitForFunction((n) => document.querySelectorAll('g.node').length === n, size, { timeout: 300_000 });
          drawn.push(performance.now() - started);
          layout.push(Number(/laid out in (\d+) ms/.exec(await page.locator('.toolbar').textContent())[1]));
        }
      });
    } finally {
      await studio.stop();
    }
    rows.push({ size, inspect: median(inspect), drawn: median(drawn), layout: median(layout) });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

console.log('tables  tidemark inspect  diagram drawn  (ELK layout)  ratio');
for (const r of rows) console.log(`${String(r.size).padStart(6)}  ${r.inspect.toFixed(0).padStart(13)} ms  ${r.drawn.toFixed(0).padStart(10)} ms  ${r.layout.toFixed(0).padStart(9)} ms  ${(r.drawn / r.inspect).toFixed(2)}x`);
