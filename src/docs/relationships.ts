import type { ConstraintDef, TableDef } from '../model/types.js';
import type { Display } from './display.js';
import { code } from './markdown.js';

/**
 * The Relationships section: every foreign key as a Mermaid `erDiagram` edge (GitHub and most
 * Markdown viewers draw it) and as a plain list for readers without Mermaid.
 *
 * Cardinality follows from the catalog: the referencing columns' nullability decides whether the
 * parent side is "exactly one" (`||`) or "zero or one" (`|o`); a unique or primary key on exactly
 * the referencing columns makes the child side "zero or one" (`o|`) instead of "zero or many" (`o{`).
 */
export function renderRelationships(tables: readonly TableDef[], d: Display): string | null {
  const edges: string[] = [];
  const bullets: string[] = [];
  const entities = new Set<string>();
  for (const t of tables) {
    for (const c of t.constraints) {
      if (c.type !== 'foreign key' || !c.foreignKey) continue;
      const fk = c.foreignKey;
      const optional = c.columns.some((name) => t.columns.find((col) => col.name === name)?.notNull === false);
      const single = t.constraints.some((k) => (k.type === 'primary key' || k.type === 'unique') && sameColumns(k, c.columns));
      const parent = entity(d.name(fk.table));
      const child = entity(d.name(t));
      entities.add(parent).add(child);
      const label = JSON.stringify(c.columns.join(', '));
      edges.push(`    ${parent} ${optional ? '|o' : '||'}--${single ? 'o|' : 'o{'} ${child} : ${label}`);
      const action = fk.onDelete === 'no action' ? '' : ` (ON DELETE ${fk.onDelete.toUpperCase()})`;
      const columns = (cols: readonly string[]) => cols.map(d.ident).join(', ');
      bullets.push(`- ${code(`${d.name(t)}(${columns(c.columns)})`)} → ${code(`${d.name(fk.table)}(${columns(fk.columns)})`)}${action}`);
    }
  }
  if (edges.length === 0) return null;
  // Tables without foreign keys either way still appear, so the diagram shows the whole schema.
  const lone = tables.map((t) => entity(d.name(t))).filter((e) => !entities.has(e));
  const diagram = ['```mermaid', 'erDiagram', ...edges, ...lone.map((e) => `    ${e}`), '```'].join('\n');
  return `${diagram}\n\n${bullets.join('\n')}`;
}

function sameColumns(k: ConstraintDef, columns: readonly string[]): boolean {
  return k.columns.length === columns.length && [...k.columns].sort().join('\0') === [...columns].sort().join('\0');
}

/** entity names a Mermaid entity: bare when it is a plain word, else in double quotes. */
function entity(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(name) ? name : JSON.stringify(name.replace(/"/g, "'"));
}
