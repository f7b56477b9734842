// Pools `droil bench` runs of one grid made in seed chunks (--first-seed) and prints, per environment and
// number of demonstrations: the bench's own table (return, normalised score, paired difference to BC) over
// all seeds, then one paired-difference table over every condition including each sweep point, with
// [seeds better than BC / worse than BC] and a verdict (win: 95% CI above 0, lose: below 0, tie).
// Figures only. Checks that the chunks' commands agree apart from the seeds and --out, and that no seed
// repeats. Reads each run directory's results.csv(.gz) and table.md (bench/lib/results-csv.ts); the mean
// training time is printed only where the run's timing.json (or an old results.json) is there.
//   npx tsx bench/pool-seed-chunks.ts RUN_DIR1 RUN_DIR2 ...      (docs/results/mujoco.md: -> pooled.md)
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { markdownTable, methodLabel, summarizeRows } from '../src/core/eval/report';
import { formatMeanCi, summarize } from '../src/core/eval/stats';
import { readBenchRun } from './lib/results-csv';

const paths = process.argv.slice(2);
if (paths.length === 0) throw new Error('usage: pool-seed-chunks.ts RUN_DIR ...');
const runs = paths.map(readBenchRun);
// The command without what may differ between chunks of one grid.
const sameSettings = (command: string) => command.replace(/ --(seeds|first-seed|out) \S+/g, '');
for (const [i, r] of runs.entries()) {
  if (sameSettings(r.command) !== sameSettings(runs[0].command)) throw new Error(`${paths[i]}: settings differ from ${paths[0]} beyond the seeds`);
}
const rows = runs.flatMap((r) => r.rows);
const seen = new Set<string>();
for (const r of rows) {
  const k = JSON.stringify([r.env, r.demos, r.algo, r.rho, r.seed, r.condition]);
  if (seen.has(k)) throw new Error(`seed ${r.seed} appears twice (${k})`);
  seen.add(k);
}
const seeds = [...new Set(rows.map((r) => r.seed))].sort((a, b) => a - b);
// Seconds per cell: timing.json (droil bench since the grid became cells), else an old run's results.json.
const secondsOf = (dir: string): number[] | null => {
  const timing = join(dir, 'timing.json'), raw = join(dir, 'results.json');
  if (existsSync(timing)) return (JSON.parse(readFileSync(timing, 'utf8')) as { cells: { seconds: number }[] }).cells.map((c) => c.seconds);
  if (existsSync(raw)) return (JSON.parse(readFileSync(raw, 'utf8')) as { training: { seconds?: number }[] }).training.map((t) => t.seconds ?? NaN);
  return null;
};
const perRun = runs.map((r) => secondsOf(r.dir));
const trainSeconds = perRun.every((x) => x !== null && !x.some(Number.isNaN)) ? perRun.flat() as number[] : [];
console.log(`Pooled ${paths.length} run(s): seeds ${seeds.join(', ')}${trainSeconds.length > 0 ? `; training ${summarize(trainSeconds).mean.toFixed(0)} s per seed on average` : ''}.\n`);
for (const [i, r] of runs.entries()) console.log(`- \`${r.command}\` (${paths[i]})`);
console.log('');
console.log(markdownTable(summarizeRows(rows)));

const envDemos = [...new Set(rows.map((r) => JSON.stringify([r.env, r.demos])))].map((k) => JSON.parse(k) as [string, number]);
for (const [env, demos] of envDemos) {
  const part = rows.filter((r) => r.env === env && r.demos === demos);
  const partSeeds = [...new Set(part.map((r) => r.seed))].sort((a, b) => a - b);
  const conditions = [...new Set(part.map((r) => r.condition))];
  const methods = [...new Set(part.map((r) => JSON.stringify([r.algo, r.rho])))].map((k) => JSON.parse(k) as [string, number | null]).filter(([a]) => a !== 'bc');
  const get = (algo: string, rho: number | null, c: string, s: number) => part.find((r) => r.algo === algo && r.rho === rho && r.condition === c && r.seed === s)!.mean;
  console.log(`\n### ${env}, ${demos} demonstration${demos === 1 ? '' : 's'}, ${partSeeds.length} seeds: every condition\n`);
  console.log('BC return (mean ± 95% CI over seeds); per method the paired difference to BC, [seeds above BC / below BC] and the verdict (win/lose: the 95% CI excludes 0).\n');
  console.log(`| condition | BC return | ${methods.map(([a, r]) => methodLabel(a, r)).join(' | ')} |\n|---|---|${methods.map(() => '---').join('|')}|`);
  for (const c of conditions) {
    const bc = summarize(partSeeds.map((s) => get('bc', null, c, s)));
    const cells = methods.map(([a, r]) => {
      const d = partSeeds.map((s) => get(a, r, c, s) - get('bc', null, c, s));
      const sm = summarize(d);
      const v = d.length < 2 ? '(1 seed)' : sm.low > 0 ? '**win**' : sm.high < 0 ? '**lose**' : 'tie';
      return `${formatMeanCi(sm, 1)} [${d.filter((x) => x > 0).length}/${d.filter((x) => x < 0).length}] ${v}`;
    });
    console.log(`| ${c} | ${formatMeanCi(bc, 1)} | ${cells.join(' | ')} |`);
  }
}
