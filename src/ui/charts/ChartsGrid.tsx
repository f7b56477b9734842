// Every chart of the page, in one lazily loaded chunk (recharts is the largest library of the page).
import { useEffect, useRef } from 'react';
import { useStore } from '../store';
import { DiagnosticsChart } from './DiagnosticsChart';
import { NominalWorstChart, PairedGainChart, RhoChart, SweepChart, TracesChart, WeightsChart } from './ResultCharts';
import { noteSliderMove, stagedPending } from './Staged';

export default function ChartsGrid() {
  // On a phone the results come before the (long, stacked) diagnostics once a run has finished.
  const hasResult = useStore((s) => s.result !== null);
  // The charts take the run and the radius in turns (Staged.tsx); until every chart has had its turn the grid
  // says so with the same marker as a chart still waiting to mount, which tests and benchmarks wait for. Set
  // on the element directly: a render of the grid for it would be a render of every chart's wrapper.
  const grid = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // data-staged-visible: a chart on screen is still waiting (they go first; bench/page.ts times them apart).
    const mark = () => {
      const g = grid.current;
      if (!g) return;
      if (stagedPending.get()) g.dataset.staged = 'pending'; else delete g.dataset.staged;
      if (stagedPending.visible()) g.dataset.stagedVisible = 'pending'; else delete g.dataset.stagedVisible;
    };
    mark();
    const unMark = stagedPending.subscribe(mark);
    // While the slider moves, charts off screen wait (Staged.tsx).
    const unMove = useStore.subscribe((s, prev) => { if (s.rho !== prev.rho) noteSliderMove(); });
    return () => { unMark(); unMove(); };
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
