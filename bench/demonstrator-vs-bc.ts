// The built-in demonstrator under the bench's conditions and starts: pools `droil eval --policy expert --json`
// outputs (one per seed s, run with --seed 12345+s and --episodes 3, as the bench evaluates seed s) and prints
// the demonstrator's return per condition (mean ± 95% CI over seeds) next to BC's from a pooled bench grid,
// with their paired per-seed difference (BC - demonstrator). Figures only.
// The bench runs are read from their directories' results.csv(.gz) (bench/lib/results-csv.ts).
//   npx tsx bench/demonstrator-vs-bc.ts EXPERT_DIR BENCH_DIR1 [BENCH_DIR2 ...]   (docs/results/mujoco.md)
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { formatMeanCi, summarize } from '../src/core/eval/stats';
import { readBenchRun } from './lib/results-csv';

interface EvalJson { seed: number; mean: number; sweeps: { param: string; factors: number[]; points: { factor: number; mean: number }[] }[]; worstBox?: { eps: number; mean: number } }

const [dir, ...benches] = process.argv.slice(2);
const evalSeedBase = 12345;
const experts = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as EvalJson);
const rows = benches.flatMap((p) => readBenchRun(p).rows).filter((r) => r.algo === 'bc');
const demos = [...new Set(rows.map((r) => r.demos))];
if (demos.length !== 1) throw new Error(`expected one demos count, got ${demos.join(', ')}`);
// Condition labels as the bench writes them.
const fmt = (f: number) => Number(f.toPrecision(3)).toString();
const conditions: { label: string; of: (e: EvalJson) => number | undefined }[] = [{ label: 'nominal', of: (e) => e.mean }];
for (const s of experts[0].sweeps) s.factors.forEach((f, j) => conditions.push({ label: `${s.param} x${fmt(f)}`, of: (e) => e.sweeps.find((x) => x.param === s.param)?.points[j]?.mean }));
if (experts[0].worstBox) conditions.push({ label: `worst box eps=${Number(experts[0].worstBox.eps.toPrecision(4))}`, of: (e) => e.worstBox?.mean });
const seeds = experts.map((e) => e.seed - evalSeedBase).sort((a, b) => a - b);
console.log(`Demonstrator: ${experts.length} seeds (${seeds.join(', ')}); BC: ${rows[0]?.env}, ${demos[0]} demonstration(s).\n`);
console.log('| condition | demonstrator | BC | BC - demonstrator [seeds above / below] |\n|---|---|---|---|');
for (const c of conditions) {
  const ex = seeds.map((s) => c.of(experts.find((e) => e.seed === evalSeedBase + s)!)!);
  const bc = seeds.map((s) => rows.find((r) => r.seed === s && r.condition === c.label)?.mean ?? NaN);
  const d = bc.map((b, i) => b - ex[i]);
  console.log(`| ${c.label} | ${formatMeanCi(summarize(ex), 1)} | ${formatMeanCi(summarize(bc), 1)} | ${formatMeanCi(summarize(d), 1)} [${d.filter((x) => x > 0).length}/${d.filter((x) => x < 0).length}] |`);
}
