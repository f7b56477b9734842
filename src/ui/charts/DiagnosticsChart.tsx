// Training diagnostics of the members the slider selects: losses, D_f(w) against rho, lambda, ESS, and MBIL's
// density-model NLL curves. While a run trains, the curves are drawn on canvases outside React's render
// (LiveDiagnostics: no SVG work on the main thread); once it is done, recharts draws them with tooltips.
import { Line, LineChart, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { memo, useEffect, useMemo, useRef } from 'react';
import { useShallow } from 'zustand/shallow';
import { useStore, type RunStatus } from '../store';
import { downsample, shownMembers } from '../selectors';
import type { DensityModel, DensityPoint, DiagPoint, MemberInfo } from '../../worker/protocol';
import { axisStyle, ChartCard, ChartTooltip, DATA_RANGE, GRID, refLine, fmt, fmtValue, seriesName, stepLabel, xAxisLabel, xRangeProps, yAxisProps } from './ChartCard';
import { linearAxis, logAxis, type ValueAxis } from './value-axis';
import { SeriesLegend } from './legend';
import type { ChartTable } from '../export/chart-table';
import { diagPanels, HELD_AT_RHO, seriesPoints, type DiagPanel } from './diag-panels';
import { drawPlot } from './live-plot';
import { Staged, useStagedValue } from './Staged';

const MAX_POINTS = 150;
const DIAG_MARGIN = { top: 5, right: 10, bottom: 5, left: 4 };
const H = 190;
/** The live canvases redraw at most this often. */
const LIVE_REDRAW_MS = 250;

type Row = Record<string, number>;
type Density = Partial<Record<DensityModel, DensityPoint[]>>;

const CAPTION = <>Solid: unweighted BC loss; dashed: the robust loss Σwℓ/N. λ is the adversary's temperature, D<sub>f</sub>(w) should sit at ρ (dotted) once the warm start ends; ESS = (Σw)²/(N Σw²). MBIL: the balance loss r² (dotted) and its density models' NLL.</>;

const isLive = (s: RunStatus) => s === 'training' || s === 'paused' || s === 'evaluating';

/** Rows keyed by x with one column per series, each series downsampled for SVG. */
export function panelRows(panel: DiagPanel, diag: Record<number, DiagPoint[]>, density: Density): Row[] {
  const byX = new Map<number, Row>();
  for (const s of panel.series) {
    const pts = downsample(seriesPoints(s, panel.log, diag, density), MAX_POINTS, (p) => p.x, (p) => p.y);
    for (const p of pts) {
      let row = byX.get(p.x);
      if (!row) { row = { x: p.x }; byX.set(p.x, row); }
      row[s.key] = p.y;
    }
  }
  return [...byX.values()].sort((a, b) => a.x - b.x);
}

/** A panel's value axis over its drawn rows (and its reference lines): fixed, from zero, log or following the data. */
export function panelAxis(panel: DiagPanel, rows: Row[]): ValueAxis | undefined {
  const values: number[] = [];
  for (const row of rows) for (const s of panel.series) { const y = row[s.key]; if (y !== undefined) values.push(y); }
  return axisOver(panel, values);
}

function axisOver(panel: DiagPanel, values: number[]): ValueAxis | undefined {
  if (panel.domain) return linearAxis([], { fixed: panel.domain });
  for (const r of panel.refs ?? []) values.push(r.y);
  return panel.log ? logAxis(values) : linearAxis(values, { zero: panel.fromZero });
}

/** A panel's axes once the run is done. */
export interface PanelAxes { y: ValueAxis | undefined; x: [number, number] }

/**
 * Every panel's axes over all the run's members of the panel's algorithms (every radius the slider can show): a move
 * changes the panels' data only (recharts keeps the axes, their ticks and the grid), and the curves of two radii
 * are read against one scale. Keyed by panel id.
 */
export function runPanelAxes(members: MemberInfo[], panels: DiagPanel[], diag: Record<number, DiagPoint[]>, density: Density): Map<string, PanelAxes> {
  const out = new Map<string, PanelAxes>();
  for (const p of panels) {
    const values: number[] = [];
    let lo = Infinity, hi = -Infinity;
    for (const s of p.series) {
      const sources = 'member' in s.source
        ? members.filter((m) => 'member' in s.source && m.algo === s.source.member.algo).map((m) => ({ ...s, source: { ...(s.source as { field: keyof DiagPoint }), member: m } }))
        : [s];
      for (const src of sources) for (const q of seriesPoints(src, p.log, diag, density)) { values.push(q.y); if (q.x < lo) lo = q.x; if (q.x > hi) hi = q.x; }
    }
    const refs = p.id === 'divergence' ? members.filter((m) => HELD_AT_RHO.has(m.algo) && p.series.some((s) => 'member' in s.source && s.source.member.algo === m.algo)).map((m) => m.rho) : [];
    out.set(p.id, { y: axisOver({ ...p, refs: refs.map((y) => ({ y, color: '' })) }, values), x: Number.isFinite(lo) ? [lo, Math.max(hi, lo + 1)] : [NaN, NaN] });
  }
  // A panel with no point (lambda of a reading without an adversary's temperature) takes the steps of the others.
  const steps = panels.filter((p) => p.x === 'step').map((p) => out.get(p.id)!.x).filter(([lo]) => Number.isFinite(lo));
  const span: [number, number] = steps.length ? [Math.min(...steps.map(([lo]) => lo)), Math.max(...steps.map(([, hi]) => hi))] : [0, 1];
  for (const a of out.values()) if (!Number.isFinite(a.x[0])) a.x = span;
  return out;
}

function densityModels(density: Density): DensityModel[] {
  return (Object.keys(density) as DensityModel[]).filter((k) => (density[k]?.length ?? 0) > 0);
}

export function DiagnosticsChart() {
  const live = useStore((s) => isLive(s.run.status));
  return live ? <LiveDiagnostics /> : <FinishedDiagnostics />;
}

function FinishedDiagnostics() {
  const [members, diag, density, rho] = useStore(useShallow((s) => [s.run.members, s.run.diag, s.run.density, s.rho] as const));
  // A slider move redraws the panels one per task, in their turns (DiagPanelChart), as the result charts do.
  return <DiagnosticsView members={members} diag={diag} density={density} rho={rho} />;
}

const DiagnosticsView = memo(function DiagnosticsView({ members, diag, density, rho }: { members: MemberInfo[]; diag: Record<number, DiagPoint[]>; density: Density; rho: number }) {
  // The axes depend on the run alone (runPanelAxes): computed from every member's points once per run.
  const axes = useMemo(() => runPanelAxes(members, diagPanels(shownMembers(members, rho), densityModels(density)), diag, density), [members, diag, density]); // eslint-disable-line react-hooks/exhaustive-deps
  const shown = shownMembers(members, rho);
  const npts = shown.reduce((n, m) => n + (diag[m.id]?.length ?? 0), 0) + densityModels(density).length;
  const empty = npts === 0 ? (members.length ? 'No step was logged.' : 'Train to see the diagnostics.') : undefined;
  const panels = diagPanels(shown, densityModels(density));
  return (
    <ChartCard title="Training diagnostics" testId="chart-diagnostics" wide empty={empty} caption={CAPTION} immediate summary={diagSummary(panels, diag, density)} table={() => diagTable(panels, diag, density)}>
      <div className="small-multiples">
        {panels.map((p) => (
          <div key={p.id} data-panel={p.id}>
            <h4>{p.title}</h4>
            {p.id === 'loss' || p.id === 'density' ? <SeriesLegend series={p.series} /> : null}
            <DiagPanelChart panel={p} diag={diag} density={density} axes={axes.get(p.id)} />
          </div>
        ))}
      </div>
    </ChartCard>
  );
});

/** One panel's recharts chart: mounted in its turn, redrawn in its turn when its panel or data change. */
function DiagPanelChart(props: { panel: DiagPanel; diag: Record<number, DiagPoint[]>; density: Density; axes: PanelAxes | undefined }) {
  // A panel whose series are the same (a slider move that leaves them: BC's loss) keeps its input.
  const key = `${props.panel.id}:${props.panel.series.map((s) => `${s.key}@${'member' in s.source ? s.source.member.id : ''}`).join(',')}:${(props.panel.refs ?? []).map((r) => r.y).join(',')}`;
  const input = useMemo(() => props, [key, props.diag, props.density, props.axes]); // eslint-disable-line react-hooks/exhaustive-deps
  return <DiagPanelView {...useStagedValue(input, `chart-diagnostics/${props.panel.id}`)} />;
}

const DiagPanelView = memo(function DiagPanelView({ panel: p, diag, density, axes }: { panel: DiagPanel; diag: Record<number, DiagPoint[]>; density: Density; axes: PanelAxes | undefined }) {
  const rows = panelRows(p, diag, density);
  return (
    <Staged height={H} label={`chart-diagnostics/${p.id}`}>
      <ResponsiveContainer width="100%" height={H}>
        <LineChart data={rows} margin={DIAG_MARGIN}>
          {GRID}
          <XAxis dataKey="x" {...(axes ? xRangeProps(axes.x[0], axes.x[1]) : { type: 'number' as const, domain: DATA_RANGE })} tick={axisStyle} label={xAxisLabel(p.x === 'step' ? 'training step' : 'density-fit step')} height={36} />
          <YAxis {...yAxisProps(p.yLabel, axes ? axes.y : panelAxis(p, rows))} scale={p.log ? 'log' : 'auto'} />
          <ChartTooltip formatter={fmtValue} labelFormatter={stepLabel} isAnimationActive={false} names={Object.fromEntries(p.series.map((s) => [s.key, s.name]))} />
          {(p.refs ?? []).map((r) => refLine('y', r.y, r.color, '2 3'))}
          {p.series.map((s) => <Line key={s.key} name={seriesName(s.name)} dataKey={s.key} stroke={s.color} strokeDasharray={s.dash} dot={false} legendType="plainline" isAnimationActive={false} strokeWidth={1.6} connectNulls />)}
        </LineChart>
      </ResponsiveContainer>
    </Staged>
  );
});

/** Every drawn point of every panel, one row each (the diagnostics' CSV). */
function diagTable(panels: DiagPanel[], diag: Record<number, DiagPoint[]>, density: Density): ChartTable {
  const rows: ChartTable['rows'] = [];
  for (const p of panels) for (const s of p.series) for (const q of seriesPoints(s, p.log, diag, density)) rows.push([p.title, s.name, q.x, q.y]);
  return { columns: ['panel (unit)', 'series', 'step', 'value (unit of the panel)'], rows };
}

function diagSummary(panels: DiagPanel[], diag: Record<number, DiagPoint[]>, density: Density): string {
  const parts = panels.map((p) => `${p.title}: ${p.series.map((s) => {
    const pts = seriesPoints(s, p.log, diag, density);
    return pts.length ? `${s.name} from ${fmt(pts[0].y)} to ${fmt(pts[pts.length - 1].y)}` : `${s.name} not logged`;
  }).join(', ')}`);
  return `Training curves in ${panels.length} panels. ${parts.join('; ')}.`;
}

/**
 * The live view: React renders the frame (titles, legends) once per run or slider move; the curves are drawn
 * onto canvases from the store, at most four times a second, without a React render.
 */
function LiveDiagnostics() {
  const [members, rho, modelsKey] = useStore(useShallow((s) => [s.run.members, s.rho, densityModels(s.run.density).join(',')] as const));
  const shown = shownMembers(members, rho);
  const panels = diagPanels(shown, modelsKey ? (modelsKey.split(',') as DensityModel[]) : []);
  const canvases = useRef<(HTMLCanvasElement | null)[]>([]);
  const waiting = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    let raf = 0, timer = 0, last = 0;
    let seenDiag: unknown = null, seenDensity: unknown = null;
    const draw = () => {
      raf = 0;
      last = performance.now();
      const { diag, density } = useStore.getState().run;
      seenDiag = diag;
      seenDensity = density;
      let any = false;
      panels.forEach((p, i) => {
        const c = canvases.current[i];
        if (!c) return;
        const w = c.clientWidth, h = c.clientHeight;
        if (w === 0 || h === 0) return;
        const dpr = window.devicePixelRatio || 1;
        if (c.width !== Math.round(w * dpr) || c.height !== Math.round(h * dpr)) { c.width = Math.round(w * dpr); c.height = Math.round(h * dpr); }
        const ctx = c.getContext('2d');
        if (!ctx) return;
        ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
        const lines = p.series.map((s) => {
          const pts = seriesPoints(s, p.log, diag, density);
          if (pts.length) any = true;
          return { points: downsample(pts, 400, (q) => q.x, (q) => q.y), color: s.color, dash: s.dash?.split(' ').map(Number) };
        });
        drawPlot(ctx, w, h, { lines, log: p.log, domain: p.domain, fromZero: p.fromZero, refs: p.refs, xLabel: p.x === 'step' ? 'training step' : 'density-fit step' });
      });
      if (waiting.current) waiting.current.hidden = any;
    };
    const schedule = () => {
      if (raf || timer) return;
      const wait = LIVE_REDRAW_MS - (performance.now() - last);
      if (wait <= 0) raf = requestAnimationFrame(draw);
      else timer = window.setTimeout(() => { timer = 0; raf = requestAnimationFrame(draw); }, wait);
    };
    // The first draw in a task of its own after the frame has laid the canvases out: drawn here, inside the
    // Train click's task, it forced that layout and sized six canvases there (half of a 30 ms CPU task).
    raf = requestAnimationFrame(() => { raf = 0; timer = window.setTimeout(() => { timer = 0; draw(); }, 0); });
    const un = useStore.subscribe((s) => { if (s.run.diag !== seenDiag || s.run.density !== seenDensity) schedule(); });
    return () => { un(); cancelAnimationFrame(raf); clearTimeout(timer); };
    // panels change with the members, the slider and the density models: their key says when.
  }, [members, rho, modelsKey]); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <ChartCard title="Training diagnostics" testId="chart-diagnostics" wide caption={CAPTION} immediate>
      <p className="empty live-waiting" ref={waiting}>Waiting for the first logged step…</p>
      <div className="small-multiples" data-live="true">
        {panels.map((p, i) => (
          <div key={p.id} data-panel={p.id}>
            <h4>{p.title}</h4>
            <ul className="live-legend">
              {p.series.map((s) => (
                <li key={s.key}><span className="swatch" style={{ borderTopColor: s.color, borderTopStyle: s.dash ? 'dashed' : 'solid' }} />{s.name}</li>
              ))}
            </ul>
            <canvas className="live-plot" ref={(el) => { canvases.current[i] = el; }} role="img" aria-label={`${p.title}, live`} />
          </div>
        ))}
      </div>
    </ChartCard>
  );
}
