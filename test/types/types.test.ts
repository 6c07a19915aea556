import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openDriver, introspect, renderTypes, type SchemaModel, type TypesOptions } from '../../src/index.js';
import { targets, type DatabaseTarget } from '../support/databases.js';
import { copyExample, FIXTURES, REPO_ROOT } from '../support/project.js';
import { runCli } from '../support/cli.js';
import { assertGolden } from '../support/golden.js';

const TSC = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsc');

const models = new Map<string, Promise<SchemaModel>>();

/** modelOf loads a fixture into a fresh database of `target` and introspects it (once per test file). */
function modelOf(target: DatabaseTarget, name: string): Promise<SchemaModel> {
  const cacheKey = `${target.name}:${name}`;
  let model = models.get(cacheKey);
  if (!model) models.set(cacheKey, (model = fixture(name).then((sql) => load(target, sql))));
  return model;
}

async function load(target: DatabaseTarget, sql: string): Promise<SchemaModel> {
  const db = await target.create();
  try {
    const driver = await openDriver(db.url);
    try {
      await driver.runScript(sql);
      return await introspect(driver);
    } finally {
      await driver.close();
    }
  } finally {
    await db.dispose();
  }
}

const fixture = (name: string) => fs.readFile(path.join(FIXTURES, name), 'utf8');

/**
 * typeCheck compiles `files` as a throw-away project under `tsc --strict` (plus
 * exactOptionalPropertyTypes and noUncheckedIndexedAccess, the strictest settings users turn on),
 * with this repository's node_modules linked in so `kysely` resolves. Returns tsc's output.
 */
async function typeCheck(files: Record<string, string>): Promise<{ code: number; output: string }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tm-tsc-'));
  try {
    await fs.symlink(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    for (const [name, text] of Object.entries(files)) await fs.writeFile(path.join(dir, name), text);
    const tsconfig = {
      compilerOptions: {
        strict: true,
        exactOptionalPropertyTypes: true,
        noUncheckedIndexedAccess: true,
        noEmit: true,
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        target: 'ES2022',
        types: [],
      },
      files: Object.keys(files),
    };
    await fs.writeFile(path.join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
    return await new Promise((resolve) => {
      execFile(TSC, ['-p', dir], { cwd: dir }, (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: `${stdout}${stderr}` });
      });
    });
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

// Uses of the generated types that must compile — and, marked @ts-expect-error, must not.
const EVERYTHING_CONSUMER = `
import { Kysely, type Insertable, type Selectable } from 'kysely';
import type { DB, Database, OrdersInsert } from './types.js';
import { orderStatusValues, appPriorityValues } from './types.js';

declare const db: Kysely<DB>;
export async function use() {
  const rows = await db.selectFrom('customers').select(['customer_id', 'email', 'created_at', 'tags']).execute();
  const first: { customer_id: string; email: string; created_at: Date; tags: string[] } | undefined = rows[0];
  await db.insertInto('customers').values({ email: 'a@example.com', display_name: 'A' }).execute();
  // @ts-expect-error customer_id is GENERATED ALWAYS AS IDENTITY
  await db.insertInto('customers').values({ customer_id: '1', email: 'a@example.com', display_name: 'A' }).execute();
  // @ts-expect-error display_name is NOT NULL without a default
  await db.insertInto('customers').values({ email: 'a@example.com' }).execute();
  await db.updateTable('products').set({ price: 3, warranty: null }).where('product_id', '=', 500).execute();
  // @ts-expect-error price_with_tax is a generated column
  await db.updateTable('products').set({ price_with_tax: '3' }).execute();
  // @ts-expect-error views are read-only
  await db.updateTable('app.my_orders').set({ status: 'draft' }).execute();
  const shipment = await db.selectFrom('app.shipments').innerJoin('orders', 'orders.order_id', 'app.shipments.order_id').select(['orders.status', 'app.shipments.tracking_codes']).executeTakeFirst();
  const mine = await db.selectFrom('app.my_orders').select(['status', 'priority']).execute();
  const draft: OrdersInsert = {};
  const insertable: Insertable<DB['orders']> = draft;
  const row: Selectable<DB['customers']> | undefined = undefined;
  const status: Database['public']['Enums']['order_status'] = orderStatusValues[0];
  const priority: (typeof appPriorityValues)[number] = 'urgent';
  // @ts-expect-error not a value of the enum
  const wrong: Database['public']['Enums']['order_status'] = 'lost';
  return [first, shipment, mine, insertable, row, status, priority, wrong];
}
`;

const GENERIC_CONSUMER = `
import { Kysely } from 'kysely';
import type { DB, Database } from './types.js';
declare const db: Kysely<DB>;
export const query = (table: keyof DB) => db.selectFrom(table).selectAll().compile();
export type Schemas = keyof Database;
`;

for (const target of targets) {
  describe(`tidemark types [${target.name}]`, () => {
    it('the example project: golden file, --check, and the same text from a migrations replay', async () => {
      const db = await target.create();
      const project = await copyExample();
      const cli = (...args: string[]) => runCli(['--database', db.url, ...args], { cwd: project.dir });
      try {
        assert.equal((await cli('migrate')).code, 0);
        const written = await cli('types', '--json');
        assert.equal(written.code, 0, written.stderr);
        assert.deepEqual(JSON.parse(written.stdout), { file: 'src/db/types.ts', status: 'written', tables: 14, views: 0, enums: 1 });
        const file = path.join(project.dir, 'src', 'db', 'types.ts');
        await assertGolden('saas-types.ts', await fs.readFile(file, 'utf8'));

        const check = await cli('types', '--check');
        assert.equal(check.code, 0, check.stderr);
        assert.match(check.stdout, /src\/db\/types\.ts is up to date \(14 table\(s\), 0 view\(s\), 1 enum\(s\)\)/);
        // No database needed: replaying the migrations into a shadow gives the same file.
        const replay = await runCli(['types', '--check', '--from', 'migrations:migrations'], { cwd: project.dir });
        assert.equal(replay.code, 0, replay.stdout + replay.stderr);

        await project.write('099_add_invoices.sql', '-- migrate:up\ncreate table invoices (id bigint primary key, due date);\n-- migrate:down\ndrop table invoices;\n');
        assert.equal((await cli('migrate')).code, 0);
        const before = await fs.readFile(file, 'utf8');
        const stale = await cli('types', '--check');
        assert.equal(stale.code, 1);
        assert.match(stale.stdout, /src\/db\/types\.ts is stale/);
        assert.equal(await fs.readFile(file, 'utf8'), before, '--check writes nothing');
        assert.equal((await cli('types')).code, 0);
        assert.match(await fs.readFile(file, 'utf8'), /export interface InvoicesRow \{\n  id: string;\n  due: Date \| null;\n\}/);
        assert.equal((await cli('types', '--check')).code, 0);

        const elsewhere = await cli('types', '--check', '--out', 'generated/db.ts', '--json');
        assert.equal(elsewhere.code, 1);
        assert.equal(JSON.parse(elsewhere.stdout).status, 'missing');
      } finally {
        await project.dispose();
        await db.dispose();
      }
    });

    it('edge cases: names, collisions, domains, arrays, comments (golden file)', async () => {
      const model = await modelOf(target, 'types/edge-cases.sql');
      const text = await renderTypes(model);
      await assertGolden('types-edge-cases.ts', text);
      assert.match(text, /export type Json2 = 'not' \| 'json';/, 'an enum named json does not take the Json helper');
      assert.match(text, /export type LabelRow = 'a';[\s\S]*export interface Label2Row \{/, 'an enum keeps LabelRow; the table moves');
      assert.match(text, /export interface AppXYRow[\s\S]*export interface AppXY2Row/);
      assert.match(text, /\* Second line with a \*\\\/ in it\./, 'a comment cannot close the doc comment');
      assert.equal(await renderTypes(model), text, 'deterministic');
    });

    it('the options: int8 as bigint, timestamps as string', async () => {
      const model = await modelOf(target, 'types/edge-cases.sql');
      const options: TypesOptions = { bigint: 'bigint', timestamp: 'string' };
      const text = await renderTypes(model, options);
      assert.match(text, /\n  cents: bigint;\n/);
      assert.match(text, /\n  day: string \| null;\n/);
      assert.match(text, /\n  day\?: Date \| string \| null;\n/, 'writes still accept a Date');
      const compiled = await typeCheck({ 'types.ts': text, 'use.ts': GENERIC_CONSUMER });
      assert.equal(compiled.code, 0, compiled.output);
    });

    it('every generated file compiles under tsc --strict and works with Kysely<DB>', async () => {
      const everything = await renderTypes(await modelOf(target, 'catalog/everything.sql'));
      const result = await typeCheck({ 'types.ts': everything, 'use.ts': EVERYTHING_CONSUMER });
      assert.equal(result.code, 0, result.output);
      for (const name of ['catalog/tricky-names.sql', 'types/edge-cases.sql']) {
        const text = await renderTypes(await modelOf(target, name));
        const compiled = await typeCheck({ 'types.ts': text, 'use.ts': GENERIC_CONSUMER });
        assert.equal(compiled.code, 0, `${name}:\n${compiled.output}`);
      }
    });

    it('a wrong use of the generated types fails to compile (the check can fail)', async () => {
      const everything = await renderTypes(await modelOf(target, 'catalog/everything.sql'));
      const broken = `import { Kysely } from 'kysely';\nimport type { DB } from './types.js';\ndeclare const db: Kysely<DB>;\nexport const q = db.insertInto('orders').values({ order_id: '1' });\n`;
      const result = await typeCheck({ 'types.ts': everything, 'use.ts': broken });
      assert.notEqual(result.code, 0, result.output);
      assert.match(result.output, /use\.ts\(4,\d+\): error TS\d+/);
    });
  });
}

describe('types config', () => {
  it('reads types.out, types.bigint and types.timestamp from the config; rejects unknown keys', async () => {
    const project = await copyExample();
    try {
      await fs.writeFile(path.join(project.dir, 'tidemark.config.json'), JSON.stringify({ types: { out: 'db/schema.ts', bigint: 'bigint', timestamp: 'string' } }));
      const result = await runCli(['types', '--from', 'migrations:migrations', '--json'], { cwd: project.dir });
      assert.equal(result.code, 0, result.stderr);
      assert.equal(JSON.parse(result.stdout).file, 'db/schema.ts');
      const text = await fs.readFile(path.join(project.dir, 'db', 'schema.ts'), 'utf8');
      assert.match(text, /file_size: bigint \| null;/);
      assert.match(text, /created_at: string;/);
      await fs.writeFile(path.join(project.dir, 'tidemark.config.json'), JSON.stringify({ types: { bigint: 'number', outFile: 'x' } }));
      const bad = await runCli(['types', '--from', 'migrations:migrations'], { cwd: project.dir });
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /unknown key "types\.outFile"/);
      assert.match(bad.stderr, /types\.bigint/);
    } finally {
      await project.dispose();
    }
  });
});
