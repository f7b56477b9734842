// Issue 19 item 2: how the two fixes (kappa c, whole-dataset batches) change a grid of `droil bench`, seed by
// seed. For every method in both runs and each condition: BC's return change (new - old), and the change of the
// method's paired gain over BC, ((m - BC)_new - (m - BC)_old), mean ± 95% t-CI over the seeds both runs have.
// Figures only, no assertions.
//   npx tsx bench/issue-19-change.ts OLD.json[+OLD2.json] NEW.json[+NEW2.json]   (or run directories)
import { existsSync, readFileSync } from 'node:fs';
import { formatMeanCi, summarize } from '../src/core/eval/stats';
import { readBenchRun } from './lib/results-csv';

interface Row { algo: string; rho: number | null; seed: number; condition: string; mean: number }
// A results.json that is there, else the run directory's results.csv(.gz) (committed runs keep no JSON: docs/results/README.md).
const rowsOf = (p: string): Row[] => (p.endsWith('.json') && existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as { rows: Row[] }).rows : readBenchRun(p).rows);
const load = (arg: string): Row[] => arg.split('+').flatMap(rowsOf);
const [oldRows, newRows] = [load(process.argv[2]), load(process.argv[3])];
const key = (r: { algo: string; rho: number | null }) => JSON.stringify([r.algo, r.rho]);
const get = (rows: Row[], m: string, c: string, s: number) => rows.find((r) => key(r) === m && r.condition === c && r.seed === s)?.mean;
const seeds = [...new Set(newRows.map((r) => r.seed))].filter((s) => oldRows.some((r) => r.seed === s)).sort((a, b) => a - b);
const conds = [...new Set(newRows.map((r) => r.condition))].filter((c) => ['nominal', 'perturbed mean', 'sweep worst'].includes(c.replace(/ \[noise .*\]$/, '')) && oldRows.some((r) => r.condition === c));
const methods = [...new Set(newRows.map(key))].filter((m) => oldRows.some((r) => key(r) === m));
const bc = key({ algo: 'bc', rho: null });
const label = (m: string) => { const [a, r] = JSON.parse(m) as [string, number | null]; return r === null ? a : `${a} rho=${r}`; };
console.log(`${seeds.length} seeds (${seeds[0]}-${seeds[seeds.length - 1]}). BC row: BC's return, new - old. Other rows: the change of the paired gain over BC, (m - BC)_new - (m - BC)_old; [seeds up / down].\n`);
console.log(`| method | ${conds.join(' | ')} |\n|---|${conds.map(() => '---').join('|')}|`);
for (const m of methods) {
  const cells = conds.map((c) => {
    const d = seeds.map((s) => (m === bc ? get(newRows, m, c, s)! - get(oldRows, m, c, s)! : (get(newRows, m, c, s)! - get(newRows, bc, c, s)!) - (get(oldRows, m, c, s)! - get(oldRows, bc, c, s)!)));
    return `${formatMeanCi(summarize(d), 1)} [${d.filter((x) => x > 0).length}/${d.filter((x) => x < 0).length}]`;
  });
  console.log(`| ${m === bc ? 'BC (return change)' : `${label(m)} (gain change)`} | ${cells.join(' | ')} |`);
}
