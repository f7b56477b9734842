// Summarises `droil bench` outputs for docs/results/where-it-pays.md: per run, per method, the paired
// difference to BC (mean ± 95% t-CI over seeds, and how many seeds it was positive on) on the nominal
// condition, the mean over perturbed conditions and the worst sweep point, under each evaluation kernel;
// a verdict per cell: win (CI above 0), lose (CI below 0), tie. Figures only, no assertions. Reads each run
// directory's results.csv (or results.csv.gz) and the command from its table.md (bench/lib/results-csv.ts).
//   npx tsx bench/where-it-pays.ts docs/results/where-it-pays/<run> [...]
//   npx tsx bench/where-it-pays.ts --merge A B   (one grid run in parts, e.g. with --first-seed: their rows
//   are pooled; the settings must be the same apart from the seeds)
//   npx tsx bench/where-it-pays.ts --baseline augment-model DIR   (paired differences to another method than BC,
//   e.g. a reading against its own control; the baseline's rho is the one its rows carry)
import { formatMeanCi, summarize } from '../src/core/eval/stats';
import { evalKernelsOf, readBenchRun, type BenchRun } from './lib/results-csv';

const label = (a: string, r: number | null) => (r === null ? a : `${a} rho=${r}`);

const argv = process.argv.slice(2);
const baseAt = argv.indexOf('--baseline');
const base = baseAt >= 0 ? argv[baseAt + 1] : 'bc';
const args = baseAt >= 0 ? [...argv.slice(0, baseAt), ...argv.slice(baseAt + 2)] : argv;
const merge = args[0] === '--merge';
const inputs: [string, BenchRun][] = (merge ? args.slice(1) : args).map((p) => [p, readBenchRun(p)]);
const runs: [string, Pick<BenchRun, 'command' | 'rows'>][] = merge
  ? [[inputs.map(([p]) => p).join(' + '), { command: inputs.map(([, j]) => j.command).join('` and `'), rows: inputs.flatMap(([, j]) => j.rows) }]]
  : inputs;
for (const [path, j] of runs) {
  const rows = j.rows;
  const kernels = evalKernelsOf(rows);
  const suffix = (pn: number) => (pn > 0 ? ` [noise ${pn}]` : '');
  const conds = kernels.flatMap((pn) => ['nominal', 'perturbed mean', 'sweep worst'].map((c) => ({ c: c + suffix(pn), head: `${c}${pn > 0 ? `, noise ${pn}` : ''}` })));
  const methods = [...new Set(rows.map((r) => JSON.stringify([r.algo, r.rho])))].map((k) => JSON.parse(k) as [string, number | null]).filter(([a]) => a !== base);
  const envDemos = [...new Set(rows.map((r) => JSON.stringify([r.env, r.demos])))].map((k) => JSON.parse(k) as [string, number]);
  console.log(`\n#### ${path}\n\nCommand: \`${j.command}\`\n`);
  for (const [env, demos] of envDemos) {
    const part = rows.filter((r) => r.env === env && r.demos === demos);
    const seeds = [...new Set(part.map((r) => r.seed))].sort((a, b) => a - b);
    const baseRho = part.find((r) => r.algo === base)?.rho ?? null;
    const get = (algo: string, rho: number | null, c: string, s: number) => part.find((r) => r.algo === algo && r.rho === rho && r.condition === c && r.seed === s)?.mean;
    const B = base === 'bc' ? 'BC' : label(base, baseRho);
    console.log(`${env}, ${demos} demo${demos > 1 ? 's' : ''}, ${seeds.length} seeds. ${B}'s return (mean ± 95% CI over seeds) and each method's paired difference to ${B}, with [seeds where it beat ${B} / lost to ${B}] and the verdict:\n`);
    console.log(`| method | ${conds.map((x) => x.head).join(' | ')} |\n|---|${conds.map(() => '---').join('|')}|`);
    console.log(`| ${B} (return) | ${conds.map(({ c }) => formatMeanCi(summarize(seeds.map((s) => get(base, baseRho, c, s)!)), 1)).join(' | ')} |`);
    for (const [a, r] of methods) {
      const cells = conds.map(({ c }) => {
        const d = seeds.map((s) => get(a, r, c, s)! - get(base, baseRho, c, s)!);
        const sm = summarize(d);
        const v = sm.low > 0 ? '**win**' : sm.high < 0 ? '**lose**' : 'tie';
        return `${formatMeanCi(sm, 1)} [${d.filter((x) => x > 0).length}/${d.filter((x) => x < 0).length}] ${v}`;
      });
      console.log(`| ${label(a, r)} | ${cells.join(' | ')} |`);
    }
    console.log('');
  }
}
