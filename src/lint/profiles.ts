/**
 * Lint profiles: groups of rules that are off unless asked for, because they only make sense for
 * one way of running PostgreSQL. `citus` holds what row-based Citus sharding needs of a schema
 * (every key carrying the distribution column); a project that will never be distributed must
 * not be told to rewrite its primary keys. A profile is chosen with `tidemark lint --profile
 * <name>` or config `lint.profiles`; a rule of a profile named in `lint.rules` is on too.
 */

/** LINT_PROFILES lists the profiles, for flag and config validation. */
export const LINT_PROFILES = ['citus'] as const;

/** LintProfile is the name of a profile. */
export type LintProfile = (typeof LINT_PROFILES)[number];

/** DEFAULT_DISTRIBUTION_COLUMN is the column row-based Citus distributes by unless config says otherwise. */
export const DEFAULT_DISTRIBUTION_COLUMN = 'tenant_id';

/** isLintProfile narrows a name given on the command line. */
export function isLintProfile(name: string): name is LintProfile {
  return (LINT_PROFILES as readonly string[]).includes(name);
}
