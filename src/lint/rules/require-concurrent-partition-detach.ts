import { displayName, location, nodeAs } from '../ast.js';
import { alterCommands } from '../facts.js';
import type { Rule } from '../types.js';
import { detachFix } from '../fixes/online-forms.js';

/** require-concurrent-partition-detach: a plain DETACH PARTITION locks the parent table. */
const rule: Rule = {
  id: 'require-concurrent-partition-detach',
  doc: 'DETACH PARTITION without CONCURRENTLY (ACCESS EXCLUSIVE lock on the partitioned table).',
  defaultSeverity: 'warn',
  hint: 'Use ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY in a "-- migrate:up transaction:false" section.',
  squawk: ['require-concurrent-partition-detach'],
  check: {
    nodeTypes: ['AlterTableStmt'],
    statement(statement, ctx) {
      for (const { table, cmd } of alterCommands(statement)) {
        const partition = nodeAs(cmd.def, 'PartitionCmd');
        if (cmd.subtype !== 'AT_DetachPartition' || !partition || partition.concurrent) continue;
        ctx.report(`detaching partition "${partition.name?.relname}" locks "${displayName(table)}" against reads and writes`, location(partition.name), { fix: detachFix(statement, ctx, partition.name) });
      }
    },
  },
};
export default rule;
