// Every chart of the page, in one lazily loaded chunk (recharts is the largest library of the page).
import { useEffect, useRef } from 'react';
import { useStore } from '../store';
import { DiagnosticsChart } from './DiagnosticsChart';
import { NominalWorstChart, PairedGainChart, RhoChart, SweepChart, TracesChart, WeightsChart } from './ResultCharts';
import { stagedPending } from './Staged';

export default function ChartsGrid() {
  // On a phone the results come before the (long, stacked) diagnostics once a run has finished.
  const hasResult = useStore((s) => s.result !== null);
  // The charts take the run and the radius in turns (Staged.tsx); until every chart has had its turn the grid
  // says so with the same marker as a chart still waiting to mount, which tests and benchmarks wait for. Set
  // on the element directly: a render of the grid for it would be a render of every chart's wrapper.
  const grid = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const mark = () => { if (grid.current) { if (stagedPending.get()) grid.current.dataset.staged = 'pending'; else delete grid.current.dataset.staged; } };
    mark();
    return stagedPending.subscribe(mark);
  }, []);
  return (
    <div className={`grid${hasResult ? ' has-result' : ''}`} ref={grid}>
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
