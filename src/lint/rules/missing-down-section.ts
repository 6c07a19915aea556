import { statementAs } from '../ast.js';
import { alterCommands } from '../facts.js';
import type { LintFile, LintSection, Rule } from '../types.js';

/**
 * Files whose up section only validates constraints or rebuilds indexes (such as the migrations
 * `generate` and `lint --fix` write for VALIDATE CONSTRAINT and REINDEX CONCURRENTLY): neither
 * has a revert, so their empty down section is right. The up section is checked before the down
 * section of the same file.
 */
const onlyValidates = new WeakMap<LintFile, boolean>();

function validatesOnly(section: LintSection): boolean {
  return (
    section.statements.length > 0 &&
    section.statements.every((s) => {
      if (s.nodeType === 'ReindexStmt' || statementAs(s, 'AlterDomainStmt')?.subtype === 'V') return true;
      const commands = alterCommands(s);
      return commands.length > 0 && commands.every((c) => c.cmd.subtype === 'AT_ValidateConstraint');
    })
  );
}

/** missing-down-section: without a down section the migration cannot be reverted by `tidemark down`. */
const rule: Rule = {
  id: 'missing-down-section',
  doc: 'A migration without a "-- migrate:down" section, or with an empty one (unless its up section only validates constraints or reindexes, which have no revert).',
  defaultSeverity: 'warn',
  hint: 'Add "-- migrate:down" with the statements that undo the up section.',
  check: {
    file(file, ctx) {
      if (!file.hasDown) ctx.report('no "-- migrate:down" section: this migration cannot be reverted');
    },
    section(section, ctx) {
      if (section.direction === 'up') onlyValidates.set(ctx.file, validatesOnly(section));
      else if (section.statements.length === 0 && !onlyValidates.get(ctx.file)) {
        ctx.report('the down section is empty: reverting records a revert without undoing anything');
      }
    },
  },
};
export default rule;
