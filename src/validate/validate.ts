import type { SchemaModel } from '../model/types.js';
import { compareWithReference, type Mismatch } from './conformance.js';
import { checkPolicies, type PolicyFailure, type ValidatePolicy } from './policy.js';

/** ValidationReport is the result of `tidemark validate` and of `health()`; JSON-serializable as is. */
export interface ValidationReport {
  /** True when nothing failed. */
  readonly ok: boolean;
  /** The reference document compared with, and every difference; null when none was given. */
  readonly reference: { readonly file: string; readonly mismatches: readonly Mismatch[] } | null;
  /** Every policy check that failed. */
  readonly policy: readonly PolicyFailure[];
  /** How many policy rules were configured (a report on zero rules says so). */
  readonly rules: number;
  /** Why the checks could not run (health() reports instead of throwing); absent otherwise. */
  readonly error?: { readonly code: string; readonly message: string };
}

/** countRules counts the configured policy rules. */
export function countRules(policy: ValidatePolicy): number {
  return (
    policy.requiredTables.length +
    Object.values(policy.requiredColumns).reduce((n, columns) => n + columns.length, 0) +
    policy.rlsTables.length +
    policy.rlsTenantColumns.length +
    policy.requiredIndexes.length +
    policy.requiredForeignKeys.length
  );
}

/**
 * validateModel checks a database's model against the policy and, when given, a reference
 * document's model.
 *
 * @example validateModel(await tm.inspect(), config.validate, { file: 'docs/DATABASE.md', model: await loadReference('docs/DATABASE.md') })
 */
export function validateModel(actual: SchemaModel, policy: ValidatePolicy, reference?: { file: string; model: SchemaModel }): ValidationReport {
  const mismatches = reference ? compareWithReference(reference.model, actual) : [];
  const failures = checkPolicies(actual, policy);
  return {
    ok: mismatches.length === 0 && failures.length === 0,
    reference: reference ? { file: reference.file, mismatches } : null,
    policy: failures,
    rules: countRules(policy),
  };
}
