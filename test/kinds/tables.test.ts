import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { targets } from '../support/databases.js';
import { converge, convergesBothWays, planOf } from '../support/converge.js';
import { assertInspectRoundTrip } from '../support/round-trip.js';
import { FIXTURES } from '../support/project.js';

/**
 * Table-level properties: inheritance, storage parameters, column storage, compression and
 * statistics target, replica identity, a trigger's enabled state, comments on domain constraints
 * and indexes on partitioned tables. Each fixture pair is converged both ways, and both sides
 * survive an inspect round trip, judged by the model and by pg_dump.
 */
const CASES = path.join(FIXTURES, 'kinds', 'tables');
const cases = (await fs.readdir(CASES)).sort();
const read = (name: string, file: string) => fs.readFile(path.join(CASES, name, file), 'utf8');

for (const target of targets) {
  describe(`table properties [${target.name}]`, () => {
    for (const name of cases) {
      it(`${name}: converges both ways; drop and inspect scripts`, async () => convergesBothWays(target, await read(name, 'a.sql'), await read(name, 'b.sql')));
    }

    it('an inheriting table is written with INHERITS and only the columns it declares', async () => {
      const { script, model } = await assertInspectRoundTrip(target, await read('inherits-create', 'b.sql'));
      const cars = model.tables.find((t) => t.name === 'cars')!;
      assert.deepEqual(cars.inherits.map((p) => p.name), ['vehicles', 'registered']);
      assert.deepEqual(
        cars.columns.map((c) => [c.name, c.inheritance]),
        [['id', 'both'], ['name', 'inherited'], ['wheels', 'inherited'], ['notes', 'inherited'], ['plate', 'inherited'], ['doors', 'local']],
      );
      assert.ok(!cars.constraints.some((c) => c.name === 'vehicles_id_positive'), 'an inherited CHECK is the parent\'s');
      // PostgreSQL 18 knows the NOT NULL of id is vehicles' alone; before, it is the table's own too.
      const id = target.name === 'pglite' ? 'id integer' : 'id integer NOT NULL';
      assert.ok(script.includes(`CREATE TABLE public.cars (\n  ${id},\n  doors integer\n) INHERITS (public.vehicles, public.registered);`), script);
    });

    it('online, an index on a partitioned table is made ON ONLY the parent, CONCURRENTLY per partition under the names PostgreSQL picks, then attached', async () => {
      for (const name of ['partitioned-index', 'partitioned-index-names']) {
        const [a, b] = [await read(name, 'a.sql'), await read(name, 'b.sql')];
        const plan = await planOf(target, a, b, { online: true });
        assert.ok(!plan.up.some((s) => / ON public\.(events|measurements) /.test(s.sql)), `no plain build on the parent:\n${plan.up.map((s) => s.sql).join('\n')}`);
        assert.ok(plan.up.some((s) => s.phase === 'main' && / ON ONLY public\.(events|measurements) /.test(s.sql)));
        assert.ok(plan.up.some((s) => s.phase === 'concurrent' && /^CREATE (UNIQUE )?INDEX CONCURRENTLY /.test(s.sql)));
        assert.ok(plan.up.some((s) => s.phase === 'concurrent' && /^ALTER INDEX .* ATTACH PARTITION /.test(s.sql)));
        // pg_dump judges the names: those PostgreSQL picks for a plain build on the parent.
        await converge(target, a, b, { online: true });
      }
      const names = await planOf(target, await read('partitioned-index-names', 'a.sql'), await read('partitioned-index-names', 'b.sql'), { online: true });
      assert.deepEqual(
        names.up.filter((s) => s.sql.startsWith('ALTER INDEX')).map((s) => s.sql),
        [
          'ALTER INDEX public.measurements_by_sensor ATTACH PARTITION public.measurements_from_the_northern_weather_sensor_lower_reading_idx;',
          'ALTER INDEX public.measurements_by_sensor ATTACH PARTITION public.measurements_south_sensor_lower_reading_idx1;',
          'ALTER INDEX public.measurements_key ATTACH PARTITION public.measurements_from_the_northern_weather_s_sensor_id_taken_at_idx;',
          'ALTER INDEX public.measurements_key ATTACH PARTITION public.measurements_south_sensor_id_taken_at_idx;',
        ].sort(),
      );
    });

    it('an index on a partitioned table is created for its partitions too', async () => {
      const { script } = await assertInspectRoundTrip(target, await read('partitioned-index', 'b.sql'));
      assert.match(script, /CREATE INDEX events_kind_at_idx ON public\.events USING btree/);
      assert.doesNotMatch(script, /ON ONLY/);
    });
  });
}
