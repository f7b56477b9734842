// The held-out verdicts on the readings (verdicts.ts) drawn by the page's own paired-gain bars (ResultCharts'
// ConditionBars, in a ChartCard with its text alternative and CSV export): one small chart per task, each on
// its own scale.
import { ALGO_LABELS } from '../../core/setup';
import type { Summary } from '../../core/eval/stats';
import { ChartCard } from '../charts/ChartCard';
import { linearAxis } from '../charts/value-axis';
import { ConditionBars, ConditionLegend, conditionTable, drawnValues } from '../charts/ResultCharts';
import { fmtVerdict, HELD_OUT_VERDICTS, VERDICT_METHODS, verdictSeeds, type Verdict } from './verdicts';

/** A verdict as the charts' statistic (an interval needs n: the seeds). */
const asSummary = (x: Verdict, n: number): Summary => ({ n, mean: x.mean, std: NaN, ci95: x.ci95, low: x.mean - x.ci95, high: x.mean + x.ci95, min: NaN, max: NaN });

export function VerdictChart() {
  const tasks = HELD_OUT_VERDICTS.map((t) => t.task);
  const names = VERDICT_METHODS.map((m) => ALGO_LABELS[m]);
  const stats = HELD_OUT_VERDICTS.map((t) => VERDICT_METHODS.map((m) => { const x = t.verdicts[m]; return x ? asSummary(x, t.seeds) : undefined; }));
  const summary = 'Bar charts of the paired gain over BC on held-out seeds, one per task, each on its own scale. '
    + HELD_OUT_VERDICTS.map((t) => `${t.task}: ${VERDICT_METHODS.map((m) => `${ALGO_LABELS[m]} ${t.verdicts[m] ? fmtVerdict(t.verdicts[m]) : 'not run'}`).join(', ')}`).join('; ') + '.';
  return (
    <ChartCard
      title="Held-out paired gain over BC" testId="chart-verdicts" summary={summary}
      table={() => conditionTable(tasks, names, stats, 'mean gain over BC, perturbed conditions', 'held-out seeds')}
      caption={<>Mean over {verdictSeeds()} seeds never used to tune, of the return minus BC's on the same seed, averaged over the perturbed conditions, with its 95% CI (docs/results/issue-19.md). <b>Each task has its own scale</b> (returns are in the task's own units: Hopper's run to hundreds, Acrobot's to tens); compare methods within a task, and each bar with 0.</>}
    >
      <ConditionLegend algos={VERDICT_METHODS} names={names} />
      {/* One small chart per task, each with its own y axis (on one shared axis Hopper's bars dwarfed the rest). */}
      <div className="small-multiples verdict-multiples">
        {HELD_OUT_VERDICTS.map((t, i) => (
          <div key={t.task} data-task={t.task}>
            <h4>{t.task}</h4>
            <ConditionBars algos={VERDICT_METHODS} names={names} conditions={[t.task]} stats={[stats[i]]} yLabel="Δ return vs BC" yAxis={linearAxis(stats[i].flatMap(drawnValues), { zero: true })} legend={false} height={200} />
          </div>
        ))}
      </div>
    </ChartCard>
  );
}
