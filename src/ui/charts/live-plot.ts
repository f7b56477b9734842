// A small line plot drawn straight onto a <canvas>: the live training curves. Drawing a few hundred points
// costs well under a millisecond, where a recharts (SVG + React) update of the same curves cost 70-190 ms of
// main-thread time on a 2-core machine. recharts takes over once the run is done (tooltips, legends).
import { fmt } from './ChartCard';

export interface PlotLine {
  points: { x: number; y: number }[];
  color: string;
  /** Canvas dash pattern, e.g. [5, 3]. */
  dash?: number[];
}

export interface PlotSpec {
  lines: PlotLine[];
  log?: boolean;
  domain?: [number, number];
  fromZero?: boolean;
  refs?: { y: number; color: string }[];
  xLabel: string;
}

const PAD = { left: 44, right: 8, top: 6, bottom: 30 };
const AXIS = '#4a5566';
const GRID = '#e3e7ee';

/** Draws the plot at the canvas's CSS size `w` x `h` (the caller sets the backing store for the pixel ratio). */
export function drawPlot(ctx: CanvasRenderingContext2D, w: number, h: number, spec: PlotSpec): void {
  ctx.clearRect(0, 0, w, h);
  const tf = (v: number) => (spec.log ? Math.log10(v) : v);
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (const l of spec.lines) for (const p of l.points) {
    x0 = Math.min(x0, p.x); x1 = Math.max(x1, p.x);
    y0 = Math.min(y0, tf(p.y)); y1 = Math.max(y1, tf(p.y));
  }
  for (const r of spec.refs ?? []) if (!spec.log || r.y > 0) { y0 = Math.min(y0, tf(r.y)); y1 = Math.max(y1, tf(r.y)); }
  if (spec.domain) { y0 = tf(spec.domain[0]); y1 = tf(spec.domain[1]); }
  if (spec.fromZero && !spec.log) y0 = Math.min(0, y0);
  if (!Number.isFinite(x0) || !Number.isFinite(y0)) return;
  if (x1 === x0) x1 = x0 + 1;
  if (y1 === y0) { y0 -= 0.5; y1 += 0.5; }
  const pad = (y1 - y0) * 0.05;
  if (!spec.domain) { if (!(spec.fromZero && y0 === 0)) y0 -= pad; y1 += pad; }
  // The left margin fits the widest tick label (a fixed one cut off minus signs).
  ctx.font = '11px system-ui, sans-serif';
  const yTicks = [0, 1, 2].map((i) => { const yv = y0 + ((y1 - y0) * i) / 2; return fmt(spec.log ? Math.pow(10, yv) : yv); });
  const left = Math.max(PAD.left, Math.ceil(Math.max(...yTicks.map((t) => ctx.measureText(t).width))) + 10);
  const pw = w - left - PAD.right, ph = h - PAD.top - PAD.bottom;
  const sx = (x: number) => left + ((x - x0) / (x1 - x0)) * pw;
  const sy = (y: number) => PAD.top + (1 - (tf(y) - y0) / (y1 - y0)) * ph;

  // Grid and tick labels: three horizontal lines, the x range at both ends.
  ctx.font = '11px system-ui, sans-serif';
  ctx.fillStyle = AXIS;
  ctx.strokeStyle = GRID;
  ctx.lineWidth = 1;
  ctx.setLineDash([3, 3]);
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (let i = 0; i <= 2; i++) {
    const py = PAD.top + (1 - i / 2) * ph;
    ctx.beginPath(); ctx.moveTo(left, py); ctx.lineTo(w - PAD.right, py); ctx.stroke();
    ctx.fillText(yTicks[i], left - 4, py);
  }
  ctx.setLineDash([]);
  ctx.textBaseline = 'top';
  ctx.textAlign = 'left';
  ctx.fillText(fmt(x0), left, h - PAD.bottom + 4);
  ctx.textAlign = 'right';
  ctx.fillText(fmt(x1), w - PAD.right, h - PAD.bottom + 4);
  ctx.textAlign = 'center';
  ctx.fillText(spec.xLabel, left + pw / 2, h - PAD.bottom + 14);

  ctx.save();
  ctx.beginPath();
  ctx.rect(left, PAD.top, pw, ph);
  ctx.clip();
  for (const r of spec.refs ?? []) {
    if (spec.log && r.y <= 0) continue;
    ctx.strokeStyle = r.color; ctx.setLineDash([2, 3]);
    ctx.beginPath(); ctx.moveTo(left, sy(r.y)); ctx.lineTo(w - PAD.right, sy(r.y)); ctx.stroke();
  }
  ctx.lineWidth = 1.6;
  for (const l of spec.lines) {
    if (l.points.length === 0) continue;
    ctx.strokeStyle = l.color;
    ctx.setLineDash(l.dash ?? []);
    ctx.beginPath();
    l.points.forEach((p, i) => (i === 0 ? ctx.moveTo(sx(p.x), sy(p.y)) : ctx.lineTo(sx(p.x), sy(p.y))));
    ctx.stroke();
  }
  ctx.restore();
  ctx.setLineDash([]);
}
