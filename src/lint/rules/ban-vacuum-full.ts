import { nodeAs, statementAs } from '../ast.js';
import type { Rule } from '../types.js';

/** ban-vacuum-full: VACUUM FULL and CLUSTER rewrite the table under an ACCESS EXCLUSIVE lock. */
const rule: Rule = {
  id: 'ban-vacuum-full',
  doc: 'VACUUM FULL or CLUSTER (rewrites the table with reads and writes blocked).',
  defaultSeverity: 'error',
  hint: 'Use pg_repack or pg_squeeze, which rebuild the table online, outside migrations.',
  squawk: ['prefer-repack'],
  check: {
    nodeTypes: ['VacuumStmt', 'ClusterStmt'],
    statement(statement, ctx) {
      const vacuum = statementAs(statement, 'VacuumStmt');
      if (vacuum?.is_vacuumcmd && (vacuum.options ?? []).some((o) => nodeAs(o, 'DefElem')?.defname === 'full')) {
        ctx.report('VACUUM FULL rewrites the table while reads and writes wait');
      } else if (statement.nodeType === 'ClusterStmt') {
        ctx.report('CLUSTER rewrites the table while reads and writes wait');
      }
    },
  },
};
export default rule;
