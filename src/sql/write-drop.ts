import { diffModels } from '../diff/diff.js';
import { emptyModel } from '../model/normalize.js';
import type { SchemaModel } from '../model/types.js';
import { planStatements } from '../plan/plan.js';

/**
 * writeDropSql renders the script that removes everything {@link writeSchemaSql} would create
 * from the same model: the plan from the model to an empty one, keeping schema `public`. No
 * CASCADE: if something outside the model depends on these objects, the script fails instead of
 * silently taking it along. With `base`, it goes back to what `base` holds (a preset's platform).
 *
 * @example const down = await writeDropSql(await introspect(db)); // the down section of a baseline
 */
export async function writeDropSql(model: SchemaModel, base?: SchemaModel): Promise<string> {
  const target: SchemaModel = base ?? { ...emptyModel(), schemas: model.schemas.filter((s) => s.name === 'public') };
  const statements = await planStatements(diffModels(model, target), model, target);
  return statements.length ? `${statements.join('\n')}\n` : '';
}
