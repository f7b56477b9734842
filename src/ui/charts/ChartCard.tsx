// A titled box around one chart, with a one-line caption that says what to look for, a text alternative
// (a summary of what the chart shows, for screen readers and the exported SVG) and its exports.
import type { ReactNode } from 'react';
import { Staged } from './Staged';
import { cachedBy } from './cached';
import { ChartExport } from '../export/ChartExport';
import type { ChartTable } from '../export/chart-table';

/**
 * `empty` replaces the chart with a message. A chart mounts in its turn (Staged), one chart per task, unless
 * `immediate` (the live diagnostics, which are canvases). `table` gives the numbers it draws (CSV export).
 */
export function ChartCard(props: {
  title: string; caption?: ReactNode; testId: string; children: ReactNode; wide?: boolean; empty?: string; immediate?: boolean; height?: number;
  summary?: string; table?: () => ChartTable | null;
}) {
  const summaryId = `${props.testId}-summary`;
  return (
    <figure className={`card${props.wide ? ' wide' : ''}`} data-testid={props.testId} aria-label={props.title} aria-describedby={props.summary && !props.empty ? summaryId : undefined}>
      <figcaption>
        <h3>{props.title}</h3>
        {!props.empty && <ChartExport title={props.title} testId={`${props.testId}-export`} summary={props.summary} table={props.table} />}
        {props.caption && <p className="caption">{props.caption}</p>}
      </figcaption>
      {props.summary && !props.empty && <p className="visually-hidden" id={summaryId} data-testid={summaryId}>{props.summary}</p>}
      {props.empty && <p className="empty">{props.empty}</p>}
      {!props.empty && (props.immediate ? props.children : <Staged height={props.height ?? CHART_HEIGHT} label={props.testId}>{props.children}</Staged>)}
    </figure>
  );
}

export const axisStyle = { fontSize: 12, fill: '#4a5566' };
export const CHART_HEIGHT = 240;
/** An interval (band, error bar) over fewer samples than this says so instead of drawing: with 2-3 samples
 *  Student's t makes the 95% interval wider than the data by an order of magnitude. */
export const MIN_INTERVAL_N = 5;

/** Compact numbers for ticks and tooltips. */
export function fmt(v: unknown): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(1);
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return Number(v.toFixed(1)).toString(); // 10, not 10.0
  return Number(v.toPrecision(3)).toString();
}

/**
 * The props of a value axis: as wide as its formatted tick labels and its title need (recharts measures them:
 * a fixed width clipped minus signs and ran titles into the ticks), the title with its unit.
 */
export const yAxisProps = cachedBy((title: string) => ({
  width: 'auto' as const,
  tick: axisStyle,
  tickFormatter: fmt,
  label: { value: title, angle: -90, position: 'insideLeft' as const, fontSize: 12, fill: '#4a5566', style: { textAnchor: 'middle' as const } },
}));

/** The title under an x axis. */
export const xAxisLabel = cachedBy((value: string) => ({ value, position: 'insideBottom' as const, offset: -2, fontSize: 12, fill: '#4a5566' }));

/** Constant props shared by the charts (the same objects on every render; see cachedBy). */
export const CHART_MARGIN = { top: 5, right: 14, bottom: 5, left: 4 };
export const DATA_RANGE: ['dataMin', 'dataMax'] = ['dataMin', 'dataMax'];
export const FROM_ZERO_TO_MAX: [number, 'dataMax'] = [0, 'dataMax'];
export const AUTO_RANGE: ['auto', 'auto'] = ['auto', 'auto'];
export const fmtValue = (v: unknown) => fmt(v);
export const stepLabel = (s: unknown) => `step ${s}`;

/**
 * A y-range that follows the data: from the smallest to the largest value (with `zero`, 0 included: bars),
 * within the task's possible returns when it has a range, widened to round tick steps.
 */
export function valueDomain(values: number[], opts: { range?: [number, number]; zero?: boolean } = {}): [number, number] | undefined {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  if (!Number.isFinite(lo)) return undefined;
  if (opts.range) { lo = Math.max(lo, opts.range[0]); hi = Math.min(hi, opts.range[1]); if (lo > hi) [lo, hi] = [hi, lo]; }
  if (opts.zero) { lo = Math.min(lo, 0); hi = Math.max(hi, 0); }
  if (hi === lo) { const d = Math.abs(hi) * 0.1 || 1; lo -= d; hi += d; }
  const step = niceStep((hi - lo) / 4);
  // (+ 0: no -0 end, which a tick would print as "-0".)
  const nlo = Math.floor(lo / step - 1e-9) * step + 0, nhi = Math.ceil(hi / step - 1e-9) * step + 0;
  // Never round past the task's bounds or across 0 for bars.
  return [opts.range && nlo < opts.range[0] && lo >= opts.range[0] ? opts.range[0] : nlo, opts.range && nhi > opts.range[1] && hi <= opts.range[1] ? opts.range[1] : nhi];
}

function niceStep(raw: number): number {
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  const m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 2.5 ? 2.5 : m <= 5 ? 5 : 10) * p;
}
