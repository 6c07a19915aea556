import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { openDriver, introspect, writeSchemaSql, UnsupportedObjectsError } from '../../src/index.js';
import { splitStatements } from '../../src/parser/parser.js';
import { targets } from '../support/databases.js';
import { FIXTURES } from '../support/project.js';
import { dumpSchema } from '../support/pg-dump.js';

// One object of every kind pg_dump knows (test/fixtures/catalog/all-kinds.sql). Each is either
// modelled — it survives inspect → SQL → apply, as pg_dump sees it — or refused by name by the
// fail-closed audit. Nothing may go missing without a refusal that names it.

const FIXTURE = path.join(FIXTURES, 'catalog', 'all-kinds.sql');
// Words in an audit identity too common to attribute a dump statement by.
const COMMON = new Set(['all_kinds', 'public', 'pg_catalog', 'integer', 'text', 'boolean', 'AS', 'ON', 'FOR', 'TO', 'IN', 'USING', 'TABLE', 'TABLES']);

function statementsOf(dump: string): string[] {
  return dump.split(/;\n/).map((s) => s.trim()).filter(Boolean);
}

for (const target of targets) {
  describe(`every object kind is modelled or refused by name [${target.name}]`, () => {
    it('all-kinds.sql: what inspect → SQL → apply loses is exactly what the audit refuses', async (t) => {
      const [source, copy] = [await target.create(), await target.create()];
      try {
        const db = await openDriver(source.url);
        const rejected: string[] = [];
        let refused: readonly string[] = [];
        let script: string;
        let sourceDump: string;
        try {
          for (const statement of await splitStatements(await fs.readFile(FIXTURE, 'utf8'))) {
            await db.runScript(statement.text).catch((e: Error) => rejected.push(`${statement.text.split('\n')[0]} — ${e.message}`));
          }
          // The server here is the PostgreSQL 15 the fixture is written for: it takes every statement.
          if (target.name === 'postgres') assert.deepEqual(rejected, []);
          for (const r of rejected) t.diagnostic(`not available on ${target.name}: ${r}`);

          await assert.rejects(introspect(db), (e: unknown) => e instanceof UnsupportedObjectsError && (refused = e.objects).length > 0, 'introspection fails closed');
          const warnings: string[] = [];
          const model = await introspect(db, { unsupported: 'warn', onWarning: (w) => warnings.push(w) });
          assert.ok(warnings.length > 0);
          script = await writeSchemaSql(model);
          sourceDump = await dumpSchema(source.url, { open: db });
        } finally {
          await db.close();
        }
        for (const r of refused) t.diagnostic(`refused: ${r}`);

        const other = await openDriver(copy.url);
        let copyDump: string;
        try {
          await other.runScript(script);
          copyDump = await dumpSchema(copy.url, { open: other });
        } finally {
          await other.close();
        }
        const [a, b] = [statementsOf(sourceDump), statementsOf(copyDump)];
        const inCopy = new Set(b);
        const inSource = new Set(a);
        // A statement that differs shows up on both sides (a child table without INHERITS lists its
        // inherited columns as its own): each side must be explained by a refusal naming its object.
        const names = refused.map((r) => r.split(/[\s.,()"]+/).filter((w) => w.length > 2 && !COMMON.has(w)));
        const explained = (s: string) => names.some((words) => words.some((w) => s.includes(w)));
        assert.deepEqual(a.filter((s) => !inCopy.has(s) && !explained(s)), [], 'lost by the round trip without being refused by name');
        assert.deepEqual(b.filter((s) => !inSource.has(s) && !explained(s)), [], 'made by the round trip without a refusal explaining it');
      } finally {
        await source.dispose();
        await copy.dispose();
      }
    });
  });
}
