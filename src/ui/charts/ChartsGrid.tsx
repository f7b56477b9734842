// Every chart of the page, in one lazily loaded chunk (recharts is the largest library of the page).
import { useStore } from '../store';
import { DiagnosticsChart } from './DiagnosticsChart';
import { NominalWorstChart, PairedGainChart, RhoChart, SweepChart, TracesChart, WeightsChart } from './ResultCharts';

export default function ChartsGrid() {
  // On a phone the results come before the (long, stacked) diagnostics once a run has finished.
  const hasResult = useStore((s) => s.result !== null);
  return (
    <div className={`grid${hasResult ? ' has-result' : ''}`}>
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
