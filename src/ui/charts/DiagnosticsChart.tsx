// Training diagnostics of the members the slider selects: losses, lambda, D_f(w) against rho, ESS.
// Live while training (points arrive at <= 10 Hz), downsampled for SVG.
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { memo, useDeferredValue } from 'react';
import { useShallow } from 'zustand/shallow';
import { useStore } from '../store';
import { algoLabel, ALGO_COLORS, downsample, shownMembers } from '../selectors';
import type { DiagPoint, MemberInfo } from '../../worker/protocol';
import { axisStyle, ChartCard, fmt } from './ChartCard';

const MAX_POINTS = 150;
const H = 190;

type Row = Record<string, number>;

/** Rows keyed by step with one column per (member, quantity); members log at the same steps. */
export function diagRows(members: MemberInfo[], diag: Record<number, DiagPoint[]>, keys: (keyof DiagPoint)[]): Row[] {
  const byStep = new Map<number, Row>();
  for (const m of members) {
    const pts = downsample(diag[m.id] ?? [], MAX_POINTS, (p) => p.step, (p) => p[keys[0]]);
    for (const p of pts) {
      let row = byStep.get(p.step);
      if (!row) { row = { step: p.step }; byStep.set(p.step, row); }
      for (const k of keys) {
        const v = p[k];
        // lambda is drawn on a log axis: a zero (warm start, BC) would break it, so it is left out.
        if (Number.isFinite(v) && (k !== 'lambda' || v > 0)) row[`${k}_${m.id}`] = v;
      }
    }
  }
  return [...byStep.values()].sort((a, b) => a.step - b.step);
}

export function DiagnosticsChart() {
  const [members, diag, rho] = useStore(useShallow((s) => [s.run.members, s.run.diag, s.setup.rho] as const));
  // Rendered as a transition: React may split the work and let input and the progress bar go first.
  const deferred = useDeferredValue(diag);
  return <DiagnosticsView members={members} diag={deferred} rho={rho} />;
}

const DiagnosticsView = memo(function DiagnosticsView({ members, diag, rho }: { members: MemberInfo[]; diag: Record<number, DiagPoint[]>; rho: number }) {
  const shown = shownMembers(members, rho);
  const robust = shown.filter((m) => m.algo !== 'bc');
  const npts = shown.reduce((n, m) => n + (diag[m.id]?.length ?? 0), 0);
  const empty = npts === 0 ? (members.length ? 'Waiting for the first logged step…' : 'Train to see the diagnostics.') : undefined;
  const rows = npts ? diagRows(shown, diag, ['bcLoss', 'robustLoss', 'lambda', 'divergence', 'ess']) : [];
  const x = <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} tick={axisStyle} label={{ value: 'training step', position: 'insideBottom', offset: -2, fontSize: 12 }} height={36} />;
  const tooltip = <Tooltip formatter={(v) => fmt(v)} labelFormatter={(s) => `step ${s}`} isAnimationActive={false} />;
  return (
    <ChartCard
      title="Training diagnostics" testId="chart-diagnostics" wide empty={empty} keepMounted
      caption={<>Solid: unweighted BC loss; dashed: the robust loss Σwℓ/N. λ is the adversary's temperature, D<sub>f</sub>(w) should sit at ρ (dotted) once the warm start ends; ESS = (Σw)²/(N Σw²).</>}
    >
      <div className="small-multiples">
        <div>
          <h4>Loss (nats per sample)</h4>
          <ResponsiveContainer width="100%" height={H}>
            <LineChart data={rows} margin={{ top: 5, right: 10, bottom: 5, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="#e3e7ee" />
              {x}
              <YAxis tick={axisStyle} tickFormatter={fmt} width={48} />
              {tooltip}
              <Legend verticalAlign="top" wrapperStyle={{ fontSize: 12, paddingBottom: 4 }} />
              {shown.map((m) => <Line key={`b${m.id}`} name={m.algo === 'bc' ? 'BC loss' : `${algoLabel(m)} BC loss`} dataKey={`bcLoss_${m.id}`} stroke={ALGO_COLORS[m.algo]} dot={false} isAnimationActive={false} strokeWidth={1.6} />)}
              {robust.map((m) => <Line key={`r${m.id}`} name={`${algoLabel(m)} robust`} dataKey={`robustLoss_${m.id}`} stroke={ALGO_COLORS[m.algo]} strokeDasharray="5 3" dot={false} isAnimationActive={false} strokeWidth={1.6} />)}
            </LineChart>
          </ResponsiveContainer>
        </div>
        <div>
          <h4>D<sub>f</sub>(w) against ρ</h4>
          <ResponsiveContainer width="100%" height={H}>
            <LineChart data={rows} margin={{ top: 5, right: 10, bottom: 5, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="#e3e7ee" />
              {x}
              <YAxis tick={axisStyle} tickFormatter={fmt} width={48} />
              {tooltip}
              {robust.map((m) => <ReferenceLine key={`ref${m.id}`} y={m.rho} stroke={ALGO_COLORS[m.algo]} strokeDasharray="2 3" ifOverflow="extendDomain" />)}
              {robust.map((m) => <Line key={`d${m.id}`} name={`${algoLabel(m)} D_f`} dataKey={`divergence_${m.id}`} stroke={ALGO_COLORS[m.algo]} dot={false} isAnimationActive={false} />)}
            </LineChart>
          </ResponsiveContainer>
        </div>
        <div>
          <h4>λ (log scale)</h4>
          <ResponsiveContainer width="100%" height={H}>
            <LineChart data={rows} margin={{ top: 5, right: 10, bottom: 5, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="#e3e7ee" />
              {x}
              <YAxis scale="log" domain={['auto', 'auto']} allowDataOverflow tick={axisStyle} tickFormatter={fmt} width={48} />
              {tooltip}
              {robust.map((m) => <Line key={`l${m.id}`} name={`${algoLabel(m)} λ`} dataKey={`lambda_${m.id}`} stroke={ALGO_COLORS[m.algo]} dot={false} isAnimationActive={false} />)}
            </LineChart>
          </ResponsiveContainer>
        </div>
        <div>
          <h4>Effective sample size (fraction)</h4>
          <ResponsiveContainer width="100%" height={H}>
            <LineChart data={rows} margin={{ top: 5, right: 10, bottom: 5, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="#e3e7ee" />
              {x}
              <YAxis domain={[0, 1]} tick={axisStyle} tickFormatter={fmt} width={48} />
              {tooltip}
              {shown.map((m) => <Line key={`e${m.id}`} name={`${algoLabel(m)} ESS`} dataKey={`ess_${m.id}`} stroke={ALGO_COLORS[m.algo]} dot={false} isAnimationActive={false} />)}
            </LineChart>
          </ResponsiveContainer>
        </div>
      </div>
    </ChartCard>
  );
});
