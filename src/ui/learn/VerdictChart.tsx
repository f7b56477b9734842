// The held-out verdicts on the readings (verdicts.ts) drawn by the page's own paired-gain bars (ResultCharts'
// ConditionBars, in a ChartCard with its text alternative and CSV export): one group of bars per task.
import { ALGO_LABELS } from '../../core/setup';
import type { Summary } from '../../core/eval/stats';
import { ChartCard } from '../charts/ChartCard';
import { linearAxis } from '../charts/value-axis';
import { ConditionBars, conditionTable, drawnValues } from '../charts/ResultCharts';
import { fmtVerdict, HELD_OUT_VERDICTS, VERDICT_METHODS, verdictSeeds, type Verdict } from './verdicts';

/** A verdict as the charts' statistic (an interval needs n: the seeds). */
const asSummary = (x: Verdict, n: number): Summary => ({ n, mean: x.mean, std: NaN, ci95: x.ci95, low: x.mean - x.ci95, high: x.mean + x.ci95, min: NaN, max: NaN });

export function VerdictChart() {
  const tasks = HELD_OUT_VERDICTS.map((t) => t.task);
  const names = VERDICT_METHODS.map((m) => ALGO_LABELS[m]);
  const stats = HELD_OUT_VERDICTS.map((t) => VERDICT_METHODS.map((m) => { const x = t.verdicts[m]; return x ? asSummary(x, t.seeds) : undefined; }));
  const yAxis = linearAxis(stats.flat().flatMap(drawnValues), { zero: true });
  const summary = 'Bar chart of the paired gain over BC on held-out seeds. '
    + HELD_OUT_VERDICTS.map((t) => `${t.task}: ${VERDICT_METHODS.map((m) => `${ALGO_LABELS[m]} ${t.verdicts[m] ? fmtVerdict(t.verdicts[m]) : 'not run'}`).join(', ')}`).join('; ') + '.';
  return (
    <ChartCard
      title="Held-out paired gain over BC" testId="chart-verdicts" summary={summary}
      table={() => conditionTable(tasks, names, stats, 'mean gain over BC, perturbed conditions', 'held-out seeds')}
      caption={<>Mean over {verdictSeeds()} seeds never used to tune, of the return minus BC's on the same seed, averaged over the perturbed conditions, with its 95% CI (docs/results/issue-19.md).</>}
    >
      <ConditionBars algos={VERDICT_METHODS} names={names} conditions={tasks} stats={stats} yLabel="Δ return vs BC" yAxis={yAxis} />
    </ChartCard>
  );
}
