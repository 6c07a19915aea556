import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { select } from 'd3-selection';
import { zoom, zoomIdentity, type ZoomBehavior } from 'd3-zoom';
import type { SchemaModel } from './api.js';
import { fetchOnce } from './hooks.js';
import { layoutDiagram, HEADER, ROW, type Diagram, type DiagramNode } from './diagram-layout.js';
import { DIAGRAM_STYLE, exportPng, exportSvg } from './diagram-export.js';

type State = { readonly state: 'loading' } | { readonly state: 'ready'; readonly diagram: Diagram } | { readonly state: 'failed'; readonly message: string };

export function DiagramPage() {
  const [state, setState] = useState<State>({ state: 'loading' });
  useEffect(() => {
    let live = true;
    fetchOnce<SchemaModel>('schema')
      .then((model) => layoutDiagram(model, new URL('elk-worker.min.js', location.href).href))
      .then(
        (diagram) => live && setState({ state: 'ready', diagram }),
        (error: unknown) => live && setState({ state: 'failed', message: error instanceof Error ? error.message : String(error) }),
      );
    return () => {
      live = false;
    };
  }, []);
  if (state.state === 'loading') return <p class="muted" data-testid="loading">Laying out the diagram…</p>;
  if (state.state === 'failed') return <p class="error" data-testid="error">{state.message}</p>;
  return <DiagramView diagram={state.diagram} />;
}

function DiagramView({ diagram }: { diagram: Diagram }) {
  const svgRef = useRef<SVGSVGElement>(null);
  const viewportRef = useRef<SVGGElement>(null);
  const zoomRef = useRef<ZoomBehavior<SVGSVGElement, unknown>>(undefined);
  const [focus, setFocus] = useState<string | null>(null);

  const neighbours = useMemo(() => {
    if (focus === null) return null;
    const near = new Set([focus]);
    for (const e of diagram.edges) {
      if (e.from === focus) near.add(e.to);
      if (e.to === focus) near.add(e.from);
    }
    return near;
  }, [focus, diagram]);

  const fit = () => {
    const svg = svgRef.current;
    if (!svg || !zoomRef.current) return;
    const { width, height } = svg.getBoundingClientRect();
    const k = Math.min(2, 0.95 * Math.min(width / Math.max(1, diagram.width), height / Math.max(1, diagram.height)));
    select(svg).call(zoomRef.current.transform, zoomIdentity.translate((width - diagram.width * k) / 2, (height - diagram.height * k) / 2).scale(k));
  };

  useEffect(() => {
    const svg = svgRef.current!;
    const behaviour = zoom<SVGSVGElement, unknown>()
      .scaleExtent([0.05, 4])
      .on('zoom', (event: { transform: { toString(): string } }) => viewportRef.current?.setAttribute('transform', event.transform.toString()));
    zoomRef.current = behaviour;
    select(svg).call(behaviour).on('dblclick.zoom', null);
    fit();
    return () => select(svg).on('.zoom', null);
  }, [diagram]);

  const centreOn = (node: DiagramNode) => {
    const svg = svgRef.current;
    if (!svg || !zoomRef.current) return;
    const { width, height } = svg.getBoundingClientRect();
    select(svg).call(zoomRef.current.translateTo, node.x + node.width / 2, node.y + node.height / 2, [width / 2, height / 2]);
  };

  return (
    <div class="diagram">
      <div class="toolbar">
        <span data-testid="diagram-counts">
          {diagram.nodes.length} tables · {diagram.edges.length} foreign keys
        </span>
        <span class="muted small"> · laid out in {diagram.layoutMs} ms · drag to pan, wheel to zoom, click a table to focus its neighbours</span>
        <span class="spacer" />
        {focus ? (
          <button onClick={() => setFocus(null)} data-testid="clear-focus">
            Show all
          </button>
        ) : null}
        <button onClick={fit}>Fit</button>
        <button onClick={() => exportSvg(svgRef.current!, diagram.width, diagram.height)} data-testid="export-svg">
          Export SVG
        </button>
        <button onClick={() => void exportPng(svgRef.current!, diagram.width, diagram.height)} data-testid="export-png">
          Export PNG
        </button>
      </div>
      <svg ref={svgRef} class="canvas" data-testid="diagram" onClick={(e) => e.target === svgRef.current && setFocus(null)}>
        <style>{DIAGRAM_STYLE}</style>
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" fill="#7b8794" />
          </marker>
        </defs>
        <g class="viewport" ref={viewportRef}>
          {diagram.edges.map((e) => {
            const touches = neighbours !== null && (e.from === focus || e.to === focus);
            return (
              <path
                key={e.id}
                class={`edge${neighbours === null ? '' : touches ? ' hot' : ' dim'}`}
                d={e.points.map((p, i) => `${i ? 'L' : 'M'}${p.x},${p.y}`).join(' ')}
                marker-end="url(#arrow)"
                data-from={e.from}
                data-to={e.to}
              >
                <title>{e.label}</title>
              </path>
            );
          })}
          {diagram.nodes.map((n) => (
            <g
              key={n.id}
              class={`node${neighbours === null ? '' : n.id === focus ? ' focus' : neighbours.has(n.id) ? '' : ' dim'}`}
              transform={`translate(${n.x},${n.y})`}
              data-table={n.id}
              onClick={(event) => {
                event.stopPropagation();
                setFocus(n.id === focus ? null : n.id);
              }}
              onDblClick={() => centreOn(n)}
            >
              <rect class="box" width={n.width} height={n.height} rx="4" />
              <rect class="head" width={n.width} height={HEADER} rx="4" />
              <text class="title" x="8" y="16">
                {n.label}
              </text>
              {n.columns.map((c, i) => (
                <>
                  <text class={c.key ? 'key' : ''} x="8" y={HEADER + 13 + i * ROW}>
                    {c.key ? 'PK ' : c.foreign ? 'FK ' : ''}
                    {c.name}
                  </text>
                  <text class="type" x={n.width - 8} y={HEADER + 13 + i * ROW} text-anchor="end">
                    {c.type}
                    {c.notNull ? '' : '?'}
                  </text>
                </>
              ))}
            </g>
          ))}
        </g>
      </svg>
    </div>
  );
}
