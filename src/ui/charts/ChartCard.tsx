// A titled box around one chart, with a one-line caption that says what to look for, a text alternative
// (a summary of what the chart shows, for screen readers and the exported SVG) and its exports.
import { createContext, useContext, useEffect, useRef, useState, type ComponentProps, type ReactNode } from 'react';
import { CartesianGrid, ReferenceLine, Tooltip } from 'recharts';
import { Staged, watchOnScreen } from './Staged';
import { cachedBy } from './cached';
import { axisWidth, stepTicks, type ValueAxis } from './value-axis';
import { fmt } from './number-format';
import { ChartExport } from '../export/ChartExport';
import type { ChartTable } from '../export/chart-table';

export { fmt }; // the charts' number format, imported from here by the chart files

/**
 * `empty` replaces the chart with a message. A chart mounts in its turn (Staged), one chart per task, unless
 * `immediate` (the live diagnostics, which are canvases). `table` gives the numbers it draws (CSV export).
 */
export function ChartCard(props: {
  title: string; caption?: ReactNode; testId: string; children: ReactNode; wide?: boolean; empty?: string; immediate?: boolean; height?: number;
  summary?: string; table?: () => ChartTable | null;
}) {
  const summaryId = `${props.testId}-summary`;
  const figure = useRef<HTMLElement>(null);
  useEffect(() => (figure.current ? watchOnScreen(figure.current) : undefined), []);
  const [engaged, setEngaged] = useState(false);
  const engage = engaged ? undefined : () => setEngaged(true);
  return (
    <Engaged.Provider value={engaged}>
    <figure ref={figure} onPointerEnter={engage} onFocus={engage} className={`card${props.wide ? ' wide' : ''}`} data-testid={props.testId} aria-label={props.title} aria-describedby={props.summary && !props.empty ? summaryId : undefined}>
      <figcaption>
        <h3>{props.title}</h3>
        {!props.empty && <ChartExport title={props.title} testId={`${props.testId}-export`} summary={props.summary} table={props.table} />}
        {props.caption && <p className="caption">{props.caption}</p>}
      </figcaption>
      {props.summary && !props.empty && <p className="visually-hidden" id={summaryId} data-testid={summaryId}>{props.summary}</p>}
      {props.empty && <p className="empty">{props.empty}</p>}
      {!props.empty && (props.immediate ? props.children : <Staged height={props.height ?? CHART_HEIGHT} label={props.testId}>{props.children}</Staged>)}
    </figure>
    </Engaged.Provider>
  );
}

/** Whether the pointer or the keyboard focus has entered the chart's card (its tooltips are mounted from then on). */
const Engaged = createContext(false);

/**
 * recharts' Tooltip, mounted once the pointer or the keyboard focus first enters the chart's card: a mounted
 * Tooltip subscribes to the chart's tooltip selectors (among them a tick per data row), which every redraw of the
 * chart re-runs, hovered or not.
 */
export function ChartTooltip({ names, ...props }: ComponentProps<typeof Tooltip> & {
  /** The series' names as shown (with the slider's radius), by dataKey: the drawn series carry names that do not change with the slider (seriesName). */
  names?: Record<string, string>;
}) {
  if (!useContext(Engaged)) return null;
  const format = props.formatter;
  const formatter: typeof format = names
    ? (v, n, item, i, payload) => {
      const r = format ? format(v, n, item, i, payload) : v;
      return [Array.isArray(r) ? r[0] : r, names[String(item.dataKey)] ?? (Array.isArray(r) ? r[1] : n)];
    }
    : format;
  return <Tooltip isAnimationActive={false} {...props} formatter={formatter} />;
}

/**
 * A drawn series' name: the same for every radius (the algorithm's name). A name that changed with the slider
 * ("BE-DROIL ρ=2") re-rendered the series' element on every move, and recharts then replaced its legend and
 * tooltip entries in the chart's store (two store updates, each re-running the chart's selectors, per series).
 * The legends above the charts and the tooltips (ChartTooltip's `names`) show the radius.
 */
export const seriesName = (name: string): string => name.replace(/ ρ ?= ?[^ ]+/u, '');

export const axisStyle = { fontSize: 12, fill: '#4a5566' };
export const CHART_HEIGHT = 240;
/** An interval (band, error bar) over fewer samples than this says so instead of drawing: with 2-3 samples
 *  Student's t makes the 95% interval wider than the data by an order of magnitude. */
export const MIN_INTERVAL_N = 5;


/**
 * The props of a value axis: its range and round ticks (value-axis.ts), as wide as its formatted tick labels and
 * its title need (a fixed width clipped minus signs and ran titles into the ticks; recharts' 'auto' width measured
 * the labels in the DOM on every draw, value-axis.ts), the title with its unit. Without an axis (no data yet)
 * recharts chooses the range and measures. The same object for the same title, axis and format (recharts
 * compares ticks by identity).
 */
export function yAxisProps(title: string, axis: ValueAxis | undefined, format: (v: number) => string = fmt) {
  let byFormat = yAxisCache.get(format);
  if (!byFormat) { byFormat = new Map(); yAxisCache.set(format, byFormat); }
  const key = `${title}|${axis ? `${axis.domain}|${axis.ticks}` : ''}`;
  let props = byFormat.get(key);
  if (!props) {
    props = {
      width: axis ? axisWidth(axis.ticks, format) : 'auto' as const,
      tick: axisStyle,
      tickFormatter: format,
      label: { value: title, angle: -90, position: 'insideLeft' as const, fontSize: 12, fill: '#4a5566', style: { textAnchor: 'middle' as const } },
      domain: axis?.domain ?? AUTO_RANGE,
      ticks: axis?.ticks,
      allowDataOverflow: !!axis,
      // Our ticks are final: recharts' own "nice" ticks (decimal arithmetic) would be computed and thrown away.
      niceTicks: axis ? 'none' as const : 'auto' as const,
    };
    byFormat.set(key, props);
  }
  return props;
}
const yAxisCache = new WeakMap<(v: number) => string, Map<string, {
  width: number | 'auto'; tick: typeof axisStyle; tickFormatter: (v: number) => string; domain: [number, number] | ['auto', 'auto'];
  ticks: number[] | undefined; allowDataOverflow: boolean; niceTicks: 'none' | 'auto';
  label: { value: string; angle: number; position: 'insideLeft'; fontSize: number; fill: string; style: { textAnchor: 'middle' } };
}>>();

/**
 * The props of a numeric x axis over a fixed range (steps, indices): the range and round ticks from us (stepTicks),
 * the same object for the same range.
 */
export const xRangeProps = cachedBy((lo: number, hi: number) => ({
  type: 'number' as const, domain: [lo, hi] as [number, number], ticks: stepTicks(lo, hi), niceTicks: 'none' as const, allowDataOverflow: true,
  // Every tick shown: at most six short labels fit. recharts' default ('preserveEnd') measured each label in the
  // DOM at a chart's mount to drop those that would overlap (a forced layout per label text).
  interval: 0,
}));

/** The title under an x axis. */
export const xAxisLabel = cachedBy((value: string) => ({ value, position: 'insideBottom' as const, offset: -2, fontSize: 12, fill: '#4a5566' }));

// Elements made once: React skips an element that is the same object as in the last render, and recharts
// re-registers a ReferenceLine in its chart's store on every render it gets (an effect without dependencies:
// two store updates, each re-running the chart's selectors).
/** The background grid of every chart. */
export const GRID = <CartesianGrid strokeDasharray="3 3" stroke="#e3e7ee" />;
/** A horizontal (axis 'y') or vertical ('x') reference line at `at`; one element per look. */
export const refLine = cachedBy((axis: 'x' | 'y', at: number | string, stroke: string, dash?: string) => (
  <ReferenceLine key={`${axis}:${at}:${stroke}`} {...(axis === 'x' ? { x: at } : { y: at })} stroke={stroke} strokeDasharray={dash} />
));

/** Constant props shared by the charts (the same objects on every render; see cachedBy). */
export const CHART_MARGIN = { top: 5, right: 14, bottom: 5, left: 4 };
export const DATA_RANGE: ['dataMin', 'dataMax'] = ['dataMin', 'dataMax'];
export const FROM_ZERO_TO_MAX: [number, 'dataMax'] = [0, 'dataMax'];
export const AUTO_RANGE: ['auto', 'auto'] = ['auto', 'auto'];
export const fmtValue = (v: unknown) => fmt(v);
export const stepLabel = (s: unknown) => `step ${s}`;
