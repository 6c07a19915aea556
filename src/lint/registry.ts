import syntaxError from './rules/syntax-error.js';
import invalidDirective from './rules/invalid-directive.js';
import reservedKeyword from './rules/reserved-keyword.js';
import identifierTooLong from './rules/identifier-too-long.js';
import banDropTable from './rules/ban-drop-table.js';
import banDropColumn from './rules/ban-drop-column.js';
import banDropSchema from './rules/ban-drop-schema.js';
import banTruncate from './rules/ban-truncate.js';
import banDropCascade from './rules/ban-drop-cascade.js';
import banDropDatabase from './rules/ban-drop-database.js';
import renamingTable from './rules/renaming-table.js';
import renamingColumn from './rules/renaming-column.js';
import requireConcurrentIndexCreation from './rules/require-concurrent-index-creation.js';
import requireConcurrentIndexDeletion from './rules/require-concurrent-index-deletion.js';
import requireConcurrentReindex from './rules/require-concurrent-reindex.js';
import requireConcurrentPartitionDetach from './rules/require-concurrent-partition-detach.js';
import concurrentlyInTransaction from './rules/concurrently-in-transaction.js';
import addingVolatileDefault from './rules/adding-volatile-default.js';
import addingRequiredField from './rules/adding-required-field.js';
import setNotNullWithoutCheck from './rules/set-not-null-without-check.js';
import banDropNotNull from './rules/ban-drop-not-null.js';
import constraintMissingNotValid from './rules/constraint-missing-not-valid.js';
import constraintBuildsIndex from './rules/constraint-builds-index.js';
import changingColumnType from './rules/changing-column-type.js';
import banAlterDomainAddConstraint from './rules/ban-alter-domain-add-constraint.js';
import banCreateDomainWithConstraint from './rules/ban-create-domain-with-constraint.js';
import requireEnumValueOrdering from './rules/require-enum-value-ordering.js';
import banVacuumFull from './rules/ban-vacuum-full.js';
import setNullOnNotNull from './rules/set-null-on-not-null.js';
import fkMissingIndex from './rules/fk-missing-index.js';
import tenantTableWithoutRls from './rules/tenant-table-without-rls.js';
import tableWithoutPrimaryKey from './rules/table-without-primary-key.js';
import preferTimestamptz from './rules/prefer-timestamptz.js';
import preferTextField from './rules/prefer-text-field.js';
import preferJsonb from './rules/prefer-jsonb.js';
import preferIdentity from './rules/prefer-identity.js';
import preferBigintKeys from './rules/prefer-bigint-keys.js';
import missingDownSection from './rules/missing-down-section.js';
import transactionControl from './rules/transaction-control.js';
import multipleStatementsWithoutTransaction from './rules/multiple-statements-without-transaction.js';
import preferRobustStmts from './rules/prefer-robust-stmts.js';
import duplicateColumnAssignment from './rules/duplicate-column-assignment.js';
import reservedKeywordQuoted from './rules/reserved-keyword-quoted.js';
import banDropMaterializedView from './rules/ban-drop-materialized-view.js';
import banDropPrimaryKey from './rules/ban-drop-primary-key.js';
import renamingSchema from './rules/renaming-schema.js';
import changingTableLogging from './rules/changing-table-logging.js';
import banLockTable from './rules/ban-lock-table.js';
import validateInSameTransaction from './rules/validate-in-same-transaction.js';
import backfillInDdlTransaction from './rules/backfill-in-ddl-transaction.js';
import citusKeyWithoutDistributionColumn from './rules/citus-key-without-distribution-column.js';
import citusForeignKeyWithoutDistributionColumn from './rules/citus-foreign-key-without-distribution-column.js';
import citusReferenceTableCandidate from './rules/citus-reference-table-candidate.js';
import type { Rule } from './types.js';

/**
 * The rule registry: every rule, registered once, in the order the README's table lists them.
 * Ids are checked here when the module loads, so two rules can never share one (config and
 * disable directives name rules by id).
 */

const ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/**
 * registerRules indexes `list` by id and throws on an id used twice or not in kebab-case.
 *
 * @example registerRules([ruleA, ruleB]).get('ban-drop-table')
 */
export function registerRules(list: readonly Rule[]): ReadonlyMap<string, Rule> {
  const byId = new Map<string, Rule>();
  for (const rule of list) {
    if (!ID.test(rule.id)) throw new Error(`lint rule id "${rule.id}" is not kebab-case`);
    if (byId.has(rule.id)) throw new Error(`lint rule id "${rule.id}" is registered twice`);
    byId.set(rule.id, rule);
  }
  return byId;
}

/** allRules lists every built-in rule. */
export const allRules: readonly Rule[] = [
  syntaxError,
  invalidDirective,
  reservedKeyword,
  reservedKeywordQuoted,
  identifierTooLong,
  banDropTable,
  banDropMaterializedView,
  banDropColumn,
  banDropSchema,
  banTruncate,
  banDropCascade,
  banDropDatabase,
  banDropPrimaryKey,
  renamingTable,
  renamingColumn,
  renamingSchema,
  requireConcurrentIndexCreation,
  requireConcurrentIndexDeletion,
  requireConcurrentReindex,
  requireConcurrentPartitionDetach,
  concurrentlyInTransaction,
  addingVolatileDefault,
  addingRequiredField,
  setNotNullWithoutCheck,
  banDropNotNull,
  constraintMissingNotValid,
  validateInSameTransaction,
  constraintBuildsIndex,
  changingColumnType,
  changingTableLogging,
  backfillInDdlTransaction,
  banLockTable,
  banAlterDomainAddConstraint,
  banCreateDomainWithConstraint,
  requireEnumValueOrdering,
  banVacuumFull,
  setNullOnNotNull,
  fkMissingIndex,
  tenantTableWithoutRls,
  tableWithoutPrimaryKey,
  preferTimestamptz,
  preferTextField,
  preferJsonb,
  preferIdentity,
  preferBigintKeys,
  missingDownSection,
  transactionControl,
  multipleStatementsWithoutTransaction,
  preferRobustStmts,
  duplicateColumnAssignment,
  // Profile citus: off unless `--profile citus` or config lint.profiles chooses it.
  citusKeyWithoutDistributionColumn,
  citusForeignKeyWithoutDistributionColumn,
  citusReferenceTableCandidate,
];

/** ruleRegistry maps each rule id to its rule. */
export const ruleRegistry: ReadonlyMap<string, Rule> = registerRules(allRules);
