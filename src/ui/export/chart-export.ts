// Every chart as SVG and PNG: the chart's own <svg> (recharts draws SVG), serialised with its title and
// legend entries, on a white background. PNG: the SVG drawn into a canvas through an <img> of a blob URL
// (allowed by the CSP's img-src blob:), at twice the size for sharp slides.
const SVG_NS = 'http://www.w3.org/2000/svg';

/** A standalone SVG document of the chart inside `figure`, or null when it has not drawn yet. */
export function chartSvg(figure: Element, title: string): { text: string; width: number; height: number } | null {
  // The chart's own surface is the largest one (legend icons are small recharts-surface SVGs too).
  const area = (e: Element) => { const r = e.getBoundingClientRect(); return r.width * r.height; };
  const svg = [...figure.querySelectorAll('svg.recharts-surface')].filter((e) => !e.closest('.recharts-legend-wrapper'))
    .sort((a, b) => area(b) - area(a))[0];
  if (!svg) return null;
  const box = svg.getBoundingClientRect();
  const width = Math.round(box.width || Number(svg.getAttribute('width')) || 600);
  const chartH = Math.round(box.height || Number(svg.getAttribute('height')) || 240);
  const legend = [...figure.querySelectorAll('.recharts-legend-item')].map((li) => ({
    text: li.textContent ?? '',
    color: li.querySelector('path, line, rect')?.getAttribute('fill') && li.querySelector('path, line, rect')?.getAttribute('fill') !== 'none'
      ? li.querySelector('path, line, rect')!.getAttribute('fill')! : li.querySelector('path, line, rect')?.getAttribute('stroke') ?? '#333',
  }));
  const head = 28 + (legend.length ? 20 : 0);
  const height = chartH + head;
  const out = document.createElementNS(SVG_NS, 'svg');
  out.setAttribute('xmlns', SVG_NS);
  out.setAttribute('width', String(width));
  out.setAttribute('height', String(height));
  out.setAttribute('viewBox', `0 0 ${width} ${height}`);
  out.setAttribute('font-family', 'system-ui, sans-serif');
  const bg = document.createElementNS(SVG_NS, 'rect');
  bg.setAttribute('width', '100%'); bg.setAttribute('height', '100%'); bg.setAttribute('fill', '#ffffff');
  out.appendChild(bg);
  const t = document.createElementNS(SVG_NS, 'text');
  t.setAttribute('x', '8'); t.setAttribute('y', '20'); t.setAttribute('font-size', '15'); t.setAttribute('font-weight', '600'); t.setAttribute('fill', '#1b2430');
  t.textContent = title;
  out.appendChild(t);
  let x = 8;
  for (const item of legend) {
    const sw = document.createElementNS(SVG_NS, 'rect');
    sw.setAttribute('x', String(x)); sw.setAttribute('y', '32'); sw.setAttribute('width', '12'); sw.setAttribute('height', '4'); sw.setAttribute('fill', item.color);
    const lt = document.createElementNS(SVG_NS, 'text');
    lt.setAttribute('x', String(x + 16)); lt.setAttribute('y', '38'); lt.setAttribute('font-size', '12'); lt.setAttribute('fill', '#4a5566');
    lt.textContent = item.text;
    out.append(sw, lt);
    x += 24 + item.text.length * 6.5;
  }
  const g = document.createElementNS(SVG_NS, 'g');
  g.setAttribute('transform', `translate(0, ${head})`);
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.removeAttribute('style');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(chartH));
  g.appendChild(clone);
  out.appendChild(g);
  return { text: '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(out), width, height };
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
