import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../support/project.js';

const TSC = path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

// Uses that must compile, each result type pinned exactly.
const GOOD = `import { PostgrestClient } from '@supabase/postgrest-js';
import type { Database, Enums, Tables, TablesInsert } from './database.types';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(_: T): void {}

const client = new PostgrestClient<Database>('http://localhost:3000');

export async function uses(): Promise<void> {
  const profiles = await client.from('profiles').select('id, username');
  if (profiles.error) throw profiles.error;
  expectType<Equal<typeof profiles.data, { id: string; username: string | null }[]>>(true);

  const todo: TablesInsert<'todos'> = { task: 'write the tests', status: 'in_progress', tags: ['a'] };
  const inserted = await client.from('todos').insert(todo).select('id, status, estimate').single();
  if (inserted.error) throw inserted.error;
  expectType<Equal<typeof inserted.data, { id: number; status: Enums<'todo_status'>; estimate: number | null }>>(true);

  // An embedded many-to-one relationship, through Relationships.
  const members = await client.from('team_members').select('role, teams(name, slug)');
  if (members.error) throw members.error;
  expectType<Equal<typeof members.data, { role: string; teams: { name: string; slug: string } }[]>>(true);

  const count = await client.rpc('todo_count', { p_user: '00000000-0000-0000-0000-000000000000' });
  expectType<Equal<typeof count.data, number | null>>(true);

  const view = await client.from('profile_todo_counts').select('*');
  expectType<Equal<typeof view.data, Tables<'profile_todo_counts'>[] | null>>(true);
  expectType<Equal<Tables<'profile_todo_counts'>['todo_count'], number | null>>(true);

  const slug = await client.rpc('slugify', { value: 'Hello World', separator: '_' });
  expectType<Equal<typeof slug.data, string | null>>(true);

  await client.from('audit_log').insert({ statuses: ['open', 'done'], payload: { any: ['json', 1, null] } });

  const status: Enums<'todo_status'> = 'done';
  await client.from('todos').update({ status, is_complete: true }).eq('id', 1);
}
`;

// Each line marked "error" must be rejected, and nothing else.
const BAD = `import { PostgrestClient } from '@supabase/postgrest-js';
import type { Database, Enums } from './database.types';

const client = new PostgrestClient<Database>('http://localhost:3000');

export async function misuses(): Promise<void> {
  await client.from('profiles').insert({ id: 'x', username: 42 }); // error: a number into a text column
  const missing = await client.from('profiles').select('id, nickname');
  const nicknames: { id: string; nickname: string }[] = missing.data ?? []; // error: no such column
  await client.from('no_such_table').select('*'); // error: no such table
  await client.rpc('todo_count', { p_user: 7 }); // error: uuid argument given a number
  await client.from('teams').insert({ name: 'a', slug: 'a', search_name: 'x' }); // error: a generated column
  await client.from('todos').insert({ task: 'x', status: 'closed' }); // error: not an enum value
  const status: Enums<'todo_status'> = 'archived'; // error: not an enum value
  await client.from('audit_log').insert({ id: 5 }); // error: a GENERATED ALWAYS identity
  await client.rpc('join_text', {}); // error: PostgREST cannot call it, so it is not typed
  void nicknames;
  void status;
}
`;

describe('types --format supabase under tsc --strict with @supabase/postgrest-js', () => {
  it('types queries through PostgrestClient<Database> and rejects wrongly typed ones', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tm-supabase-tsc-'));
    try {
      await fs.symlink(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
      // The golden file is what `tidemark types --format supabase` writes for the Supabase fixture
      // (test/presets/supabase.test.ts checks that on both engines).
      await fs.copyFile(path.join(REPO_ROOT, 'test', 'golden', 'supabase-types.ts'), path.join(dir, 'database.types.ts'));
      await fs.writeFile(path.join(dir, 'good.ts'), GOOD);
      await fs.writeFile(path.join(dir, 'bad.ts'), BAD);
      const compilerOptions = { strict: true, noEmit: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2023', 'DOM'], types: [], skipLibCheck: true };
      await fs.writeFile(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['good.ts', 'bad.ts'] }));
      // One compiler run for both files: the errors say which lines failed.
      const output = await new Promise<string>((resolve) =>
        execFile(process.execPath, [TSC, '-p', dir, '--pretty', 'false'], { cwd: dir }, (_error, stdout, stderr) => resolve(stdout + stderr)),
      );
      const errors = [...output.matchAll(/^(\S+?)\((\d+),\d+\): error (TS\d+)/gm)].map((m) => ({ file: m[1]!, line: Number(m[2]), code: m[3]! }));
      assert.ok(errors.length > 0 || output.trim() === '', `tsc printed something else:\n${output}`);
      assert.deepEqual(errors.filter((e) => e.file !== 'bad.ts'), [], `only bad.ts may fail:\n${output}`);
      const expected = BAD.split('\n').flatMap((l, i) => (l.includes('// error') ? [i + 1] : []));
      assert.deepEqual([...new Set(errors.map((e) => e.line))].sort((a, b) => a - b), expected, `tsc must reject exactly the marked lines:\n${output}`);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
