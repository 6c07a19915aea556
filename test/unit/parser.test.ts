import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { splitStatements, SqlSyntaxError } from '../../src/parser/parser.js';
import { lineColumnAt } from '../../src/parser/text-position.js';

describe('parser', () => {
  it('splits with the real grammar: semicolons in strings, dollar quotes and comments do not split', async () => {
    const sql = `create function f() returns text language plpgsql as $$ begin return 'a;b'; end $$;
-- a comment; with a semicolon
insert into t values ('x;y'); /* block; comment */ select 1`;
    const statements = await splitStatements(sql);
    assert.deepEqual(statements.map((s) => s.nodeType), ['CreateFunctionStmt', 'InsertStmt', 'SelectStmt']);
    assert.equal(statements[1]!.text, "insert into t values ('x;y')");
    assert.equal(statements[2]!.text, 'select 1');
  });

  it('reports offsets in string indexes even after multi-byte text', async () => {
    const sql = "select 'żółw 🐢'; select 2";
    const statements = await splitStatements(sql);
    assert.equal(statements[1]!.text, 'select 2');
    assert.equal(sql.slice(statements[1]!.start, statements[1]!.end), 'select 2');
  });

  it('locates syntax errors', async () => {
    const sql = "select 'ü';\ncreate table x (a int,, b int);";
    await assert.rejects(splitStatements(sql), (error: unknown) => {
      assert.ok(error instanceof SqlSyntaxError);
      assert.deepEqual(lineColumnAt(sql, error.index), { line: 2, column: 23 });
      return true;
    });
  });

  it('returns nothing for comments only', async () => {
    assert.deepEqual(await splitStatements('-- nothing here\n/* still nothing */'), []);
  });
});
