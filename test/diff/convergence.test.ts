import { describe, it } from 'node:test';
import fs from 'node:fs/promises';
import path from 'node:path';
import { targets } from '../support/databases.js';
import { converge } from '../support/converge.js';
import { FIXTURES } from '../support/project.js';

const CASES = path.join(FIXTURES, 'diff');

const cases = (await fs.readdir(CASES)).sort();
const read = (name: string, file: string) => fs.readFile(path.join(CASES, name, file), 'utf8');

for (const target of targets) {
  describe(`diff convergence: plan(A→B) applied to A gives B, and back [${target.name}]`, () => {
    for (const name of cases) {
      it(name, async () => converge(target, await read(name, 'a.sql'), await read(name, 'b.sql')));
    }
    it('empty → every object kind → empty', async () => {
      const everything = await fs.readFile(path.join(FIXTURES, 'catalog', 'everything.sql'), 'utf8');
      await converge(target, '', everything);
      await converge(target, everything, '');
    });
    it('tricky names → every object kind', async () => {
      const tricky = await fs.readFile(path.join(FIXTURES, 'catalog', 'tricky-names.sql'), 'utf8');
      const everything = await fs.readFile(path.join(FIXTURES, 'catalog', 'everything.sql'), 'utf8');
      await converge(target, tricky, everything);
    });
  });
}
