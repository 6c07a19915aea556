/**
 * Tidemark's public API. The CLI is built on exactly these exports.
 */
export {
  openTidemark,
  Tidemark,
  type OpenTidemarkOptions,
  type StatusReport,
  type StatusEntry,
  type MigrateCallOptions,
  type LintRunOptions,
} from './tidemark.js';
export { defineConfig, type TidemarkConfig, type TidemarkConfigInput } from './config/schema.js';
export { loadConfig, findConfigFile, validateConfig, type ResolvedConfig, type LoadConfigOptions } from './config/load.js';
export { openDriver } from './driver/open.js';
export type { Driver, QueryResult } from './driver/driver.js';
export { parseDatabaseUrl, redactUrl, DEFAULT_DATABASE_URL, type DatabaseTarget } from './driver/url.js';
export { initProject, type InitResult, type InitOptions } from './project/init.js';
export { setConfigPreset, type PresetSetting } from './project/set-preset.js';
export { newMigration, timestampVersion, type NewMigrationOptions } from './project/new-migration.js';
export { writeOutput, readExisting, STDOUT_PATH } from './project/output-file.js';
export { readMigrationDir, checksumOf, compareVersions, type MigrationFile } from './migrations/files.js';
export type { MigrationEvent, MigrationDb } from './migrations/executor.js';
export type { MigrateOptions, DownOptions, StepReport, VerifyProblem } from './migrations/migrator.js';
export type { MigrationState } from './migrations/status.js';
export type { AppliedMigration, HistoryEvent } from './migrations/history.js';
export * from './errors.js';
export { introspect, type IntrospectOptions } from './catalog/introspect.js';
export { unsupportedObjects, describeUnsupported, type UnsupportedObject } from './catalog/audit.js';
export { AUDIT_TYPES, type AuditType } from './catalog/audit-queries.js';
export { writeSchemaSql } from './sql/write-schema.js';
export { loadIdentQuoter, type IdentQuoter } from './sql/ident.js';
export { normalizeModel, emptyModel } from './model/normalize.js';
export { compareModels, formatDifferences, type Difference } from './model/compare.js';
export type * from './model/types.js';
export { parseSource, loadSource, sourceLoaders, schemaSource, type SourceSpec } from './sources/source.js';
export { openShadow, withShadow, loadSqlFiles, type ShadowOptions } from './shadow/shadow.js';
export { closeIdleShadows } from './shadow/pool.js';
export { sweepStaleShadows, SHADOW_PREFIX } from './shadow/server.js';
export { diffModels, type RenameHints } from './diff/diff.js';
export type { Change, ChangeKind, ChangeOp, CommentTarget } from './diff/changes.js';
export { invert, changeKind } from './diff/changes.js';
export { KINDS, OBJECT_KINDS, type ObjectKind, type ObjectTypes } from './model/kinds/registry.js';
export type { KindSpec, PlanContext } from './model/kinds/kind.js';
export { parseRenameHints } from './diff/renames.js';
export { planChanges, describe as describeChange, type Plan, type PlannedChange, type PlanStatement, type PlanOptions } from './plan/plan.js';
export { applyStatements, ConcurrentStatementError, type ApplyOptions } from './plan/apply.js';
export type { Hazards, LockLevel, Phase } from './model/kinds/kind.js';
export { DestructiveChangeError, planBetween, sqlOf, type GenerateResult, type DriftResult, type PushResult, type PlanningOptions } from './declarative/workflows.js';
export { renderTypes, DEFAULT_TYPES_OPTIONS } from './types/render.js';
export { generateTypes, TYPES_FORMATS, type TypesFormat, type GenerateTypesOptions, type GenerateTypesResult, type GeneratedFileStatus } from './types/generate.js';
export { renderSupabaseTypes } from './types/supabase-render.js';
export { presetSql, presetOf, PRESET_NAMES, SUPABASE_SCHEMAS, type Preset, type PresetName } from './presets/preset.js';
export type { TypesOptions } from './types/type-map.js';
export { summarizeChanges, CHANGE_CATEGORIES, type ChangeReport, type ChangeCategory, type CategoryChanges, type AlteredItem } from './report/change-summary.js';
export { migrateWithReport, type MigrateWithReport } from './report/migrate-report.js';
export { writeDropSql } from './sql/write-drop.js';
export { baseline, type BaselineOptions, type BaselineResult } from './adopt/baseline.js';
export { importMigrations, isImportTool, type ImportOptions, type ImportResult, type ImportedFile } from './adopt/import/importer.js';
export { IMPORT_TOOLS, type ImportTool } from './adopt/import/adapter.js';
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
export { lintFiles, lintMigrations, changedMigrationFiles, resolveLintOptions, DEFAULT_TENANT_COLUMNS, type LintProject, type LintFilesOptions } from './lint/lint.js';
export { allRules, ruleRegistry, registerRules } from './lint/registry.js';
export { LINT_PROFILES, DEFAULT_DISTRIBUTION_COLUMN, type LintProfile } from './lint/profiles.js';
export { lintSources, type LintSource, type LintEntry } from './lint/engine.js';
export { fixFiles, type FixReport, type ChangedFile } from './lint/fix.js';
export { rewriteMigration, type Rewrite, type AddedMigration } from './lint/fixes/rewrite.js';
export { suggestionOf } from './lint/fixes/suggestion.js';
export { formatReport, formatText, formatJson, formatGithub, LINT_FORMATS, type LintFormat, type Paint } from './lint/report.js';
export type { Rule, RuleChecks, RuleContext, Finding, LintReport, LintOptions, Severity, RuleSetting, LintSection, LintFile, Anchor, LintToken, Fix, FixPart, FileInsertion, MovedObject, ReportExtra } from './lint/types.js';
export { SchemaState, type SchemaView, type TableState, type ColumnState } from './lint/schema/state.js';
export { addTenants, type AddTenantsOptions, type AddTenantsResult } from './tenants/onboard.js';
export { createTenantSchemaSql, CITUS_DISTRIBUTE, type CitusMode } from './tenants/citus.js';
export { placeTenants, type PlacementPolicy, type PlacementFunction, type ShardLoad } from './tenants/placement.js';
export { Tenants, type RetryReport, type TenantMigrateOptions, type TenantStatus, type TenantsStatusReport } from './tenants/tenants.js';
export type { ControlSource } from './tenants/control.js';
export type { Tenant } from './tenants/registry.js';
export { registrySql } from './tenants/registry.js';
export type { AuditRow, AuditStatus } from './tenants/audit.js';
export { SCHEMA_PLACEHOLDER, type FleetReport, type TenantResult, type TenantOutcome, type TenantError } from './tenants/fleet.js';
export type { ApplyTenantSchemaOptions, ApplyTenantSchemaResult } from './tenants/apply-schema.js';
export type { MoveEvent, MoveOptions, MoveResult, MoveStep, MovedTable } from './tenants/move.js';
export { validateSlug, schemaNameFor, SLUG_PATTERN } from './tenants/names.js';
export { verifyPlan, type PlanSide, type VerifyPlanOptions, type Verification } from './verify/verify.js';
export { verifyClosure, type LiveSide } from './verify/closure-verify.js';
export { planClosure, closureModel, type Closure } from './verify/closure.js';
export { readFingerprint, compareFingerprints, canonicalFacts, fingerprintOf, type Fingerprint, type FingerprintDifference, type FingerprintOptions } from './verify/fingerprint.js';
export type { Verified } from './verify/sides.js';
export { resetDatabase, seedDatabase, projectSum, type ResetOptions, type ResetResult, type SumResult } from './lifecycle/lifecycle.js';
export { emptyScope, type ResetDrops } from './lifecycle/reset.js';
export { readSeeds, runSeeds, type SeedFile, type SeedReport } from './lifecycle/seeds.js';
export { createDatabase, dropDatabase, type DatabaseLifecycleResult } from './lifecycle/database.js';
export { isLocalDatabase, refuseUnlessDisposable } from './lifecycle/guard.js';
export { sumText, compareSum, writeSum, SUM_FILE } from './migrations/sum.js';
export { squashMigrations, type SquashOptions, type SquashResult } from './lifecycle/squash.js';
export { startStudio, DEFAULT_STUDIO_PORT, type Studio, type StudioOptions } from './studio/server.js';
