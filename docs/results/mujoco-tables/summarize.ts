// Pools `droil bench` runs of one grid made in seed chunks (--first-seed) and prints, per environment and
// number of demonstrations: the bench's own table (return, normalised score, paired difference to BC) over
// all seeds, then one paired-difference table over every condition including each sweep point, with
// [seeds better than BC / worse than BC] and a verdict (win: 95% CI above 0, lose: below 0, tie).
// Figures only. Checks that the chunks share their settings apart from the seeds and that no seed repeats.
//   npx tsx docs/results/mujoco-tables/summarize.ts RUN1/results.json RUN2/results.json ...
import { readFileSync } from 'node:fs';
import { markdownTable, methodLabel, summarizeRows, type ResultRow } from '../../../src/core/eval/report';
import { formatMeanCi, summarize } from '../../../src/core/eval/stats';

interface Run { command: string; backend: string; settings: Record<string, unknown> & { seeds: number; firstSeed: number }; rows: ResultRow[]; training: { seconds: number }[] }

const paths = process.argv.slice(2);
if (paths.length === 0) throw new Error('usage: summarize.ts RUN/results.json ...');
const runs = paths.map((p) => JSON.parse(readFileSync(p, 'utf8')) as Run);
const sameSettings = (r: Run) => JSON.stringify({ ...r.settings, seeds: 0, firstSeed: 0 });
for (const [i, r] of runs.entries()) {
  if (sameSettings(r) !== sameSettings(runs[0])) throw new Error(`${paths[i]}: settings differ from ${paths[0]} beyond the seeds`);
}
const rows = runs.flatMap((r) => r.rows);
const seen = new Set<string>();
for (const r of rows) {
  const k = JSON.stringify([r.env, r.demos, r.algo, r.rho, r.seed, r.condition]);
  if (seen.has(k)) throw new Error(`seed ${r.seed} appears twice (${k})`);
  seen.add(k);
}
const seeds = [...new Set(rows.map((r) => r.seed))].sort((a, b) => a - b);
const trainSeconds = runs.flatMap((r) => r.training.map((t) => t.seconds));
console.log(`Pooled ${paths.length} run(s): seeds ${seeds.join(', ')}; training ${summarize(trainSeconds).mean.toFixed(0)} s per seed on average.\n`);
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
