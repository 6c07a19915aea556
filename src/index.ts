/**
 * Tidemark's public API. The CLI is built on exactly these exports.
 */
import { sourceLoaders } from './sources/source.js';
import { loadReference } from './reference/load.js';

// `reference:<file.md>` works as a source wherever sources are accepted (docs, validate, diff).
sourceLoaders.reference ??= (file) => loadReference(file);

export { openTidemark, Tidemark, type OpenTidemarkOptions, type StatusReport, type StatusEntry } from './tidemark.js';
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
export { parseSource, loadSource, sourceLoaders, schemaSource, type SourceSpec } from './sources/source.js';
export { openShadow, withShadow, loadSqlFiles } from './shadow/shadow.js';
export { generateDocs, type DocsOptions, type DocsResult } from './docs/generate.js';
export { renderDocument, type DocumentOptions } from './docs/document.js';
export { readRowEstimates, readHistory, historyFromFiles, type RowEstimate, type HistoryRow } from './docs/collect.js';
export { parseReference } from './reference/parse.js';
export { referenceDdl, type LocatedStatement } from './reference/ddl.js';
export { loadReference, type LoadReferenceOptions } from './reference/load.js';
export type * from './reference/document.js';
export { compareWithReference, type Mismatch, type MismatchKind } from './validate/conformance.js';
export { checkPolicies, type PolicyFailure, type PolicyRule, type ValidatePolicy } from './validate/policy.js';
export { validateModel, type ValidationReport } from './validate/validate.js';
