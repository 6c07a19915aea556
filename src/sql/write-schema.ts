import { diffModels } from '../diff/diff.js';
import { emptyModel } from '../model/normalize.js';
import type { SchemaModel } from '../model/types.js';
import { planStatements, type PlanOptions } from '../plan/plan.js';

/**
 * writeSchemaSql renders a model as one DDL script that recreates it in an empty database: the
 * plan from the empty model to this one, so `inspect --format sql`, `generate` and `push` print
 * every object the same way and in the same dependency order. Function bodies are not checked at
 * creation (`check_function_bodies = off`, as pg_dump does), so functions can come before the
 * tables they query. With `base`, the script builds the model over what `base` already holds (a
 * preset's platform), not over an empty database.
 *
 * @example const sql = await writeSchemaSql(await introspect(db));
 */
export async function writeSchemaSql(model: SchemaModel, options: PlanOptions & { base?: SchemaModel | undefined } = {}): Promise<string> {
  const { base = emptyModel(), ...planOptions } = options;
  const statements = await planStatements(diffModels(base, model), base, model, planOptions);
  return ['SET check_function_bodies = false;', ...statements].join('\n') + '\n';
}
