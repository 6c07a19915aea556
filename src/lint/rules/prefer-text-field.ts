import { displayName, renderType } from '../ast.js';
import { typedColumns } from '../facts.js';
import type { Rule } from '../types.js';

/**
 * prefer-text-field: a length limit in the type is stored no more cheaply than text, char(n)
 * pads with blanks, and raising the limit later may need an exclusive lock; a CHECK constraint
 * can be changed with NOT VALID.
 */
const rule: Rule = {
  id: 'prefer-text-field',
  doc: 'A column of type varchar(n) or char(n).',
  defaultSeverity: 'warn',
  scoped: true,
  hint: 'Use text with a CHECK (char_length(col) <= n) constraint, which can be changed without locking the table.',
  squawk: ['prefer-text-field', 'ban-char-field'],
  check: {
    nodeTypes: ['CreateStmt', 'AlterTableStmt'],
    statement(statement, ctx) {
      for (const c of typedColumns(statement)) {
        const limited = (c.type.name === 'varchar' && c.type.mods.length > 0) || c.type.name === 'bpchar';
        if (limited && ctx.inScope(c.table)) ctx.report(`"${displayName(c.table)}.${c.column}" is ${renderType(c.type).replace('bpchar', 'char')}`, c.location);
      }
    },
  },
};
export default rule;
