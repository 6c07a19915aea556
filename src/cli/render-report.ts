import { CHANGE_CATEGORIES, type ChangeCategory, type ChangeReport } from '../report/change-summary.js';
import type { Output } from './output.js';

const LABELS: Record<ChangeCategory, string> = {
  tables: 'tables',
  views: 'views',
  columns: 'columns',
  foreignKeys: 'foreign keys',
  indexes: 'indexes',
  policies: 'policies',
  triggers: 'triggers',
  enums: 'enums',
  functions: 'functions',
};

/**
 * printChangeReport renders a {@link ChangeReport} as lines: per kind of object the counts, then
 * each object added (+), removed (-) or altered (~, with what changed). Objects of tables added or
 * removed as a whole are counted but not listed (the table's own line says it).
 */
export function printChangeReport(out: Output, report: ChangeReport): void {
  const c = out.colors;
  const width = Math.max(...CHANGE_CATEGORIES.map((k) => LABELS[k].length));
  out.line('What this run changed:');
  if (!report.changed) out.line('  nothing: the schema is the same as before');
  for (const category of CHANGE_CATEGORIES) {
    const { added, removed, altered, inAddedOrRemovedTables } = report.changes[category];
    if (added.length + removed.length + altered.length === 0) continue;
    const counts = [`+${added.length}`, `-${removed.length}`, `~${altered.length}`].join(' ');
    const within = category !== 'tables' && inAddedOrRemovedTables > 0 ? c.dim(` (${inAddedOrRemovedTables} in tables added or removed)`) : '';
    out.line(`  ${LABELS[category].padEnd(width)}  ${counts}${within}`);
    const listed = (name: string) => category === 'tables' || !isInTable(name, report);
    for (const name of added.filter(listed)) out.line(`    ${c.green('+')} ${name}`);
    for (const name of removed.filter(listed)) out.line(`    ${c.red('-')} ${name}`);
    for (const item of altered) out.line(`    ${c.yellow('~')} ${item.name} ${c.dim(`(${item.what.join(', ')})`)}`);
  }
  const totals = CHANGE_CATEGORIES.map((k) => `${LABELS[k]} ${report.totals.before[k]} → ${report.totals.after[k]}`);
  out.line(`Totals before → after: ${totals.join(', ')}`);
}

/** isInTable tells whether `name` (schema.table.object) belongs to a table added or removed whole. */
function isInTable(name: string, report: ChangeReport): boolean {
  const whole = [...report.changes.tables.added, ...report.changes.tables.removed];
  return whole.some((table) => name.startsWith(`${table}.`));
}
