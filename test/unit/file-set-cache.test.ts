import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { cachedFileSet, decodeFileSet, encodeFileSet } from '../../src/driver/pglite/file-set-cache.js';
import type { FileSet } from '../../src/driver/pglite/preloaded-fs.js';

const SET: FileSet = {
  dirs: ['/pglite', '/pglite/lib', '/pglite/share/extension'],
  files: [
    { path: '/pglite/lib/a.so', size: 10, head: new Uint8Array([1, 2, 3]) },
    { path: '/pglite/share/extension/a.control', size: 4, head: new Uint8Array([9, 9, 9, 9]) },
    { path: '/pglite/share/extension/empty.sql', size: 8, head: new Uint8Array([]) },
  ],
};

const plain = (set: FileSet) => ({ dirs: [...set.dirs], files: set.files.map((f) => ({ path: f.path, size: f.size, head: [...f.head] })) });

describe('the contrib file-set cache', () => {
  it('reads back what it wrote, and nothing from a short, altered or foreign file', () => {
    const bytes = encodeFileSet(SET);
    assert.deepEqual(plain(decodeFileSet(bytes)!), plain(SET));
    assert.equal(decodeFileSet(bytes.subarray(0, bytes.length - 1)), undefined, 'cut short');
    assert.equal(decodeFileSet(Buffer.concat([bytes, Buffer.from([0])])), undefined, 'trailing bytes');
    assert.equal(decodeFileSet(Buffer.from('{"dirs":[]}')), undefined, 'not the layout');
    const broken = Buffer.from(bytes);
    broken[12] = 0x7b; // inside the JSON index
    assert.equal(decodeFileSet(broken), undefined, 'damaged index');
  });

  it('builds once, then serves the file; a damaged file is rebuilt and rewritten', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tm-fileset-'));
    try {
      const file = path.join(dir, 'sub', 'contrib.files');
      let builds = 0;
      const build = async () => (builds++, SET);
      assert.deepEqual(plain(await cachedFileSet(file, build)), plain(SET));
      assert.deepEqual(plain(await cachedFileSet(file, build)), plain(SET));
      assert.equal(builds, 1);
      await fs.writeFile(file, 'garbage');
      assert.deepEqual(plain(await cachedFileSet(file, build)), plain(SET));
      assert.equal(builds, 2);
      assert.deepEqual(plain(decodeFileSet(await fs.readFile(file))!), plain(SET), 'rewritten');
      assert.deepEqual((await fs.readdir(path.dirname(file))).sort(), ['contrib.files'], 'no temporary file left');
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
