/** The diagram's look, inlined into exported SVG so the file renders the same outside the page. */
export const DIAGRAM_STYLE = `
.node rect.box { fill: #fff; stroke: #8a94a6; stroke-width: 1; }
.node rect.head { fill: #2f5d8a; }
.node text { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; fill: #1f2933; }
.node text.title { fill: #fff; font-weight: 600; }
.node text.type { fill: #6b7785; }
.node text.key { font-weight: 700; }
.node.dim { opacity: 0.18; }
.node.focus rect.box { stroke: #d97706; stroke-width: 2.5; }
.edge { fill: none; stroke: #7b8794; stroke-width: 1.2; }
.edge.dim { opacity: 0.1; }
.edge.hot { stroke: #d97706; stroke-width: 2; }
`;

function download(blob: Blob, name: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/**
 * standalone copies the drawing as a self-contained SVG document of the whole diagram, whatever
 * the current pan and zoom.
 */
export function standalone(svg: SVGSVGElement, width: number, height: number): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const margin = 16;
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('viewBox', `${-margin} ${-margin} ${width + 2 * margin} ${height + 2 * margin}`);
  copy.setAttribute('width', String(Math.ceil(width + 2 * margin)));
  copy.setAttribute('height', String(Math.ceil(height + 2 * margin)));
  copy.querySelector('g.viewport')?.removeAttribute('transform');
  const style = document.createElementNS('http://www.w3.org/2000/svg', 'style');
  style.textContent = DIAGRAM_STYLE;
  copy.prepend(style);
  const background = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  for (const [k, v] of Object.entries({ x: -margin, y: -margin, width: width + 2 * margin, height: height + 2 * margin, fill: '#f7f9fb' })) background.setAttribute(k, String(v));
  copy.insertBefore(background, copy.querySelector('g.viewport'));
  return new XMLSerializer().serializeToString(copy);
}

export function exportSvg(svg: SVGSVGElement, width: number, height: number): void {
  download(new Blob([standalone(svg, width, height)], { type: 'image/svg+xml' }), 'schema.svg');
}

/** exportPng rasterizes the standalone SVG at twice its size, capped at what canvases allow. */
export async function exportPng(svg: SVGSVGElement, width: number, height: number): Promise<void> {
  const url = URL.createObjectURL(new Blob([standalone(svg, width, height)], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const scale = Math.min(2, 16_000 / Math.max(image.width, image.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(image.width * scale);
    canvas.height = Math.round(image.height * scale);
    const ctx = canvas.getContext('2d')!;
    ctx.scale(scale, scale);
    ctx.drawImage(image, 0, 0);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (blob) download(blob, 'schema.png');
  } finally {
    URL.revokeObjectURL(url);
  }
}
