import { sameValue } from '../../diff/same.js';
import type { Ddl } from '../../sql/ddl.js';
import type { ColumnDef, QualifiedName } from '../types.js';
import { supports, type PlanContext } from './kind.js';

/**
 * The forms of a column change that depend on the target server or on the rows in the table:
 * generated expressions (SET EXPRESSION from PostgreSQL 17, drop and re-add before) and identity
 * options (bounds that the sequence's current value must fit).
 */

type Identity = NonNullable<ColumnDef['identity']>;

/**
 * readded says whether going from `from` to `to` takes dropping the column and adding it again:
 * a column becoming generated (PostgreSQL has no in-place form), a generated column changing
 * between stored and virtual, leaving a virtual one (DROP EXPRESSION is for stored columns), or a
 * new expression on a server without SET EXPRESSION (before 17). With no `ctx` the answer is for
 * the oldest server, so it says whether any target would need it.
 */
export function readded(from: ColumnDef, to: ColumnDef, ctx: Pick<PlanContext, 'serverVersion'> = {}): boolean {
  const [a, b] = [from.generated, to.generated];
  if (sameValue(a, b)) return false;
  if (!b) return a?.kind === 'virtual';
  if (!a || a.kind !== b.kind) return true;
  return !supports(ctx, 17);
}

/**
 * readdLosesData: a column that becomes generated loses the values it held (they are replaced by
 * computed ones), and one that stops being virtual starts out empty. Re-adding a stored generated
 * column with a new expression loses nothing: its values were always computed from the other
 * columns, and ADD COLUMN computes them again for every row.
 */
export function readdLosesData(from: ColumnDef, to: ColumnDef): boolean {
  return (!from.generated && to.generated !== null) || (from.generated?.kind === 'virtual' && to.generated?.kind !== 'virtual');
}

/** generatedActions are the in-place ALTER COLUMN actions for a generated expression change that is not re-added. */
export function generatedActions(from: ColumnDef, to: ColumnDef): string[] {
  if (sameValue(from.generated, to.generated)) return [];
  if (!to.generated) return ['DROP EXPRESSION'];
  return [`SET EXPRESSION AS (${to.generated.expression})`];
}

const big = (v: string) => BigInt(v);

/**
 * identityChanges alters an identity column's sequence options so that the ALTER succeeds on a
 * table with rows. PostgreSQL checks the sequence's current value (and START) against the new
 * MINVALUE and MAXVALUE, so bounds that widen go first with every other option (START then lies
 * within the widened range), the current value is moved into the new range only if it is outside
 * it, and bounds that narrow go last. A RESTART to START would hand out values the table already
 * holds when the current value is well inside the range; moving it only when it is out of range
 * keeps every value still to come unused. A new START alone needs no restart: it only says where a
 * later `RESTART` goes.
 */
export function identityChanges(table: QualifiedName, column: string, from: Identity, to: Identity, ddl: Ddl): string[] {
  const sets: string[] = [];
  if (from.kind !== to.kind) sets.push(`SET GENERATED ${to.kind === 'always' ? 'ALWAYS' : 'BY DEFAULT'}`);
  if (from.start !== to.start) sets.push(`SET START WITH ${to.start}`);
  if (from.increment !== to.increment) sets.push(`SET INCREMENT BY ${to.increment}`);
  const raisesMin = big(to.min) > big(from.min);
  const lowersMax = big(to.max) < big(from.max);
  if (from.min !== to.min && !raisesMin) sets.push(`SET MINVALUE ${to.min}`);
  if (from.max !== to.max && !lowersMax) sets.push(`SET MAXVALUE ${to.max}`);
  if (from.cache !== to.cache) sets.push(`SET CACHE ${to.cache}`);
  if (from.cycle !== to.cycle) sets.push(to.cycle ? 'SET CYCLE' : 'SET NO CYCLE');
  const out: string[] = [];
  if (sets.length) out.push(ddl.alterColumn(table, column, sets.join(' ')));
  if (raisesMin || lowersMax) {
    out.push(ddl.clampSequence(to.sequence, to.min, to.max));
    const narrow = [...(raisesMin ? [`SET MINVALUE ${to.min}`] : []), ...(lowersMax ? [`SET MAXVALUE ${to.max}`] : [])];
    out.push(ddl.alterColumn(table, column, narrow.join(' ')));
  }
  return out;
}

/**
 * identityAdded makes a plain column an identity in place. Its sequence starts at START, so on a
 * table with rows (a serial column converted) it is moved past the values the column already holds
 * — as far as they go in the sequence's direction — or the next insert would collide with them.
 */
export function identityAdded(table: QualifiedName, column: string, identity: Identity, ddl: Ddl): string[] {
  return [ddl.alterColumn(table, column, `ADD ${ddl.identityClause(identity)}`), ddl.advanceSequencePast(identity.sequence, table, column, identity)];
}
