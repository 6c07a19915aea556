import ELK from 'elkjs/lib/elk-api.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import type { SchemaModel, TableDef } from './api.js';

/** The drawing's metrics: a header row, then one row per column. */
export const ROW = 18;
export const HEADER = 24;
const CHAR = 7.2;
const PAD = 10;

export interface DiagramColumn {
  readonly name: string;
  readonly type: string;
  readonly key: boolean;
  readonly foreign: boolean;
  readonly notNull: boolean;
}

export interface DiagramNode {
  /** `schema.name` */
  readonly id: string;
  readonly label: string;
  readonly columns: readonly DiagramColumn[];
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface DiagramEdge {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  /** The foreign key's name and columns, for the edge's tooltip. */
  readonly label: string;
  /** The routed line: start, bends, end. */
  readonly points: readonly { readonly x: number; readonly y: number }[];
}

export interface Diagram {
  readonly nodes: readonly DiagramNode[];
  readonly edges: readonly DiagramEdge[];
  readonly width: number;
  readonly height: number;
  /** Milliseconds ELK took, shown on the page (and read by bench/studio.mjs). */
  readonly layoutMs: number;
}

const idOf = (t: { schema: string; name: string }) => `${t.schema}.${t.name}`;

/**
 * The tables the diagram draws: a partition is drawn as its partitioned parent (it has the
 * parent's columns and keys), so a table partitioned by month is one box, not thirteen.
 */
function drawnTables(model: SchemaModel): TableDef[] {
  return model.tables.filter((t) => t.partitionOf === null);
}

/**
 * layoutDiagram lays out the tables and their foreign keys with ELK's layered algorithm (in a web
 * worker, so a large schema does not freeze the page), edges routed orthogonally between boxes.
 */
export async function layoutDiagram(model: SchemaModel, workerUrl: string): Promise<Diagram> {
  const tables = drawnTables(model);
  const known = new Set(tables.map(idOf));
  const nodes = tables.map((t) => {
    const keys = new Set(t.constraints.filter((c) => c.type === 'primary key').flatMap((c) => c.columns));
    const foreign = new Set(t.constraints.filter((c) => c.type === 'foreign key').flatMap((c) => c.columns));
    const columns = t.columns.map((c) => ({ name: c.name, type: c.type, key: keys.has(c.name), foreign: foreign.has(c.name), notNull: c.notNull }));
    const label = t.schema === 'public' ? t.name : idOf(t);
    const longest = Math.max(label.length + 2, ...columns.map((c) => c.name.length + c.type.length + 6));
    return { id: idOf(t), label, columns, width: Math.ceil(longest * CHAR + 2 * PAD), height: HEADER + Math.max(1, columns.length) * ROW + 6 };
  });
  const edges: (ElkExtendedEdge & { label: string; from: string; to: string })[] = [];
  for (const t of tables) {
    for (const c of t.constraints) {
      const fk = c.foreignKey;
      if (!fk || !known.has(idOf(fk.table))) continue;
      edges.push({ id: `${idOf(t)}.${c.name}`, sources: [idOf(t)], targets: [idOf(fk.table)], from: idOf(t), to: idOf(fk.table), label: `${c.name}: (${c.columns.join(', ')}) → ${idOf(fk.table)}(${fk.columns.join(', ')})` });
    }
  }
  const elk = new ELK({ workerUrl });
  const started = performance.now();
  try {
    const graph: ElkNode = {
      id: 'root',
      layoutOptions: {
        'elk.algorithm': 'layered',
        'elk.direction': 'RIGHT',
        'elk.edgeRouting': 'ORTHOGONAL',
        'elk.layered.spacing.nodeNodeBetweenLayers': '60',
        'elk.spacing.nodeNode': '28',
        'elk.spacing.componentComponent': '48',
        'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
        // Unconnected tables are packed in rows rather than in one long column.
        'elk.aspectRatio': '1.6',
      },
      children: nodes.map((n) => ({ id: n.id, width: n.width, height: n.height })),
      edges: edges.map((e) => ({ id: e.id, sources: e.sources, targets: e.targets })),
    };
    const laid = await elk.layout(graph);
    const layoutMs = Math.round(performance.now() - started);
    const at = new Map((laid.children ?? []).map((c) => [c.id, c]));
    const routed = new Map((laid.edges ?? []).map((e) => [e.id, e as ElkExtendedEdge]));
    return {
      nodes: nodes.map((n) => ({ ...n, x: at.get(n.id)?.x ?? 0, y: at.get(n.id)?.y ?? 0 })),
      edges: edges.map((e) => {
        const section = routed.get(e.id)?.sections?.[0];
        const points = section ? [section.startPoint, ...(section.bendPoints ?? []), section.endPoint] : [];
        return { id: e.id, from: e.from, to: e.to, label: e.label, points };
      }),
      width: laid.width ?? 0,
      height: laid.height ?? 0,
      layoutMs,
    };
  } finally {
    elk.terminateWorker();
  }
}
