// Charts of a finished (or stopped) run. Each is a pure function of the run result and the slider:
// moving rho re-selects the nearest trained member and every chart redraws, without retraining.
import {
  Area, Bar, BarChart, CartesianGrid, ComposedChart, ErrorBar, Legend, Line, LineChart, ReferenceLine,
  ResponsiveContainer, Tooltip, XAxis, YAxis,
} from 'recharts';
import { useShallow } from 'zustand/shallow';
import { ALGO_LABELS, type AlgoId } from '../../core/setup';
import type { Summary } from '../../core/eval/stats';
import { useStore } from '../store';
import { getEnvSpec } from '../../core/envs';
import type { EnvId } from '../../core/envs/types';
import { algoLabel, algosOf, ALGO_COLORS, downsample, evalOf, fmtRho, isRobust, overSeeds, radiiOf, shownMembers, shownRadius } from '../selectors';
import type { MemberEval, RunResult } from '../../worker/protocol';
import { PENDING_STAT } from '../../worker/protocol';
import { axisStyle, CHART_HEIGHT, ChartCard, fmt } from './ChartCard';

function useResult() {
  return useStore(useShallow((s) => [s.result, s.setup.rho] as const));
}

/** recharts error bars take [minus, plus] offsets; no interval (one sample) draws none. */
function errOf(s: Summary | undefined): [number, number] | undefined {
  return s && Number.isFinite(s.ci95) ? [s.mean - s.low, s.high - s.mean] : undefined;
}

const seedsNote = (r: RunResult) => {
  const seeds = new Set(r.members.map((m) => m.seed)).size;
  return seeds > 1 ? `mean over ${seeds} seeds, 95% CI over seeds` : '95% CI over evaluation episodes, one seed';
};

export function SweepChart() {
  const [result, rho] = useResult();
  if (!result) return <ChartCard title="Return versus perturbation" testId="chart-sweep" empty="Train to see how each policy holds up when the dynamics shift." children={null} />;
  const algos = algosOf(result.members);
  const rows = result.factors.map((factor) => {
    const row: Record<string, number | [number, number]> = { factor };
    for (const a of algos) {
      // A partial re-evaluation (result.pending) has only the finished sweep points.
      const s = overSeeds(result, a, shownRadius(result.members, a, rho), (e) => e.sweep.find((p) => p.factor === factor)?.stat ?? PENDING_STAT);
      if (!s || !Number.isFinite(s.mean)) continue;
      row[`${a}_mean`] = s.mean;
      if (Number.isFinite(s.ci95)) row[`${a}_band`] = [s.low, s.high];
    }
    return row;
  });
  return (
    <ChartCard
      title="Return versus perturbation" testId="chart-sweep"
      caption={<>The parameter <b>{result.evalParam}</b> multiplied by a factor (log axis); band: {seedsNote(result)}.</>}
    >
      <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
        <ComposedChart data={rows} margin={{ top: 5, right: 12, bottom: 5, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e3e7ee" />
          <XAxis dataKey="factor" type="number" scale="log" domain={['dataMin', 'dataMax']} ticks={result.factors} tickFormatter={(v) => `${fmt(v)}×`} tick={axisStyle} label={{ value: `${result.evalParam} factor (× nominal)`, position: 'insideBottom', offset: -2, fontSize: 12 }} height={38} />
          <YAxis tick={axisStyle} tickFormatter={fmt} width={48} label={{ value: 'return', angle: -90, position: 'insideLeft', fontSize: 12 }} />
          <Tooltip formatter={(v) => (Array.isArray(v) ? `${fmt(v[0])} … ${fmt(v[1])}` : fmt(v))} labelFormatter={(f) => `factor ${fmt(f)}×`} isAnimationActive={false} />
          <Legend verticalAlign="top" wrapperStyle={{ fontSize: 12, paddingBottom: 4 }} />
          <ReferenceLine x={1} stroke="#9aa5b4" strokeDasharray="2 3" />
          {algos.map((a) => <Area key={`band-${a}`} dataKey={`${a}_band`} name={`${ALGO_LABELS[a]} 95% CI`} stroke="none" fill={ALGO_COLORS[a]} fillOpacity={0.15} isAnimationActive={false} legendType="none" />)}
          {algos.map((a) => <Line key={a} dataKey={`${a}_mean`} name={labelAt(result, a, rho)} stroke={ALGO_COLORS[a]} strokeWidth={2} dot={{ r: 2.5 }} isAnimationActive={false} />)}
        </ComposedChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}

function labelAt(result: RunResult, a: AlgoId, rho: number): string {
  return algoLabel({ algo: a, rho: shownRadius(result.members, a, rho) });
}

export function NominalWorstChart() {
  const [result, rho] = useResult();
  if (!result) return <ChartCard title="Nominal versus worst case" testId="chart-worst" empty="Train to compare nominal and worst-case returns." children={null} />;
  const algos = algosOf(result.members);
  const conditions: { name: string; pick: (e: MemberEval) => Summary }[] = [
    { name: 'nominal', pick: (e) => e.nominal },
    { name: 'worst in box', pick: (e) => e.worstBox.stat },
    { name: 'worst KL kernel', pick: (e) => e.worstKernel },
    ...(result.shift ? [{ name: 'shifted', pick: (e: MemberEval) => e.shift! }] : []),
  ];
  const rows = conditions.map((c) => {
    const row: Record<string, unknown> = { condition: c.name };
    for (const a of algos) {
      const s = overSeeds(result, a, shownRadius(result.members, a, rho), c.pick);
      if (s) { row[a] = s.mean; row[`${a}_err`] = errOf(s); }
    }
    return row;
  });
  const first = shownMembers(result.members, rho)[0];
  const box = first ? evalOf(result, first.id)?.worstBox.params : undefined;
  return (
    <ChartCard
      title="Nominal versus worst case" testId="chart-worst"
      caption={<>Worst case in the box |log(p/p₀)| ≤ {fmt(result.setup.worstBoxEps)} and under the worst-case kernel (KL ρ_eval = {fmt(result.setup.klKernelRho)} per step, K = {result.setup.kernelCandidates} candidates, {result.setup.kernelHorizon}-step look-ahead, {Math.min(result.setup.kernelEpisodes, result.setup.evalEpisodes)} episodes){result.shift && <>; shifted: {result.shift.label} at once</>}; error bars: {seedsNote(result)}.{box && <> Worst box parameters ({algoLabel(first)}): {Object.entries(box).map(([k, v]) => `${k}=${fmt(v)}`).join(', ')}.</>}</>}
    >
      <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
        <BarChart data={rows} margin={{ top: 5, right: 12, bottom: 5, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e3e7ee" />
          <XAxis dataKey="condition" tick={axisStyle} />
          <YAxis tick={axisStyle} tickFormatter={fmt} width={48} label={{ value: 'return', angle: -90, position: 'insideLeft', fontSize: 12 }} />
          <Tooltip formatter={(v) => fmt(v)} isAnimationActive={false} />
          <Legend verticalAlign="top" wrapperStyle={{ fontSize: 12, paddingBottom: 4 }} />
          {algos.map((a) => (
            <Bar key={a} dataKey={a} name={labelAt(result, a, rho)} fill={ALGO_COLORS[a]} isAnimationActive={false}>
              <ErrorBar dataKey={`${a}_err`} width={5} stroke="#1d2733" />
            </Bar>
          ))}
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}

export function RhoChart() {
  const [result, rho] = useResult();
  const robust = result ? algosOf(result.members).filter(isRobust) : [];
  const radii = result ? [...new Set(robust.flatMap((a) => radiiOf(result.members, a)))].sort((x, y) => x - y) : [];
  if (!result || radii.length < 2) {
    return <ChartCard title="Return versus radius ρ" testId="chart-rho" empty={result ? 'Train a robust algorithm over at least two radii to see this.' : 'Train to see how the radius trades nominal for worst-case return.'} children={null} />;
  }
  const bc = result.members.some((m) => m.algo === 'bc') ? {
    nominal: overSeeds(result, 'bc', 0, (e) => e.nominal)?.mean,
    worst: overSeeds(result, 'bc', 0, (e) => e.worstBox.stat)?.mean,
  } : undefined;
  // Radii are categories (0 cannot sit on a log axis); they are few and log-spaced by construction.
  const rows = radii.map((r) => {
    const row: Record<string, unknown> = { rho: fmtRho(r) };
    for (const a of robust) {
      const n = overSeeds(result, a, r, (e) => e.nominal);
      const w = overSeeds(result, a, r, (e) => e.worstBox.stat);
      if (n) { row[`${a}_nom`] = n.mean; row[`${a}_nom_err`] = errOf(n); }
      if (w) { row[`${a}_worst`] = w.mean; row[`${a}_worst_err`] = errOf(w); }
    }
    return row;
  });
  const selected = fmtRho(shownRadius(result.members, robust[0], rho));
  return (
    <ChartCard
      title="Return versus radius ρ" testId="chart-rho"
      caption={<>Each radius is a member of one trained ensemble; solid: nominal, dashed: worst in box; grey lines: BC. The slider's member is marked.</>}
    >
      <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
        <LineChart data={rows} margin={{ top: 5, right: 12, bottom: 5, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e3e7ee" />
          <XAxis dataKey="rho" tick={axisStyle} label={{ value: 'radius ρ (nats)', position: 'insideBottom', offset: -2, fontSize: 12 }} height={38} />
          <YAxis tick={axisStyle} tickFormatter={fmt} width={48} label={{ value: 'return', angle: -90, position: 'insideLeft', fontSize: 12 }} />
          <Tooltip formatter={(v) => fmt(v)} labelFormatter={(r) => `ρ = ${r}`} isAnimationActive={false} />
          <Legend verticalAlign="top" wrapperStyle={{ fontSize: 12, paddingBottom: 4 }} />
          <ReferenceLine x={selected} stroke="#1d2733" strokeDasharray="3 3" label={{ value: 'slider', fontSize: 11, position: 'top' }} />
          {bc?.nominal !== undefined && <ReferenceLine y={bc.nominal} stroke={ALGO_COLORS.bc} ifOverflow="extendDomain" />}
          {bc?.worst !== undefined && <ReferenceLine y={bc.worst} stroke={ALGO_COLORS.bc} strokeDasharray="5 3" ifOverflow="extendDomain" />}
          {robust.map((a) => (
            <Line key={`${a}n`} dataKey={`${a}_nom`} name={`${ALGO_LABELS[a]} nominal`} stroke={ALGO_COLORS[a]} strokeWidth={2} isAnimationActive={false}>
              <ErrorBar dataKey={`${a}_nom_err`} width={4} stroke={ALGO_COLORS[a]} />
            </Line>
          ))}
          {robust.map((a) => (
            <Line key={`${a}w`} dataKey={`${a}_worst`} name={`${ALGO_LABELS[a]} worst`} stroke={ALGO_COLORS[a]} strokeDasharray="5 3" strokeWidth={2} isAnimationActive={false}>
              <ErrorBar dataKey={`${a}_worst_err`} width={4} stroke={ALGO_COLORS[a]} />
            </Line>
          ))}
        </LineChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}

export function TracesChart() {
  const [result, rho] = useResult();
  const varIndex = useStore((s) => s.traceVar);
  const setVar = (i: number) => useStore.setState({ traceVar: i });
  if (!result) return <ChartCard title="Rollout traces" testId="chart-traces" empty="Train to compare a nominal and a worst-case rollout." children={null} />;
  const shown = shownMembers(result.members, rho);
  const firstTrace = result.evals[0]?.traceNominal;
  const stateNames = firstTrace ? getEnvSpec(firstTrace.envId as EnvId).stateNames : [];
  const series: { key: string; name: string; color: string; dash?: string; ys: number[] }[] = [];
  for (const m of shown) {
    const ev = evalOf(result, m.id);
    if (!ev) continue;
    for (const [which, tr] of [['nominal', ev.traceNominal], ['worst', ev.traceWorst]] as const) {
      const ys: number[] = [];
      for (let t = 0; t <= tr.steps; t++) ys.push(tr.states[t * tr.stateDim + varIndex]);
      series.push({ key: `${m.id}_${which}`, name: `${algoLabel(m)} ${which}`, color: ALGO_COLORS[m.algo], dash: which === 'worst' ? '5 3' : undefined, ys });
    }
  }
  const len = Math.max(0, ...series.map((s) => s.ys.length));
  const idx = downsample(Array.from({ length: len }, (_, i) => i), 400, (i) => i, (i) => series[0]?.ys[i] ?? 0);
  const rows = idx.map((t) => {
    const row: Record<string, number> = { t };
    for (const s of series) if (t < s.ys.length) row[s.key] = s.ys[t];
    return row;
  });
  return (
    <ChartCard
      title="Rollout traces" testId="chart-traces"
      caption={<>One episode per policy from the same initial state: nominal dynamics (solid) and the worst parameters found in the box (dashed).</>}
    >
      <label className="inline">State variable{' '}
        <select value={varIndex} onChange={(e) => setVar(Number(e.target.value))} data-testid="trace-var">
          {stateNames.map((n, i) => <option key={n} value={i}>{n}</option>)}
        </select>
      </label>
      <ResponsiveContainer width="100%" height={CHART_HEIGHT - 24}>
        <LineChart data={rows} margin={{ top: 5, right: 12, bottom: 5, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e3e7ee" />
          <XAxis dataKey="t" type="number" domain={[0, 'dataMax']} tick={axisStyle} label={{ value: 'time step', position: 'insideBottom', offset: -2, fontSize: 12 }} height={38} />
          <YAxis tick={axisStyle} tickFormatter={fmt} width={48} label={{ value: stateNames[varIndex] ?? '', angle: -90, position: 'insideLeft', fontSize: 12 }} />
          <Tooltip formatter={(v) => fmt(v)} labelFormatter={(t) => `step ${t}`} isAnimationActive={false} />
          <Legend verticalAlign="top" wrapperStyle={{ fontSize: 12, paddingBottom: 4 }} />
          {series.map((s) => <Line key={s.key} dataKey={s.key} name={s.name} stroke={s.color} strokeDasharray={s.dash} dot={false} isAnimationActive={false} strokeWidth={1.6} />)}
        </LineChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}

export function WeightsChart() {
  const [result, rho] = useResult();
  const starts = useStore((s) => s.dataset.summary?.episodeStarts);
  const m = result ? shownMembers(result.members, rho).filter((x) => isRobust(x.algo)).sort((a, b) => (a.algo === 'be-droil' ? -1 : b.algo === 'be-droil' ? 1 : 0))[0] : undefined;
  const w = m && result ? evalOf(result, m.id)?.weights : undefined;
  if (!result || !m || !w) {
    return <ChartCard title="The adversary's weights over the demonstrations" testId="chart-weights" empty={result ? 'Only robust algorithms reweight the data (ρ > 0).' : 'Train a robust algorithm to see which transitions the worst case leans on.'} children={null} />;
  }
  const pts = downsample(Array.from(w, (v, i) => ({ i, w: v })), 600, (p) => p.i, (p) => p.w);
  let max = 0, s = 0, s2 = 0;
  for (const v of w) { max = Math.max(max, v); s += v; s2 += v * v; }
  const ess = (s * s) / (w.length * s2);
  return (
    <ChartCard
      title="The adversary's weights over the demonstrations" testId="chart-weights"
      caption={<>{algoLabel(m)}: weight w<sub>i</sub> = d/d₀ of each demonstrated transition (mean 1; dotted lines: episode starts). ESS {fmt(ess)}, largest weight {fmt(max)}.</>}
    >
      <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
        <ComposedChart data={pts} margin={{ top: 5, right: 12, bottom: 5, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e3e7ee" />
          <XAxis dataKey="i" type="number" domain={[0, w.length - 1]} tick={axisStyle} label={{ value: 'demonstration transition', position: 'insideBottom', offset: -2, fontSize: 12 }} height={38} />
          <YAxis tick={axisStyle} tickFormatter={fmt} width={48} label={{ value: 'weight', angle: -90, position: 'insideLeft', fontSize: 12 }} />
          <Tooltip formatter={(v) => fmt(v)} labelFormatter={(i) => `transition ${i}`} isAnimationActive={false} />
          <ReferenceLine y={1} stroke="#9aa5b4" />
          {starts && starts.length < 60 && Array.from(starts).slice(1, -1).map((st) => <ReferenceLine key={st} x={st} stroke="#c3cad5" strokeDasharray="2 3" />)}
          <Area dataKey="w" name="weight" stroke={ALGO_COLORS[m.algo]} fill={ALGO_COLORS[m.algo]} fillOpacity={0.25} isAnimationActive={false} dot={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}

export function PairedGainChart() {
  const [result, rho] = useResult();
  const seeds = result ? new Set(result.members.map((m) => m.seed)).size : 0;
  if (!result || seeds < 2 || !result.members.some((m) => m.algo === 'bc') || result.paired.length === 0) {
    return <ChartCard title="Paired gain over BC" testId="chart-paired" empty="Train with BC and a robust algorithm over two or more seeds (≥ 10 for a claim): the per-seed difference X − BC is often the only honest way to see an effect." children={null} />;
  }
  // Every algorithm against BC: the robust ones at the slider's radius, MBIL as it is.
  const robust = algosOf(result.members).filter((a) => a !== 'bc');
  const conds = ['nominal', 'worst box', 'sweep area', ...(result.shift ? ['shift' as const] : [])];
  const rows = conds.map((c) => {
    const row: Record<string, unknown> = { condition: c === 'shift' ? 'shifted' : c };
    for (const a of robust) {
      const r = shownRadius(result.members, a, rho);
      const g = result.paired.find((p) => p.algo === a && p.rho === r && p.condition === c);
      if (g) { row[a] = g.stat.mean; row[`${a}_err`] = errOf(g.stat); }
    }
    return row;
  });
  return (
    <ChartCard
      title="Paired gain over BC" testId="chart-paired"
      caption={<>Per-seed difference X − BC (same data, initialisation and evaluation states), mean with 95% CI over {seeds} seeds. {seeds < 10 ? <b>Fewer than 10 seeds: not enough for a claim.</b> : 'An interval that excludes 0 is a consistent effect.'}</>}
    >
      <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
        <BarChart data={rows} margin={{ top: 5, right: 12, bottom: 5, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e3e7ee" />
          <XAxis dataKey="condition" tick={axisStyle} />
          <YAxis tick={axisStyle} tickFormatter={fmt} width={48} label={{ value: 'Δ return vs BC', angle: -90, position: 'insideLeft', fontSize: 12 }} />
          <Tooltip formatter={(v) => fmt(v)} isAnimationActive={false} />
          <Legend verticalAlign="top" wrapperStyle={{ fontSize: 12, paddingBottom: 4 }} />
          <ReferenceLine y={0} stroke="#1d2733" />
          {robust.map((a) => (
            <Bar key={a} dataKey={a} name={labelAt(result, a, rho)} fill={ALGO_COLORS[a]} isAnimationActive={false}>
              <ErrorBar dataKey={`${a}_err`} width={5} stroke="#1d2733" />
            </Bar>
          ))}
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}
