// Every chart of the page, in one lazily loaded chunk (recharts is the largest library of the page).
import { DiagnosticsChart } from './DiagnosticsChart';
import { NominalWorstChart, PairedGainChart, RhoChart, SweepChart, TracesChart, WeightsChart } from './ResultCharts';

export default function ChartsGrid() {
  return (
    <div className="grid">
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
