/**
 * Tidemark's public API. The CLI is built on exactly these exports.
 */
export { openTidemark, Tidemark, type OpenTidemarkOptions, type StatusReport, type StatusEntry, type LintRunOptions } from './tidemark.js';
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
export { lintFiles, lintMigrations, changedMigrationFiles, resolveLintOptions, DEFAULT_TENANT_COLUMNS, type LintProject } from './lint/lint.js';
export { allRules, ruleRegistry, registerRules } from './lint/registry.js';
export { lintSources, type LintSource, type LintEntry } from './lint/engine.js';
export { formatReport, formatText, formatJson, formatGithub, LINT_FORMATS, type LintFormat, type Paint } from './lint/report.js';
export type { Rule, RuleChecks, RuleContext, Finding, LintReport, LintOptions, Severity, RuleSetting, LintSection, LintFile, Anchor, LintToken } from './lint/types.js';
export { SchemaState, type SchemaView, type TableState, type ColumnState } from './lint/schema/state.js';
