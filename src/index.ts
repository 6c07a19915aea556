/**
 * Tidemark's public API. The CLI is built on exactly these exports.
 */
export { openTidemark, Tidemark, type OpenTidemarkOptions, type StatusReport, type StatusEntry, type MigrateCallOptions } from './tidemark.js';
export { defineConfig, type TidemarkConfig, type TidemarkConfigInput } from './config/schema.js';
export { loadConfig, findConfigFile, validateConfig, type ResolvedConfig, type LoadConfigOptions } from './config/load.js';
export { openDriver } from './driver/open.js';
export type { Driver, QueryResult } from './driver/driver.js';
export { parseDatabaseUrl, redactUrl, DEFAULT_DATABASE_URL, type DatabaseTarget } from './driver/url.js';
export { initProject, type InitResult } from './project/init.js';
export { newMigration, timestampVersion, type NewMigrationOptions } from './project/new-migration.js';
export { readMigrationDir, checksumOf, compareVersions, type MigrationFile } from './migrations/files.js';
export type { MigrationEvent, MigrationDb } from './migrations/executor.js';
export type { MigrateOptions, DownOptions, StepReport, VerifyProblem } from './migrations/migrator.js';
export type { MigrationState } from './migrations/status.js';
export type { AppliedMigration, HistoryEvent } from './migrations/history.js';
export * from './errors.js';
export { introspect, type IntrospectOptions } from './catalog/introspect.js';
export { writeSchemaSql } from './sql/write-schema.js';
export { loadIdentQuoter, type IdentQuoter } from './sql/ident.js';
export { normalizeModel, emptyModel } from './model/normalize.js';
export { compareModels, formatDifferences, type Difference } from './model/compare.js';
export type * from './model/types.js';
export { parseSource, loadSource, sourceLoaders, type SourceSpec } from './sources/source.js';
export { openShadow, withShadow, loadSqlFiles } from './shadow/shadow.js';
export { renderTypes, DEFAULT_TYPES_OPTIONS } from './types/render.js';
export { generateTypes, type GenerateTypesOptions, type GenerateTypesResult, type GeneratedFileStatus } from './types/generate.js';
export type { TypesOptions } from './types/type-map.js';
export { summarizeChanges, CHANGE_CATEGORIES, type ChangeReport, type ChangeCategory, type CategoryChanges, type AlteredItem } from './report/change-summary.js';
export { migrateWithReport, type MigrateWithReport } from './report/migrate-report.js';
export { writeDropSql } from './sql/write-drop.js';
export { baseline, type BaselineOptions, type BaselineResult } from './adopt/baseline.js';
export { importMigrations, isImportTool, type ImportOptions, type ImportResult, type ImportedFile } from './adopt/import/importer.js';
export { IMPORT_TOOLS, type ImportTool } from './adopt/import/adapter.js';
