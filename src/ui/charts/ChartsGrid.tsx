// Every chart of the page, in one lazily loaded chunk (recharts is the largest library of the page).
import { useEffect, useRef } from 'react';
import { useStore } from '../store';
import { DiagnosticsChart } from './DiagnosticsChart';
import { NominalWorstChart, PairedGainChart, RhoChart, SweepChart, TracesChart, WeightsChart } from './ResultCharts';
import { noteSliderMove, stagedPending } from './Staged';

export default function ChartsGrid() {
  // Once a run has a result, its charts come first and the training diagnostics last (in the DOM, so the reading and
  // tab order follow): the sticky radius slider (styles.css) and the charts it moves are then on screen together,
  // and a move redraws those charts, not the four diagnostics panels (off screen they wait, Staged.tsx). Keys keep
  // each chart mounted when the order changes.
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
      {!hasResult && <DiagnosticsChart key="diagnostics" />}
      <SweepChart key="sweep" />
      <NominalWorstChart key="worst" />
      <RhoChart key="rho" />
      <TracesChart key="traces" />
      <WeightsChart key="weights" />
      <PairedGainChart key="paired" />
      {hasResult && <DiagnosticsChart key="diagnostics" />}
    </div>
  );
}
