// Every chart as SVG and PNG: the chart's own <svg> (recharts draws SVG), serialised with its title, its
// legend (the page's legend icons, wrapped to the chart's width) and its text alternative (<desc>), on a
// white background. PNG: the SVG drawn into a canvas through an <img> of a blob URL (allowed by the CSP's
// img-src blob:), at twice the size for sharp slides.
const SVG_NS = 'http://www.w3.org/2000/svg';
const FONT = 'system-ui, sans-serif';
const LEGEND_FONT_PX = 12;
const LEGEND_ROW = 18;
const TITLE_H = 28;

let measureCtx: CanvasRenderingContext2D | null = null;
function textWidth(text: string, px: number): number {
  measureCtx ??= document.createElement('canvas').getContext('2d');
  if (!measureCtx) return text.length * px * 0.6;
  measureCtx.font = `${px}px ${FONT}`;
  // A little slack: the SVG renderer's font may be wider than the canvas's.
  return measureCtx.measureText(text).width * 1.08 + 2;
}

export interface LegendBox { x: number; y: number; width: number; height: number }

interface Block { svg: Element; width: number; chartH: number; crop: number; sub?: string; items: { text: string; icon: SVGSVGElement | null }[]; left: number; top: number }

/** One drawn chart (its surface, its legend entries, its sub-title) inside `root`, or null when none is drawn. */
function blockOf(root: Element, origin: DOMRect, sub?: string): Block | null {
  // The chart's own surface is the largest one (legend icons are small SVGs too).
  const area = (e: Element) => { const r = e.getBoundingClientRect(); return r.width * r.height; };
  const svg = [...root.querySelectorAll('svg.recharts-surface')].filter((e) => !e.closest('.recharts-legend-wrapper'))
    .sort((a, b) => area(b) - area(a))[0];
  if (!svg) return null;
  const box = svg.getBoundingClientRect();
  const rb = root.getBoundingClientRect();
  // A legend recharts placed over the top of the surface: the export draws it above, so that band is cut.
  const wrap = root.querySelector('.recharts-legend-wrapper')?.getBoundingClientRect();
  const crop = wrap && Math.abs(wrap.top - box.top) < 2 ? Math.round(wrap.height) : 0;
  return {
    svg, sub, crop,
    width: Math.round(box.width || Number(svg.getAttribute('width')) || 600),
    chartH: Math.round(box.height || Number(svg.getAttribute('height')) || 240),
    items: [...root.querySelectorAll('.chart-legend .recharts-legend-item, .recharts-legend-wrapper .recharts-legend-item')].map((li) => ({
      text: li.querySelector('.recharts-legend-item-text')?.textContent ?? li.textContent ?? '',
      icon: li.querySelector('svg'),
    })),
    left: Math.round(rb.left - origin.left), top: Math.round(rb.top - origin.top),
  };
}

function el(name: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const e = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/**
 * Draws one block at (x, y): its sub-title, its legend wrapped to its width, its chart. Returns its height and
 * the legend entries' boxes (in the document's coordinates).
 */
function drawBlock(out: SVGElement, b: Block, x: number, y: number, legend: LegendBox[]): number {
  let cy = y;
  if (b.sub) { out.appendChild(el('text', { x: x + 4, y: cy + 13, 'font-size': 12, 'font-weight': 600, fill: '#5f6b7a' }, b.sub)); cy += 20; }
  if (b.items.length) {
    let lx = x + 8, ly = cy;
    for (const it of b.items) {
      const iconW = it.icon ? Number(it.icon.getAttribute('width')) || 14 : 0;
      const w = iconW + 4 + textWidth(it.text, LEGEND_FONT_PX);
      if (lx > x + 8 && lx + w > x + b.width - 8) { lx = x + 8; ly += LEGEND_ROW; }
      const g = el('g', { class: 'export-legend-item' });
      if (it.icon) {
        const icon = it.icon.cloneNode(true) as SVGSVGElement;
        icon.setAttribute('x', String(lx));
        icon.setAttribute('y', String(ly + 1));
        g.appendChild(icon);
      }
      g.appendChild(el('text', { x: lx + iconW + 4, y: ly + 11, 'font-size': LEGEND_FONT_PX, fill: '#4a5566' }, it.text));
      out.appendChild(g);
      legend.push({ x: lx, y: ly, width: w, height: LEGEND_ROW - 4 });
      lx += w + 14;
    }
    cy = ly + LEGEND_ROW + 6;
  }
  const g = el('g', { transform: `translate(${x}, ${cy})` });
  const clone = b.svg.cloneNode(true) as SVGSVGElement;
  clone.removeAttribute('style');
  clone.setAttribute('width', String(b.width));
  clone.setAttribute('height', String(b.chartH - b.crop));
  clone.setAttribute('viewBox', `0 ${b.crop} ${b.width} ${b.chartH - b.crop}`);
  // What the pointer was showing is no part of the figure.
  clone.querySelectorAll('.recharts-tooltip-cursor, .recharts-active-dot').forEach((e) => e.remove());
  g.appendChild(clone);
  out.appendChild(g);
  return cy - y + b.chartH - b.crop;
}

/**
 * A standalone SVG document of the chart(s) inside `figure`, or null when nothing has drawn yet. Small
 * multiples (elements with data-panel) keep their places on the page, each with its title and legend.
 */
export function chartSvg(figure: Element, title: string, summary?: string): { text: string; width: number; height: number; legend: LegendBox[] } | null {
  const panels = [...figure.querySelectorAll('[data-panel]')];
  const container = panels[0]?.parentElement ?? figure;
  const origin = container.getBoundingClientRect();
  const blocks = (panels.length ? panels.map((p) => blockOf(p, origin, p.querySelector('h4')?.textContent ?? undefined)) : [blockOf(figure, origin)])
    .filter((b): b is Block => b !== null);
  if (blocks.length === 0) return null;
  // Rows of panels: those that share a top on the page.
  const rows = new Map<number, Block[]>();
  for (const b of blocks) rows.set(b.top, [...(rows.get(b.top) ?? []), b]);
  const width = Math.max(...blocks.map((b) => b.left + b.width));

  const out = el('svg', { xmlns: SVG_NS, 'font-family': FONT, role: 'img' });
  out.appendChild(el('title', {}, title));
  if (summary) out.appendChild(el('desc', {}, summary));
  const bg = el('rect', { width: '100%', height: '100%', fill: '#ffffff' });
  out.appendChild(bg);
  out.appendChild(el('text', { x: 8, y: 20, 'font-size': 15, 'font-weight': 600, fill: '#1b2430' }, title));
  const legend: LegendBox[] = [];
  let y = TITLE_H + 4;
  for (const top of [...rows.keys()].sort((a, b) => a - b)) {
    let h = 0;
    for (const b of rows.get(top)!) h = Math.max(h, drawBlock(out, b, b.left, y, legend));
    y += h + 8;
  }
  const height = Math.round(y);
  out.setAttribute('width', String(width));
  out.setAttribute('height', String(height));
  out.setAttribute('viewBox', `0 0 ${width} ${height}`);
  return { text: '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(out), width, height, legend };
}

/** Rasterises an SVG document to a PNG blob at `scale` times its size. */
export function svgToPng(svgText: string, width: number, height: number, scale = 2): Promise<Blob> {
  return new Promise((resolve, reject) => {
    const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
    const img = new Image();
    img.onload = () => {
      const c = document.createElement('canvas');
      c.width = Math.round(width * scale);
      c.height = Math.round(height * scale);
      const ctx = c.getContext('2d')!;
      ctx.scale(scale, scale);
      ctx.drawImage(img, 0, 0, width, height);
      URL.revokeObjectURL(url);
      c.toBlob((b) => (b ? resolve(b) : reject(new Error('the browser could not encode the PNG'))), 'image/png');
    };
    img.onerror = () => { URL.revokeObjectURL(url); reject(new Error('the chart could not be drawn as an image')); };
    img.src = url;
  });
}
