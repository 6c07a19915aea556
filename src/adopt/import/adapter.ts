import type { Driver } from '../../driver/driver.js';
import type { QualifiedName } from '../../model/types.js';

/** ImportTool names a migration tool whose folders `tidemark import` converts. */
export type ImportTool = 'drizzle' | 'prisma' | 'supabase' | 'dbmate' | 'flyway' | 'node-pg-migrate';

/** IMPORT_TOOLS lists every {@link ImportTool}. */
export const IMPORT_TOOLS: readonly ImportTool[] = ['drizzle', 'prisma', 'supabase', 'dbmate', 'flyway', 'node-pg-migrate'];

/** isImportTool narrows a string (a CLI argument) to an {@link ImportTool}. */
export function isImportTool(value: string): value is ImportTool {
  return (IMPORT_TOOLS as readonly string[]).includes(value);
}

/**
 * ForeignMigration is one migration of another tool, converted: the Tidemark file it becomes and
 * what identifies it in that tool's history table.
 */
export interface ForeignMigration {
  /** The Tidemark version (all digits); versions increase in the tool's own order. */
  readonly version: string;
  /** The Tidemark name (`<version>_<name>.sql`). */
  readonly name: string;
  /** The Tidemark file's text: the tool's SQL, with section markers where the tool had two directions. */
  readonly text: string;
  /** Where it came from, relative to the project root, for messages. */
  readonly source: string;
  /** How the tool's history table identifies it (a version, a directory name, a hash…). */
  readonly keys: readonly string[];
}

/** ReadResult is a converted folder plus what could not be converted (said, never silently dropped). */
export interface ReadResult {
  readonly migrations: readonly ForeignMigration[];
  readonly warnings: readonly string[];
}

/** HistoryRead lists the applied migrations, as the tool's history table records them. */
export interface HistoryRead {
  /** Each applied entry with its keys and a readable label, to report entries no file matches. */
  readonly entries: readonly { readonly keys: readonly string[]; readonly label: string }[];
}

/**
 * ImportAdapter is one tool: where its history lives by default, how to read its folder, and how
 * to read its history table. Adapters are plain objects in a Record keyed by tool, so adding a
 * tool without an adapter does not compile.
 */
export interface ImportAdapter {
  /** The folder layout, for help and errors. */
  readonly layout: string;
  readonly historyTable: QualifiedName;
  read(dir: string, root: string): Promise<ReadResult>;
  /** history reads the tool's history table; `migrations` lets a baseline entry name what it covers. */
  history(db: Driver, table: QualifiedName, migrations: readonly ForeignMigration[]): Promise<HistoryRead>;
}
