// Every chart of the page, in one lazily loaded chunk (recharts is the largest library of the page).
import { useDeferredValue } from 'react';
import { useShallow } from 'zustand/shallow';
import { useStore } from '../store';
import { DiagnosticsChart } from './DiagnosticsChart';
import { NominalWorstChart, PairedGainChart, RhoChart, SweepChart, TracesChart, WeightsChart } from './ResultCharts';

export default function ChartsGrid() {
  // On a phone the results come before the (long, stacked) diagnostics once a run has finished.
  const [result, rho] = useStore(useShallow((s) => [s.result, s.setup.rho] as const));
  const hasResult = result !== null;
  // The charts take the run and the radius deferred (ResultCharts.tsx); until they have caught up the grid
  // says so with the same marker as a chart still waiting for its turn, which tests and benchmarks wait for.
  const [shownResult, shownRho] = [useDeferredValue(result), useDeferredValue(rho)];
  const behind = shownResult !== result || shownRho !== rho;
  return (
    <div className={`grid${hasResult ? ' has-result' : ''}`} data-staged={behind ? 'pending' : undefined}>
      <DiagnosticsChart />
      <SweepChart />
      <NominalWorstChart />
      <RhoChart />
      <TracesChart />
      <WeightsChart />
      <PairedGainChart />
    </div>
  );
}
