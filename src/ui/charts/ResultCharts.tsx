// Charts of a finished (or stopped) run. Each is a pure function of the run result and the slider:
// moving rho re-selects the nearest trained member and every chart redraws, without retraining.
// Every chart also gives the numbers it draws (CSV export) and a summary in words (its text alternative).
import {
  Area, Bar, BarChart, ComposedChart, ErrorBar, Line, LineChart,
  ResponsiveContainer, usePlotArea, useXAxisScale, XAxis, YAxis,
} from 'recharts';
import { memo, useMemo } from 'react';
import { useShallow } from 'zustand/shallow';
import { ALGO_LABELS, type AlgoId } from '../../core/setup';
import type { Summary } from '../../core/eval/stats';
import { useStore } from '../store';
import { getEnvSpec } from '../../core/envs';
import type { EnvSpec } from '../../core/envs/types';
import { algoLabel, algosOf, ALGO_COLORS, downsample, evalOf, fmtRho, isRobust, overSeeds, radiiOf, shownMembers, shownRadius } from '../selectors';
import type { MemberEval, RunResult } from '../../worker/protocol';
import { PENDING_STAT } from '../../worker/protocol';
import type { ChartTable } from '../export/chart-table';
import { axisStyle, CHART_HEIGHT, CHART_MARGIN, ChartCard, ChartTooltip, GRID, refLine, DATA_RANGE, fmt, fmtValue, MIN_INTERVAL_N, seriesName, stepLabel, xAxisLabel, xRangeProps, yAxisProps } from './ChartCard';
import { linearAxis, type ValueAxis } from './value-axis';
import { ALGO_MARKERS, markerDot, SeriesLegend } from './legend';
import { stateAxis, traceRows, type StateAxis } from './state-axis';
import { ExpertSweepChart } from './ExpertSweep';
import { EpisodeStarts } from './EpisodeStarts';
import { useDataTurn, useStagedValue } from './Staged';
import { cachedBy } from './cached';

/**
 * The run and the slider's radius as of this chart's turn (Staged.tsx): a slider move (or a new partial result)
 * redraws the charts one per task, the slider itself answering at once; each chart's view is memoised on
 * (result, radius), so a render with unchanged inputs costs nothing.
 */
/** `chart`: the chart's test id (its turns' name, Staged.tsx). */
function useResult(chart: string): readonly [RunResult | null, number] {
  const [result, rho] = useStore(useShallow((s) => [s.result, s.rho] as const));
  return useStagedValue(useMemo(() => [result, rho] as const, [result, rho]), chart);
}

interface ViewProps { result: RunResult | null; rho: number }

/** An interval worth drawing: it exists (n >= 2) and rests on enough samples (MIN_INTERVAL_N). */
function hasInterval(s: Summary | undefined): boolean {
  return !!s && Number.isFinite(s.ci95) && s.n >= MIN_INTERVAL_N;
}

/** recharts error bars take [minus, plus] offsets; too few samples draw none. */
function errOf(s: Summary | undefined): [number, number] | undefined {
  return s && hasInterval(s) ? [s.mean - s.low, s.high - s.mean] : undefined;
}

/** The values a statistic puts on the chart: its mean, and its interval where one is drawn. */
export function drawnValues(s: Summary | undefined): number[] {
  if (!s) return [];
  return hasInterval(s) ? [s.mean, s.low, s.high] : [s.mean];
}

const seedCount = (r: RunResult) => new Set(r.members.map((m) => m.seed)).size;
/** What a statistic's n counts: seeds (several seeds) or evaluation episodes (one). */
const samplesOf = (r: RunResult) => (seedCount(r) > 1 ? 'seeds' : 'episodes');

/** What the bands or error bars of a chart are, or why there are none. */
function intervalNote(r: RunResult, what: string, stats: (Summary | undefined)[]): string {
  const seeds = seedCount(r);
  const over = seeds > 1 ? 'seeds' : 'evaluation episodes';
  const base = seeds > 1 ? `mean over ${seeds} seeds` : 'one seed, mean over evaluation episodes';
  const ns = stats.filter((s): s is Summary => !!s).map((s) => s.n);
  const few = ns.filter((n) => n < MIN_INTERVAL_N);
  if (few.length === 0) return `${base}; ${what}: 95% CI over ${over}`;
  if (few.length === ns.length) return `${base}; no ${what}: ${Math.max(...few)} ${over} are too few for a 95% interval (it needs ${MIN_INTERVAL_N} or more)`;
  return `${base}; ${what}: 95% CI over ${over}, left out where there are fewer than ${MIN_INTERVAL_N}`;
}

function specOf(result: RunResult): EnvSpec | undefined {
  try { return getEnvSpec(result.setup.envId); } catch { return undefined; }
}

function labelAt(result: RunResult, a: AlgoId, rho: number): string {
  return algoLabel({ algo: a, rho: shownRadius(result.members, a, rho) });
}

/**
 * A value computed once per run result: the charts' axes span every radius the slider can show, so a move changes
 * a chart's data and nothing else (the axes, their ticks and the grid stay, and recharts redraws less), and a
 * reader compares radii against one scale instead of an axis that rescales under the slider.
 */
function perRun<T>(f: (r: RunResult) => T): (r: RunResult) => T {
  const cache = new WeakMap<RunResult, T>();
  return (r) => { if (!cache.has(r)) cache.set(r, f(r)); return cache.get(r)!; };
}
/** Every radius the slider can show an algorithm at (BC, MBIL and the controls: 0). */
const radiiShown = (r: RunResult, a: AlgoId) => (isRobust(a) ? radiiOf(r.members, a) : [0]);

const RETURN = 'return (sum of rewards)';
// Formatters made once (see cachedBy in ChartCard.tsx: new functions each render re-ran recharts' selectors).
// Two significant digits on the axis (0.32×, not 0.316×): a 9-point log sweep fits at 1280 px; the tooltip keeps three.
const factorTick = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? `${Number(v.toPrecision(2))}×` : `${fmt(v)}×`);
const factorLabel = (f: unknown) => `factor ${fmt(f)}×`;
const fmtRange = (v: unknown) => (Array.isArray(v) ? `${fmt(v[0])} … ${fmt(v[1])}` : fmt(v));
const rhoLabel = (r: unknown) => `ρ = ${r}`;
const transitionLabel = (i: unknown) => `transition ${i}`;
const RHO_PADDING = { left: 16, right: 16 };
const RHO_MARGIN = { top: 8, right: 14, bottom: 5, left: 4 };
const listText = (parts: string[]) => parts.join('; ');

const sweepStat = (result: RunResult, a: AlgoId, r: number, factor: number) => overSeeds(result, a, r, (e) => e.sweep.find((p) => p.factor === factor)?.stat ?? PENDING_STAT);
const sweepAxis = perRun((result) => linearAxis(
  algosOf(result.members).flatMap((a) => radiiShown(result, a).flatMap((r) => result.factors.flatMap((f) => drawnValues(sweepStat(result, a, r, f))))),
  { range: specOf(result)?.returnRange },
));

const SweepView = memo(function SweepView({ result, rho }: ViewProps) {
  if (!result) return <ExpertSweepChart empty="Train to see how each policy holds up when the dynamics shift." />;
  const algos = algosOf(result.members);
  const names = algos.map((a) => labelAt(result, a, rho));
  // A partial re-evaluation (result.pending) has only the finished sweep points.
  const stats = result.factors.map((factor) => algos.map((a) => {
    const st = sweepStat(result, a, shownRadius(result.members, a, rho), factor);
    return st && Number.isFinite(st.mean) ? st : undefined;
  }));
  const rows = result.factors.map((factor, i) => {
    const row: Record<string, number | [number, number]> = { factor };
    algos.forEach((a, k) => {
      const s = stats[i][k];
      if (!s) return;
      row[`${a}_mean`] = s.mean;
      if (hasInterval(s)) row[`${a}_band`] = [s.low, s.high];
    });
    return row;
  });
  const flat = stats.flat();
  const yAxis = sweepAxis(result);
  const table = (): ChartTable => ({
    columns: [`${result.evalParam} factor (x nominal)`, ...algos.flatMap((a, k) => [`${names[k]} mean return (sum of rewards)`, `${names[k]} CI95 low`, `${names[k]} CI95 high`, `${names[k]} n (${samplesOf(result)})`])],
    rows: result.factors.map((f, i) => [f, ...stats[i].flatMap((s) => (s ? [s.mean, hasInterval(s) ? s.low : null, hasInterval(s) ? s.high : null, s.n] : [null, null, null, null]))]),
  });
  const summary = `Line chart of the return of ${algos.length} ${algos.length === 1 ? 'policy' : 'policies'} as ${result.evalParam} is multiplied by ${fmt(result.factors[0])} to ${fmt(result.factors.at(-1))}. `
    + listText(algos.map((a, k) => {
      const ys = stats.map((row) => row[k]?.mean ?? NaN);
      const lo = ys.indexOf(Math.min(...ys)), hi = ys.indexOf(Math.max(...ys));
      return `${names[k]}: highest ${fmt(ys[hi])} at ${fmt(result.factors[hi])}×, lowest ${fmt(ys[lo])} at ${fmt(result.factors[lo])}×`;
    })) + '.';
  const band = intervalNote(result, 'band', flat);
  return (
    <ChartCard
      title="Return versus perturbation" testId="chart-sweep" summary={summary} table={table}
      caption={<>The parameter <b>{result.evalParam}</b> multiplied by a factor (log axis); {band}.</>}
    >
      <SeriesLegend series={algos.map((a, k) => ({ name: names[k], color: ALGO_COLORS[a], marker: ALGO_MARKERS[a] }))} />
      <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
        <ComposedChart data={rows} margin={CHART_MARGIN}>
          {GRID}
          <XAxis dataKey="factor" type="number" scale="log" domain={DATA_RANGE} ticks={result.factors} interval="preserveStartEnd" tickFormatter={factorTick} tick={axisStyle} label={xAxisLabel(`${result.evalParam} factor (× nominal)`)} height={38} />
          <YAxis {...yAxisProps(RETURN, yAxis)} />
          <ChartTooltip formatter={fmtRange} labelFormatter={factorLabel} isAnimationActive={false} names={Object.fromEntries(algos.map((a, k) => [`${a}_mean`, names[k]]))} />
          {refLine('x', 1, '#9aa5b4', '2 3')}
          {algos.filter((a) => rows.some((r) => `${a}_band` in r)).map((a) => <Area key={`band-${a}`} dataKey={`${a}_band`} name={`${ALGO_LABELS[a]} 95% CI`} stroke="none" fill={ALGO_COLORS[a]} fillOpacity={0.15} isAnimationActive={false} legendType="none" />)}
          {algos.map((a, k) => <Line key={a} dataKey={`${a}_mean`} name={seriesName(names[k])} stroke={ALGO_COLORS[a]} strokeWidth={2} dot={markerDot(ALGO_MARKERS[a], ALGO_COLORS[a])} legendType={ALGO_MARKERS[a]} isAnimationActive={false} />)}
        </ComposedChart>
      </ResponsiveContainer>
    </ChartCard>
  );
});
export function SweepChart() {
  const [result, rho] = useResult('chart-sweep');
  return <SweepView result={result} rho={rho} />;
}

/** Category labels on two lines where they are long (a phone dropped "worst KL kernel" rather than wrap it). */
function WrapTick(p: { x?: number | string; y?: number | string; payload?: { value?: unknown } }) {
  const words = String(p.payload?.value ?? '').split(' ');
  const lines = words.length > 1 && words.join(' ').length > 8
    ? [words.slice(0, Math.ceil(words.length / 2)).join(' '), words.slice(Math.ceil(words.length / 2)).join(' ')]
    : [words.join(' ')];
  return (
    <text x={p.x} y={p.y} textAnchor="middle" fontSize={12} fill="#4a5566" className="recharts-cartesian-axis-tick-value">
      {lines.map((l, i) => <tspan key={i} x={p.x} dy={i === 0 ? 12 : 13}>{l}</tspan>)}
    </text>
  );
}

const NO_BARS: Record<string, unknown>[] = [];
/** A bar's error bars, one element per dataKey: a new child element each render re-rendered the Bar (and replaced its entries in recharts' store). */
const barErrors = cachedBy((dataKey: string) => <ErrorBar dataKey={dataKey} width={5} stroke="#1d2733" />);

/** Bars of each algorithm's statistic under each condition, with 95% error bars and a drawn zero line. */
export function ConditionBars({ algos, names, conditions, stats, yLabel, yAxis, legend = true, height = CHART_HEIGHT }: {
  algos: readonly AlgoId[]; names: string[]; conditions: string[]; stats: (Summary | undefined)[][]; yLabel: string; yAxis: ValueAxis | undefined;
  /** Without its legend (small multiples sharing one). */
  legend?: boolean; height?: number;
}) {
  // No bars in the chart's first mount turn (Staged.tsx: surface and axes, then the data).
  const full = useDataTurn();
  const rows = !full ? NO_BARS : conditions.map((c, i) => {
    const row: Record<string, unknown> = { condition: c };
    algos.forEach((a, k) => { const s = stats[i][k]; if (s) { row[a] = s.mean; row[`${a}_err`] = errOf(s); } });
    return row;
  });
  return (
    <>
    {legend && <ConditionLegend algos={algos} names={names} />}
    <ResponsiveContainer width="100%" height={height}>
      <BarChart data={rows} margin={CHART_MARGIN}>
        {GRID}
        <XAxis dataKey="condition" tick={WrapTick} interval={0} height={36} />
        <YAxis {...yAxisProps(yLabel, yAxis)} />
        <ChartTooltip formatter={fmtValue} isAnimationActive={false} names={Object.fromEntries(algos.map((a, k) => [a, names[k]]))} />
        {refLine('y', 0, '#1d2733')}
        {algos.map((a, k) => (
          <Bar key={a} dataKey={a} name={seriesName(names[k])} fill={ALGO_COLORS[a]} isAnimationActive={false}>
            {barErrors(`${a}_err`)}
          </Bar>
        ))}
      </BarChart>
    </ResponsiveContainer>
    </>
  );
}

/** The legend of ConditionBars: one bar colour per algorithm. */
export function ConditionLegend({ algos, names }: { algos: readonly AlgoId[]; names: string[] }) {
  return <SeriesLegend series={algos.map((a, k) => ({ name: names[k], color: ALGO_COLORS[a], marker: 'rect' as const }))} />;
}

/** The numbers ConditionBars draws, as a CSV table: per algorithm its value, 95% CI and sample count. */
export function conditionTable(conditions: string[], names: string[], stats: (Summary | undefined)[][], value: string, samples: string): ChartTable {
  return {
    columns: ['condition', ...names.flatMap((n) => [`${n} ${value}`, `${n} CI95 low`, `${n} CI95 high`, `${n} n (${samples})`])],
    rows: conditions.map((c, i) => [c, ...stats[i].flatMap((s) => (s ? [s.mean, hasInterval(s) ? s.low : null, hasInterval(s) ? s.high : null, s.n] : [null, null, null, null]))]),
  };
}

function worstConditions(result: RunResult): { name: string; pick: (e: MemberEval) => Summary }[] {
  return [
    { name: 'nominal', pick: (e) => e.nominal },
    { name: 'worst in box', pick: (e) => e.worstBox.stat },
    { name: 'worst KL kernel', pick: (e) => e.worstKernel },
    ...(result.shift ? [{ name: 'shifted', pick: (e: MemberEval) => e.shift! }] : []),
  ];
}
const worstAxis = perRun((result) => linearAxis(
  worstConditions(result).flatMap((c) => algosOf(result.members).flatMap((a) => radiiShown(result, a).flatMap((r) => drawnValues(overSeeds(result, a, r, c.pick))))),
  { range: specOf(result)?.returnRange, zero: true },
));

const NominalWorstView = memo(function NominalWorstView({ result, rho }: ViewProps) {
  if (!result) return <ChartCard title="Nominal versus worst case" testId="chart-worst" empty="Train to compare nominal and worst-case returns." children={null} />;
  const algos = algosOf(result.members);
  const names = algos.map((a) => labelAt(result, a, rho));
  const conditions = worstConditions(result);
  const stats = conditions.map((c) => algos.map((a) => overSeeds(result, a, shownRadius(result.members, a, rho), c.pick)));
  const flat = stats.flat();
  const yAxis = worstAxis(result);
  const first = shownMembers(result.members, rho)[0];
  const box = first ? evalOf(result, first.id)?.worstBox.params : undefined;
  const table = () => conditionTable(conditions.map((c) => c.name), names, stats, 'mean return (sum of rewards)', samplesOf(result));
  const summary = `Bar chart of the mean return under ${conditions.length} conditions. `
    + listText(conditions.map((c, i) => `${c.name}: ${names.map((n, k) => `${n} ${fmt(stats[i][k]?.mean)}`).join(', ')}`)) + '.';
  return (
    <ChartCard
      title="Nominal versus worst case" testId="chart-worst" summary={summary} table={table}
      caption={<>Worst case in the box |log(p/p₀)| ≤ {fmt(result.setup.worstBoxEps)} and under the worst-case kernel (KL ρ_eval = {fmt(result.setup.klKernelRho)} per step, K = {result.setup.kernelCandidates} candidates, {result.setup.kernelHorizon}-step look-ahead, {Math.min(result.setup.kernelEpisodes, result.setup.evalEpisodes)} episodes){result.shift && <>; shifted: {result.shift.label} at once</>}; bars start at 0; {intervalNote(result, 'error bars', flat)}.{box && <> Worst box parameters ({algoLabel(first)}): {Object.entries(box).map(([k, v]) => `${k}=${fmt(v)}`).join(', ')}.</>}</>}
    >
      <ConditionBars algos={algos} names={names} conditions={conditions.map((c) => c.name)} stats={stats} yLabel={RETURN} yAxis={yAxis} />
    </ChartCard>
  );
});
export function NominalWorstChart() {
  const [result, rho] = useResult('chart-worst');
  return <NominalWorstView result={result} rho={rho} />;
}

/** What the radius chart draws: a function of the run alone (the slider only moves its marker line). */
function rhoData(result: RunResult | null) {
  const robust = result ? algosOf(result.members).filter(isRobust) : [];
  const radii = result ? [...new Set(robust.flatMap((a) => radiiOf(result.members, a)))].sort((x, y) => x - y) : [];
  if (!result || radii.length < 2) return null;
  const hasBc = result.members.some((m) => m.algo === 'bc');
  const bc = hasBc ? { nominal: overSeeds(result, 'bc', 0, (e) => e.nominal), worst: overSeeds(result, 'bc', 0, (e) => e.worstBox.stat) } : undefined;
  const stats = radii.map((r) => robust.map((a) => ({ nom: overSeeds(result, a, r, (e) => e.nominal), worst: overSeeds(result, a, r, (e) => e.worstBox.stat) })));
  // Radii are categories (0 cannot sit on a log axis); they are few and log-spaced by construction.
  const rows = radii.map((r, i) => {
    const row: Record<string, unknown> = { rho: fmtRho(r) };
    if (bc?.nominal) row.bc_nom = bc.nominal.mean;
    if (bc?.worst) row.bc_worst = bc.worst.mean;
    robust.forEach((a, k) => {
      const { nom: n, worst: w } = stats[i][k];
      if (n) { row[`${a}_nom`] = n.mean; row[`${a}_nom_err`] = errOf(n); }
      if (w) { row[`${a}_worst`] = w.mean; row[`${a}_worst_err`] = errOf(w); }
    });
    return row;
  });
  // Drawing order = legend order: BC's levels, then each algorithm's nominal and worst curves.
  const series: { key: string; name: string; algo: AlgoId; worst: boolean }[] = [
    ...(bc?.nominal ? [{ key: 'bc_nom', name: 'BC nominal', algo: 'bc' as const, worst: false }] : []),
    ...(bc?.worst ? [{ key: 'bc_worst', name: 'BC worst in box', algo: 'bc' as const, worst: true }] : []),
    ...robust.flatMap((a) => [
      { key: `${a}_nom`, name: `${ALGO_LABELS[a]} nominal`, algo: a, worst: false },
      { key: `${a}_worst`, name: `${ALGO_LABELS[a]} worst in box`, algo: a, worst: true },
    ]),
  ];
  const flat = [...stats.flat().flatMap((s) => [s.nom, s.worst]), bc?.nominal, bc?.worst];
  const yAxis = linearAxis(flat.flatMap(drawnValues), { range: specOf(result)?.returnRange });
  const legend = series.map((s) => ({ name: s.name, color: ALGO_COLORS[s.algo], dash: s.worst ? '6 3' : undefined, marker: s.algo === 'bc' ? undefined : ALGO_MARKERS[s.algo] }));
  return { robust, radii, bc, stats, rows, series, flat, yAxis, legend };
}

const RhoView = memo(function RhoView({ result, rho }: ViewProps) {
  const data = useMemo(() => rhoData(result), [result]);
  // The chart itself depends on the run alone: a slider move re-renders the caption and the summary, React skips
  // this same element, and only the marker (RadiusMarker) follows the slider. Redrawn as a whole for a ReferenceLine
  // that moved, the chart cost as much as the others (~20 ms CPU at load 20).
  const chart = useMemo(() => data && result && (
    <>
      <SeriesLegend series={data.legend} />
      <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
        <LineChart data={data.rows} margin={RHO_MARGIN}>
          {GRID}
          <XAxis dataKey="rho" tick={axisStyle} label={xAxisLabel('radius ρ (nats)')} height={38} padding={RHO_PADDING} />
          <YAxis {...yAxisProps(RETURN, data.yAxis)} />
          <ChartTooltip formatter={fmtValue} labelFormatter={rhoLabel} isAnimationActive={false} />
          <RadiusMarker members={result.members} algo={data.robust[0]} />
          {data.series.map((s) => (
            <Line
              key={s.key} dataKey={s.key} name={s.name} stroke={ALGO_COLORS[s.algo]} strokeWidth={2} strokeDasharray={s.worst ? '6 3' : undefined}
              dot={s.algo === 'bc' ? false : markerDot(ALGO_MARKERS[s.algo], ALGO_COLORS[s.algo], s.worst)} legendType={s.algo === 'bc' ? 'plainline' : ALGO_MARKERS[s.algo]} isAnimationActive={false}
            >
              {s.algo !== 'bc' && <ErrorBar dataKey={`${s.key}_err`} width={4} stroke={ALGO_COLORS[s.algo]} />}
            </Line>
          ))}
        </LineChart>
      </ResponsiveContainer>
    </>
  ), [data, result]);
  if (!result || !data) {
    return <ChartCard title="Return versus radius ρ" testId="chart-rho" empty={result ? 'Train a robust algorithm over at least two radii to see this.' : 'Train to see how the radius trades nominal for worst-case return.'} children={null} />;
  }
  const { robust, radii, bc, stats, series, flat } = data;
  const selected = fmtRho(shownRadius(result.members, robust[0], rho));
  const table = (): ChartTable => ({
    columns: ['radius rho (nats)', ...series.flatMap((s) => [`${s.name} mean return (sum of rewards)`, `${s.name} CI95 low`, `${s.name} CI95 high`, `${s.name} n (${samplesOf(result)})`])],
    rows: radii.map((r, i) => [r, ...series.flatMap((s) => {
      const st = s.algo === 'bc' ? (s.worst ? bc?.worst : bc?.nominal) : stats[i][robust.indexOf(s.algo)][s.worst ? 'worst' : 'nom'];
      return st ? [st.mean, hasInterval(st) ? st.low : null, hasInterval(st) ? st.high : null, st.n] : [null, null, null, null];
    })]),
  });
  const summary = `Line chart of the nominal and worst-in-box return against the radius ρ from ${fmtRho(radii[0])} to ${fmtRho(radii.at(-1)!)}. `
    + listText(robust.map((a, k) => `${ALGO_LABELS[a]}: nominal ${fmt(stats[0][k].nom?.mean)} to ${fmt(stats.at(-1)![k].nom?.mean)}, worst ${fmt(stats[0][k].worst?.mean)} to ${fmt(stats.at(-1)![k].worst?.mean)}`))
    + (bc ? `; BC: nominal ${fmt(bc.nominal?.mean)}, worst ${fmt(bc.worst?.mean)}` : '') + `. The slider selects ρ = ${selected}.`;
  return (
    <ChartCard
      title="Return versus radius ρ" testId="chart-rho" summary={summary} table={table}
      caption={<>Each radius is a member of one trained ensemble; solid, filled markers: nominal; dashed, hollow markers: worst in box; BC (grey) does not depend on ρ. Dotted vertical line: the slider's radius ({selected}); {intervalNote(result, 'error bars', flat)}.</>}
    >
      {chart}
    </ChartCard>
  );
});

/**
 * The radius chart's dotted line at the slider's radius, drawn by us from the chart's x scale: it reads the slider
 * from the store itself, so a move redraws this line alone (a ReferenceLine is an item of recharts' store, and
 * moving one redrew the whole chart).
 */
function RadiusMarker({ members, algo }: { members: RunResult['members']; algo: AlgoId }) {
  const selected = useStore((s) => fmtRho(shownRadius(members, algo, s.rho)));
  const x = useXAxisScale();
  const area = usePlotArea();
  const px = x?.(selected);
  if (typeof px !== 'number' || !Number.isFinite(px) || !area) return null;
  return <line className="radius-marker" x1={px} x2={px} y1={area.y} y2={area.y + area.height} stroke="#1d2733" strokeDasharray="2 3" />;
}
export function RhoChart() {
  const [result, rho] = useResult('chart-rho');
  return <RhoView result={result} rho={rho} />;
}

function traceSpec(result: RunResult): EnvSpec | undefined {
  const first = result.evals[0]?.traceNominal;
  try { return first ? getEnvSpec(first.envId) : undefined; } catch { return undefined; }
}
const traceValues = (tr: { states: ArrayLike<number>; steps: number; stateDim: number }, varIndex: number) => {
  const ys: number[] = [];
  for (let t = 0; t <= tr.steps; t++) ys.push(tr.states[t * tr.stateDim + varIndex]);
  return ys;
};
/** The traces' axes for one state variable over every trained policy's rollouts (and the longest rollout's steps). */
const traceAxes = perRun((result) => {
  const byVar = new Map<number, { axis: StateAxis; yAxis: ValueAxis | undefined; steps: number }>();
  return (varIndex: number) => {
    let got = byVar.get(varIndex);
    if (!got) {
      const all = result.evals.flatMap((ev) => [ev.traceNominal, ev.traceWorst]).filter((tr) => !!tr);
      const values = all.flatMap((tr) => traceValues(tr, varIndex));
      const axis = stateAxis(traceSpec(result), varIndex, values);
      const yAxis = axis.domain && axis.ticks ? { domain: axis.domain, ticks: axis.ticks } : linearAxis(values.map(axis.value));
      got = { axis, yAxis, steps: Math.max(1, ...all.map((tr) => tr.steps)) };
      byVar.set(varIndex, got);
    }
    return got;
  };
});

const TracesView = memo(function TracesView({ result, rho }: ViewProps) {
  const varIndex = useStore((s) => s.traceVar);
  const setVar = (i: number) => useStore.setState({ traceVar: i });
  if (!result) return <ChartCard title="Rollout traces" testId="chart-traces" empty="Train to compare a nominal and a worst-case rollout." children={null} />;
  const shown = shownMembers(result.members, rho);
  const spec = traceSpec(result);
  const stateNames = spec?.stateNames ?? [];
  const series: { key: string; name: string; algo: AlgoId; worst: boolean; ys: number[] }[] = [];
  for (const m of shown) {
    const ev = evalOf(result, m.id);
    if (!ev) continue;
    for (const [which, tr] of [['nominal', ev.traceNominal], ['worst', ev.traceWorst]] as const) {
      const ys = traceValues(tr, varIndex);
      series.push({ key: `${m.algo}_${which}`, name: `${algoLabel(m)} ${which === 'worst' ? 'worst in box' : which}`, algo: m.algo, worst: which === 'worst', ys });
    }
  }
  const { axis, yAxis, steps } = traceAxes(result)(varIndex);
  // Columns by algorithm (one shown member each): a slider move changes the data, not the lines (recharts
  // removed and re-added a line whose dataKey changed).
  const rows = traceRows(series, axis);
  const table = (): ChartTable => {
    const len = Math.max(0, ...series.map((s) => s.ys.length));
    return {
      columns: ['time step', ...series.map((s) => `${s.name}: ${axis.title}`)],
      rows: Array.from({ length: len }, (_, t) => [t, ...series.map((s) => (t < s.ys.length ? axis.value(s.ys[t]) : null))]),
    };
  };
  const summary = `Line chart of ${axis.title} over time, ${series.length} rollouts (solid: nominal dynamics, dashed: worst parameters in the box). `
    + listText(series.map((s) => `${s.name}: ${fmt(axis.value(s.ys[0]))} at step 0, ${fmt(axis.value(s.ys.at(-1) ?? NaN))} at step ${s.ys.length - 1}`)) + '.';
  return (
    <ChartCard
      title="Rollout traces" testId="chart-traces" summary={summary} table={table}
      caption={<>One episode per policy from the same initial state: nominal dynamics (solid) and the worst parameters found in the box (dashed).{axis.note && <> {axis.note}</>}</>}
    >
      <label className="inline">State variable{' '}
        <select value={varIndex} onChange={(e) => setVar(Number(e.target.value))} data-testid="trace-var">
          {stateNames.map((n, i) => <option key={n} value={i}>{n}</option>)}
        </select>
      </label>
      <SeriesLegend series={series.map((s) => ({ name: s.name, color: ALGO_COLORS[s.algo], dash: s.worst ? '6 3' : undefined }))} />
      <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
        <LineChart data={rows} margin={CHART_MARGIN}>
          {GRID}
          <XAxis dataKey="t" {...xRangeProps(0, steps)} tick={axisStyle} label={xAxisLabel('time (steps)')} height={38} />
          <YAxis {...yAxisProps(axis.title, yAxis, axis.tickFormat)} type="number" />
          <ChartTooltip formatter={fmtValue} labelFormatter={stepLabel} isAnimationActive={false} names={Object.fromEntries(series.map((s) => [s.key, s.name]))} />
          {series.map((s) => <Line key={s.key} dataKey={s.key} name={seriesName(s.name)} stroke={ALGO_COLORS[s.algo]} strokeDasharray={s.worst ? '6 3' : undefined} dot={false} legendType="plainline" isAnimationActive={false} strokeWidth={1.6} />)}
        </LineChart>
      </ResponsiveContainer>
    </ChartCard>
  );
});
export function TracesChart() {
  const [result, rho] = useResult('chart-traces');
  return <TracesView result={result} rho={rho} />;
}

/**
 * The weights' value axis follows the shown policy (the one chart whose axis moves with the slider): the largest
 * weight grows by an order of magnitude from the smallest radius to the largest, and on one axis for all the
 * small radii's weights lay flat on the floor. One object per array of weights (yAxisProps keys by its range).
 */
const weightsAxis = (w: ArrayLike<number>) => linearAxis(Array.from(w), { zero: true });

const WeightsView = memo(function WeightsView({ result, rho }: ViewProps) {
  const starts = useStore((s) => s.dataset.summary?.episodeStarts);
  const m = result ? shownMembers(result.members, rho).filter((x) => isRobust(x.algo)).sort((a, b) => (a.algo === 'be-droil' ? -1 : b.algo === 'be-droil' ? 1 : 0))[0] : undefined;
  const w = m && result ? evalOf(result, m.id)?.weights : undefined;
  if (!result || !m || !w) {
    return <ChartCard title="The adversary's weights over the demonstrations" testId="chart-weights" empty={result ? 'Only robust algorithms reweight the data (ρ > 0).' : 'Train a robust algorithm to see which transitions the worst case leans on.'} children={null} />;
  }
  const pts = downsample(Array.from(w, (v, i) => ({ i, w: v })), 400, (p) => p.i, (p) => p.w);
  let max = 0, s = 0, s2 = 0;
  for (const v of w) { max = Math.max(max, v); s += v; s2 += v * v; }
  const ess = (s * s) / (w.length * s2);
  const table = (): ChartTable => ({ columns: ['demonstration transition (index)', 'weight w = d/d0 (mean 1)'], rows: Array.from(w, (v, i) => [i, v]) });
  const summary = `Area chart of the adversary's weight on each of ${w.length} demonstrated transitions (${algoLabel(m)}): mean 1, largest ${fmt(max)}, effective sample size ${fmt(ess)} of the data.`;
  return (
    <ChartCard
      title="The adversary's weights over the demonstrations" testId="chart-weights" summary={summary} table={table}
      caption={<>{algoLabel(m)}: weight w<sub>i</sub> = d/d₀ of each demonstrated transition (mean 1; dotted lines: episode starts). ESS {fmt(ess)}, largest weight {fmt(max)}.</>}
    >
      <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
        <ComposedChart data={pts} margin={CHART_MARGIN}>
          {GRID}
          <XAxis dataKey="i" {...xRangeProps(0, Math.max(1, w.length - 1))} allowDecimals={false} tick={axisStyle} label={xAxisLabel('demonstration transition (index)')} height={38} />
          <YAxis {...yAxisProps('weight d/d₀ (mean 1)', weightsAxis(w))} />
          <ChartTooltip formatter={fmtValue} labelFormatter={transitionLabel} isAnimationActive={false} />
          {refLine('y', 1, '#9aa5b4')}
          {starts && starts.length < 60 && <EpisodeStarts starts={starts} />}
          <Area dataKey="w" name="weight" stroke={ALGO_COLORS[m.algo]} fill={ALGO_COLORS[m.algo]} fillOpacity={0.25} isAnimationActive={false} dot={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </ChartCard>
  );
});
export function WeightsChart() {
  const [result, rho] = useResult('chart-weights');
  return <WeightsView result={result} rho={rho} />;
}

const PAIRED_CONDITIONS = ['nominal', 'worst box', 'sweep area', 'shift'];
/** Over every algorithm and radius the chart can show. */
const pairedAxis = perRun((result) => linearAxis(
  result.paired.filter((p) => p.algo !== 'bc' && PAIRED_CONDITIONS.includes(p.condition)).flatMap((p) => drawnValues(p.stat)),
  { zero: true },
));

const PairedGainView = memo(function PairedGainView({ result, rho }: ViewProps) {
  const seeds = result ? seedCount(result) : 0;
  if (!result || seeds < 2 || !result.members.some((m) => m.algo === 'bc') || result.paired.length === 0) {
    return <ChartCard title="Paired gain over BC" testId="chart-paired" empty="Train with BC and a robust algorithm over two or more seeds (≥ 10 for a claim): the per-seed difference X − BC is often the only honest way to see an effect." children={null} />;
  }
  // Every algorithm against BC: the robust ones at the slider's radius, MBIL as it is.
  const robust = algosOf(result.members).filter((a) => a !== 'bc');
  const names = robust.map((a) => labelAt(result, a, rho));
  const conds = ['nominal', 'worst box', 'sweep area', ...(result.shift ? ['shift' as const] : [])];
  const condName = (c: string) => (c === 'shift' ? 'shifted' : c);
  const stats = conds.map((c) => robust.map((a) => result.paired.find((p) => p.algo === a && p.rho === shownRadius(result.members, a, rho) && p.condition === c)?.stat));
  const yAxis = pairedAxis(result);
  const table = () => conditionTable(conds.map(condName), names, stats, 'mean gain over BC (sum of rewards)', 'seeds');
  const summary = `Bar chart of the mean per-seed difference in return against BC over ${seeds} seeds. `
    + listText(conds.map((c, i) => `${condName(c)}: ${names.map((n, k) => `${n} ${fmt(stats[i][k]?.mean)}`).join(', ')}`)) + '.';
  return (
    <ChartCard
      title="Paired gain over BC" testId="chart-paired" summary={summary} table={table}
      caption={<>Per-seed difference X − BC (same data, initialisation and evaluation states), mean over {seeds} seeds{seeds < MIN_INTERVAL_N ? `; no error bars: ${seeds} seeds are too few for a 95% interval` : ' with its 95% CI'}. {seeds < 10 ? <b>Fewer than 10 seeds: not enough for a claim.</b> : 'An interval that excludes 0 is a consistent effect.'}</>}
    >
      <ConditionBars algos={robust} names={names} conditions={conds.map(condName)} stats={stats} yLabel="Δ return vs BC" yAxis={yAxis} />
    </ChartCard>
  );
});
export function PairedGainChart() {
  const [result, rho] = useResult('chart-paired');
  return <PairedGainView result={result} rho={rho} />;
}
