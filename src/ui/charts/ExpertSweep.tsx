// Before any click, the sweep chart already says something: the built-in expert's own return versus the
// perturbation factor (what "robust" is measured against). Cheap: a few episodes per factor, one factor per
// task, so the page stays responsive while it fills in. MuJoCo experts need their WebAssembly: not here.
import { useEffect, useState } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { useShallow } from 'zustand/shallow';
import { isMujocoSetupEnv, sweepFactors } from '../../core/setup';
import { getEnvSpec } from '../../core/envs';
import { DEFAULT_EVAL_PARAMS } from '../../core/environments/registry';
import { EVAL_DEFAULTS } from '../../core/eval/defaults';
import { evaluateConditions } from '../../core/eval/evaluate';
import { expertActor } from '../../core/experts/actor';
import { useStore } from '../store';
import { axisStyle, CHART_HEIGHT, ChartCard, ChartTooltip, fmt } from './ChartCard';

/** Episodes per factor for the expert's curve (the run's own evaluation uses evalEpisodes). */
const EXPERT_EPISODES = 3;

export function ExpertSweepChart(props: { empty: string }) {
  const [envId, evalParam, fMin, fMax, points] = useStore(useShallow((s) => [s.setup.envId, s.setup.evalParam, s.setup.evalFactorMin, s.setup.evalFactorMax, s.setup.evalPoints] as const));
  const [rows, setRows] = useState<{ factor: number; expert: number }[]>([]);
  const mujoco = isMujocoSetupEnv(envId);
  const spec = getEnvSpec(envId);
  const param = spec.params.some((p) => p.name === evalParam) ? evalParam : (DEFAULT_EVAL_PARAMS as Record<string, string[]>)[envId]?.[0] ?? spec.params[0].name;
  useEffect(() => {
    setRows([]);
    if (mujoco || !(fMin < fMax)) return;
    const factors = sweepFactors({ evalFactorMin: fMin, evalFactorMax: fMax, evalPoints: points });
    const p0 = spec.params.find((p) => p.name === param)!.default;
    const actor = expertActor(envId);
    const ctx = { envId, episodes: EXPERT_EPISODES, seed: EVAL_DEFAULTS.seed };
    const out: { factor: number; expert: number }[] = [];
    let timer = 0;
    // One factor per task; the chart draws once, with every point.
    const next = () => {
      const f = factors[out.length];
      const r = evaluateConditions(actor, ctx, [{ label: `${param} x${f}`, params: { [param]: p0 * f } }]).results[0];
      out.push({ factor: f, expert: r.summary.mean });
      if (out.length < factors.length) timer = window.setTimeout(next, 0);
      else setRows(out);
    };
    timer = window.setTimeout(next, 0);
    return () => clearTimeout(timer);
  }, [envId, param, fMin, fMax, points, mujoco]); // eslint-disable-line react-hooks/exhaustive-deps
  if (mujoco || rows.length < 2) return <ChartCard title="Return versus perturbation" testId="chart-sweep" empty={props.empty} children={null} />;
  return (
    <ChartCard
      title="Return versus perturbation" testId="chart-sweep"
      caption={<>Before training: the built-in expert&apos;s own return as <b>{param}</b> is multiplied by a factor (log axis; mean of {EXPERT_EPISODES} episodes per point). Train to add the learned policies.</>}
    >
      <div data-testid="expert-sweep">
        <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
          <LineChart data={rows} margin={{ top: 5, right: 12, bottom: 5, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e3e7ee" />
            <XAxis dataKey="factor" type="number" scale="log" domain={['dataMin', 'dataMax']} tickFormatter={(v) => `${fmt(v)}×`} tick={axisStyle} label={{ value: `${param} factor (× nominal)`, position: 'insideBottom', offset: -2, fontSize: 12 }} height={38} />
            <YAxis tick={axisStyle} tickFormatter={fmt} width={48} label={{ value: 'return', angle: -90, position: 'insideLeft', fontSize: 12 }} />
            <ChartTooltip formatter={(v) => fmt(v)} labelFormatter={(f) => `factor ${fmt(f)}×`} isAnimationActive={false} />
            <ReferenceLine x={1} stroke="#9aa5b4" strokeDasharray="2 3" />
            <Line dataKey="expert" name="expert" stroke="#1d2733" strokeWidth={2} dot={{ r: 2.5 }} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </ChartCard>
  );
}
