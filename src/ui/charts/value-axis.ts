// A chart's value (y) axis, decided here rather than by recharts: the range, the ticks and the axis's width.
// With `width: 'auto'` recharts measured every tick label in the DOM after each draw (getBoundingClientRect:
// a forced layout per chart) and, when the width changed, stored it and drew the chart a second time: about
// a sixth of a slider move's main-thread time. Here the ticks are round numbers we choose, so their labels
// are known before the draw, and their width comes from the canvas's text metrics (no layout).
import { fmt } from './number-format';

export interface ValueAxis {
  domain: [number, number];
  ticks: number[];
}

/**
 * A range that follows the data: from the smallest to the largest value (with `zero`, 0 included: bars),
 * within the task's possible returns when it has a range, widened to round tick steps; its ticks are the
 * multiples of that step inside it and both ends.
 */
export function linearAxis(values: Iterable<number>, opts: { range?: [number, number]; zero?: boolean; fixed?: [number, number] } = {}): ValueAxis | undefined {
  let lo = Infinity, hi = -Infinity;
  if (opts.fixed) [lo, hi] = opts.fixed;
  else for (const v of values) if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  if (!Number.isFinite(lo)) return undefined;
  if (opts.range) { lo = Math.max(lo, opts.range[0]); hi = Math.min(hi, opts.range[1]); if (lo > hi) [lo, hi] = [hi, lo]; }
  if (opts.zero) { lo = Math.min(lo, 0); hi = Math.max(hi, 0); }
  if (hi === lo) { const d = Math.abs(hi) * 0.1 || 1; lo -= d; hi += d; }
  const step = niceStep((hi - lo) / 4);
  // (+ 0: no -0 end, which a tick would print as "-0".)
  let nlo = opts.fixed ? lo : Math.floor(lo / step + 1e-9) * step + 0;
  let nhi = opts.fixed ? hi : Math.ceil(hi / step - 1e-9) * step + 0;
  // Never round past the task's bounds.
  if (opts.range && nlo < opts.range[0] && lo >= opts.range[0]) nlo = opts.range[0];
  if (opts.range && nhi > opts.range[1] && hi <= opts.range[1]) nhi = opts.range[1];
  nlo = round(nlo); nhi = round(nhi);
  // Inner ticks on the step's multiples, none closer than 0.4 steps to an end (their labels would touch).
  const ticks = [nlo];
  for (let k = Math.ceil(nlo / step); k * step < nhi; k++) {
    const t = round(k * step);
    if (t - nlo >= 0.4 * step && nhi - t >= 0.4 * step) ticks.push(t);
  }
  ticks.push(nhi);
  return { domain: [nlo, nhi], ticks };
}

/** A log axis over positive values: from a 1-2-5 value at or below the smallest to one at or above the largest. */
export function logAxis(values: Iterable<number>): ValueAxis | undefined {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) if (Number.isFinite(v) && v > 0) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  if (!Number.isFinite(lo)) return undefined;
  const series: number[] = [];
  for (let e = Math.floor(Math.log10(lo)) - 1; e <= Math.ceil(Math.log10(hi)) + 1; e++) for (const m of [1, 2, 5]) series.push(round(m * 10 ** e));
  const from = series.filter((v) => v <= lo * (1 + 1e-9)).at(-1)!;
  let to = series.find((v) => v >= hi * (1 - 1e-9))!;
  if (to === from) to = series[series.indexOf(from) + 1];
  let ticks = series.filter((v) => v >= from && v <= to);
  // Many decades: the powers of ten only (none within half a decade of an end), and both ends.
  const decade = (v: number) => Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9;
  const farFromEnds = (v: number) => Math.log10(v / from) >= 0.5 && Math.log10(to / v) >= 0.5;
  if (ticks.length > 6) ticks = [from, ...ticks.filter((v) => decade(v) && farFromEnds(v)), to];
  return { domain: [from, to], ticks };
}

/**
 * Round ticks inside a fixed range [lo, hi] (an x axis over steps or indices, whose ends are the data's): the
 * multiples of a 1-2-2.5-5 step, about four intervals. Given to recharts with its range, it computes no ticks of
 * its own (its "nice" ticks run in decimal arithmetic: ~15 ms of a slider move over the ten charts).
 */
export function stepTicks(lo: number, hi: number): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi <= lo) return [Number.isFinite(lo) ? lo : 0];
  const within = (step: number) => {
    const ticks: number[] = [];
    for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi * (1 + 1e-12) + 1e-12; k++) ticks.push(round(k * step));
    return ticks;
  };
  // At least four ticks: 0..499 steps had three (0, 200, 400); the next smaller round step gives 0, 100, ..., 400.
  const step = niceStep((hi - lo) / 4);
  const ticks = within(step);
  return ticks.length >= 4 ? ticks : within(smallerStep(step));
}

/** The round step below `step` in the 1-2-2.5-5 series. */
function smallerStep(step: number): number {
  const p = Math.pow(10, Math.floor(Math.log10(step) + 1e-9));
  const m = Math.round((step / p) * 10) / 10;
  return (m > 5 ? 5 : m > 2.5 ? 2.5 : m > 2 ? 2 : m > 1 ? 1 : 0.5) * p;
}

function niceStep(raw: number): number {
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  const m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 2.5 ? 2.5 : m <= 5 ? 5 : 10) * p;
}

/** Twelve significant digits: 0.1 * 3 is 0.3 here, not 0.30000000000000004. */
const round = (x: number) => Number(x.toPrecision(12)) + 0;

const FONT_SIZE = 12;
let ctx: CanvasRenderingContext2D | null | undefined;
const widths = new Map<string, number>();

/** The drawn width of a 12 px label in the page's font (cached per text); an estimate where there is no canvas (Node). */
export function labelWidth(text: string): number {
  let w = widths.get(text);
  if (w !== undefined) return w;
  if (ctx === undefined) {
    ctx = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
    // The SVG text inherits the page's font family (styles.css).
    if (ctx) ctx.font = `${FONT_SIZE}px ${getComputedStyle(document.body).fontFamily}`;
  }
  w = ctx ? ctx.measureText(text).width : text.length * FONT_SIZE * 0.62;
  widths.set(text, w);
  return w;
}

/** The height of a line of 12 px text: the rotated title's width. */
function lineHeight(): number {
  labelWidth('0');
  const m = ctx?.measureText('0');
  return m && m.fontBoundingBoxAscent > 0 ? m.fontBoundingBoxAscent + m.fontBoundingBoxDescent : FONT_SIZE * 1.2;
}

// recharts' own sum for an 'auto' width (YAxis: tick line 6 + tick margin 2, 5 between the ticks and the title).
const TICK_SPACE = 6 + 2 + 5;

/** The y axis's width: its widest tick label, the tick marks, the gap and the rotated title (one pixel spare). */
export function axisWidth(ticks: readonly number[], format: (v: number) => string = fmt): number {
  let widest = 0;
  for (const t of ticks) widest = Math.max(widest, labelWidth(format(t)));
  return Math.ceil(widest + TICK_SPACE + lineHeight()) + 1;
}
