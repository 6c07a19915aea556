import { pathToFileURL } from 'node:url';
import { ScriptError, type Driver } from '../driver/driver.js';
import { MigrationExecutionError } from '../errors.js';
import type { MigrationFile } from '../migrations/files.js';
import { parseSection } from '../migrations/steps.js';
import { splitStatements } from '../parser/parser.js';
import { codePointToIndex, lineColumnAt } from '../parser/text-position.js';
import { explainShadowError } from './extensions.js';

/**
 * replayMigrations applies the up sections of migration files to a shadow database, in order.
 * A shadow is thrown away afterwards, so there is no lock, no history and no transaction around
 * each file: each section runs as one script (PostgreSQL makes that one implicit transaction),
 * `transaction:false` sections statement by statement. Failures still name file, line and column.
 */
export async function replayMigrations(db: Driver, files: readonly MigrationFile[]): Promise<void> {
  // Every file parses before the first runs, as in `migrate`: a syntax error is the file's, at file:line:col (exit 2).
  for (const file of files) if (file.kind === 'sql') await parseSection(file, file.sections!.up, 'up');
  for (const file of files) {
    if (file.kind === 'ts') {
      const module = (await import(pathToFileURL(file.path).href).catch(async () => {
        const { createJiti } = await import('jiti');
        return createJiti(import.meta.url, { moduleCache: false }).import(file.path);
      })) as { up?: (db: unknown) => Promise<void> };
      await module.up?.({ query: async (sql: string, params?: unknown[]) => (await db.query(sql, params)).rows, exec: (sql: string) => db.runScript(sql) });
      continue;
    }
    const section = file.sections!.up;
    if (section.transactional) {
      await run(db, file, section.sql, section.offset, () => splitStatements(section.sql));
    } else {
      for (const statement of await splitStatements(section.sql)) {
        await run(db, file, statement.text, section.offset + statement.start, async () => [{ ...statement, start: 0 }]);
      }
    }
  }
}

async function run(db: Driver, file: MigrationFile, sql: string, offset: number, statements: () => Promise<{ start: number; text: string }[]>): Promise<void> {
  try {
    // The trailing line ends a last statement that has no semicolon, or a trailing comment.
    await db.runScript(`${sql}\n;`);
  } catch (error) {
    if (!(error instanceof ScriptError)) throw error;
    const { fields } = error;
    const failing = (await statements())[error.completedStatements];
    const at = fields.position !== undefined ? codePointToIndex(sql, fields.position - 1) : (failing?.start ?? 0);
    const { line, column } = lineColumnAt(file.text, offset + at);
    throw new MigrationExecutionError({
      version: file.version,
      message: `replaying ${file.version}_${file.name} into a shadow database failed: ${explainShadowError(fields.message, db.kind)}`,
      sqlState: fields.sqlState,
      location: { file: file.displayPath, line, column },
      statement: failing?.text,
      cause: error,
    });
  }
}
