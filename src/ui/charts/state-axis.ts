// The y axis of a rollout trace: the state variable's name with its unit (from the environment's spec), and
// angles (unit 'rad') wrapped to (-pi, pi] when they leave it, so a pendulum that spins reads as an angle,
// not as 45 rad; the line breaks where a wrap jumps from one side to the other.
import type { EnvSpec } from '../../core/envs/types';
import { fmt } from './ChartCard';

export interface StateAxis {
  title: string;
  /** One sentence for the caption when the values were changed (wrapped). */
  note?: string;
  domain?: [number, number];
  ticks?: number[];
  tickFormat: (v: number) => string;
  /** The value the chart shows for a state value. */
  value: (y: number) => number;
  /** Whether the line breaks between two successive drawn values (a wrapped angle crossing ±π). */
  breaks?: (a: number, b: number) => boolean;
}

const PI = Math.PI;

/** An angle in (-pi, pi]. */
export function wrapAngle(a: number): number {
  const r = PI - ((((PI - a) % (2 * PI)) + 2 * PI) % (2 * PI));
  return r <= -PI ? r + 2 * PI : r;
}

const PI_TICKS: [number, string][] = [[-PI, '−π'], [-PI / 2, '−π/2'], [0, '0'], [PI / 2, 'π/2'], [PI, 'π']];
// The same objects on every call: a chart's axis props that keep their identity cost recharts nothing to redraw.
const PI_TICK_VALUES = PI_TICKS.map(([v]) => v);
const PI_DOMAIN: [number, number] = [-PI, PI];
const piTick = (v: number) => PI_TICKS.find(([p]) => Math.abs(p - v) < 1e-9)?.[1] ?? fmt(v);

export function stateAxis(spec: EnvSpec | undefined, index: number, values: number[]): StateAxis {
  const name = spec?.stateNames[index] ?? `state ${index}`;
  const unit = spec?.stateUnits?.[index];
  const unitText = unit === undefined ? 'unit not given' : unit === '' ? 'no unit' : unit;
  const plain: StateAxis = {
    title: `${name} (${unitText})`,
    tickFormat: fmt,
    value: (y) => y,
  };
  if (unit !== 'rad' || values.every((v) => !Number.isFinite(v) || (v > -PI && v <= PI))) return plain;
  return {
    title: `${name} (rad, wrapped to (−π, π])`,
    note: `${name} left (−π, π] (it turned past a half-turn); it is shown wrapped, and the line breaks where it crosses ±π.`,
    domain: PI_DOMAIN,
    ticks: PI_TICK_VALUES,
    tickFormat: piTick,
    value: wrapAngle,
    breaks: (a, b) => Math.abs(b - a) > PI,
  };
}

/** The most rows of a rollout trace: 80 buckets of steps, each with its smallest and its largest value. */
const MAX_ROWS = 160;

/**
 * The rollouts' drawn points: rows with a column per series, every series on the same steps. One data array for
 * the chart: with a data array per line recharts 3 took up to twice as long to redraw. Rollouts longer than 160
 * steps keep each series' envelope: per bucket of steps, its smallest and its largest value (in the order they
 * occur) on two rows (so a control that flips every step does not alias to a flat line), 160 rows at most (a
 * slider move redraws the traces, the costliest chart: 250 rows cost ~45 ms CPU at load 20).
 * Where a wrapped angle jumps across ±π the value is left out (null), which breaks the line.
 */
export function traceRows(series: { key: string; ys: number[] }[], axis: StateAxis): Record<string, number | null>[] {
  const len = Math.max(0, ...series.map((s) => s.ys.length));
  const stride = len <= MAX_ROWS ? 1 : Math.ceil(len / (MAX_ROWS / 2));
  const rows: Record<string, number | null>[] = [];
  const prev: (number | undefined)[] = series.map(() => undefined);
  const put = (row: Record<string, number | null>, k: number, raw: number) => {
    const y = axis.value(raw);
    row[series[k].key] = prev[k] !== undefined && axis.breaks?.(prev[k]!, y) ? null : y;
    prev[k] = y;
  };
  for (let b = 0; b < len; b += stride) {
    const first: Record<string, number | null> = { t: b };
    // The bucket's first and last step carry its two values (the last row is the rollout's last step).
    const lastT = Math.min(b + stride, len) - 1;
    const second: Record<string, number | null> | null = lastT > b ? { t: lastT } : null;
    series.forEach((s, k) => {
      const end = Math.min(b + stride, s.ys.length);
      if (b >= end) return;
      let lo = b, hi = b;
      for (let t = b + 1; t < end; t++) { if (s.ys[t] < s.ys[lo]) lo = t; if (s.ys[t] > s.ys[hi]) hi = t; }
      put(first, k, s.ys[Math.min(lo, hi)]);
      if (second) put(second, k, s.ys[Math.max(lo, hi)]);
    });
    rows.push(first);
    if (second) rows.push(second);
  }
  return rows;
}
