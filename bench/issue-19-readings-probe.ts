// Issue 19, the cheapest decisive checks of readings A and B (ALGORITHMS.md 3.5) before any policy is trained:
//  A: how often the learned model's labels at its sampled next states agree with the built-in expert's there,
//     against the distance of those states from the data (standardised units, nearest recorded state);
//  B: how degenerate the simulator's exact trajectory likelihood-ratio weights are (effective sample size share,
//     largest weight) for H = 10 and H = whole episode.
// Usage: npx tsx bench/issue-19-readings-probe.ts --env CartPole-v1 --demos 1 --seeds 0,1,2 --process-noise 2
//          --perturb 'length=0.5,2;masspole=2;force_mag=0.5,2' [--density-steps 300]
// Prints a Markdown table per part; the numbers depend only on the arguments (seeded).
import { parseArgs } from 'node:util';
import { initBackend } from '../src/core/tf';
import { generateDemos } from '../src/core/experts';
import { getEnvSpec } from '../src/core/environments/registry';
import { modelCandidates, simulatorLogRatios, TILT_CANDIDATES } from '../src/core/eval/reading-inputs';
import { trajectoryWeights } from '../src/core/algos/likelihood-ratio';
import { observationStats } from '../src/core/algos/policy';

const { values } = parseArgs({ options: {
  env: { type: 'string' }, demos: { type: 'string', default: '1' }, seeds: { type: 'string', default: '0,1,2' },
  'process-noise': { type: 'string', default: '2' }, perturb: { type: 'string', default: '' }, 'density-steps': { type: 'string', default: '300' },
} });
const env = values.env!, demos = Number(values.demos), pn = Number(values['process-noise']), seeds = values.seeds!.split(',').map(Number);
const spec = getEnvSpec(env);
const space = spec.actionSpace;
const bounds = space.kind === 'discrete' ? { numActions: space.n } : { actionLow: space.low, actionHigh: space.high };
const perturbed = values.perturb!.split(';').filter(Boolean).flatMap((s) => {
  const [name, fs] = s.split('=');
  const def = spec.params.find((p) => p.name === name)!.default;
  return fs.split(',').map(Number).filter((f) => f !== 1).map((f) => ({ [name]: def * f }));
});
await initBackend('wasm');

const bins = [0.1, 0.25, 0.5, 1, 2, Infinity];
const agree = bins.map(() => ({ n: 0, ok: 0, err: 0 }));
const lrRows: string[] = [];
for (const seed of seeds) {
  const d = generateDemos(env, { episodes: demos, seed, processNoise: pn });
  const N = d.terminals.length, k = d.obsDim, norm = observationStats(d);
  if (perturbed.length > 0 && pn > 0) {
    const logR = simulatorLogRatios(env, d, pn, perturbed);
    for (const H of [10, 0]) {
      const w = trajectoryWeights(d.episodeStarts, logR, H);
      const s1 = w.reduce((a, b) => a + b, 0), s2 = w.reduce((a, b) => a + b * b, 0);
      lrRows.push(`| ${seed} | ${H === 0 ? 'episode' : H} | ${N} | ${((s1 * s1) / (N * s2)).toFixed(3)} | ${Math.max(...w).toFixed(1)} |`);
    }
  }
  const c = await modelCandidates(env, d, { envId: env, ...bounds, densitySteps: Number(values['density-steps']) }, TILT_CANDIDATES, seed);
  const z = (v: number, j: number) => (v - norm.mean[j]) / norm.std[j];
  const rows = N * c.model.K, m = d.actionDim;
  for (let r = 0; r < rows; r++) {
    let best = Infinity;
    for (let i = 0; i < N; i++) {
      let s = 0;
      for (let j = 0; j < k; j++) { const dv = z(c.model.next[r * k + j], j) - z(d.observations[i * k + j], j); s += dv * dv; }
      best = Math.min(best, s);
    }
    const dist = Math.sqrt(best), b = bins.findIndex((x) => dist <= x);
    agree[b].n++;
    if (space.kind === 'discrete') agree[b].ok += c.model.labels[r] === c.expert.labels[r] ? 1 : 0;
    else {
      // Continuous: the gap in the [-1, 1] action scale; "agrees" within 0.1.
      let e = 0;
      for (let j = 0; j < m; j++) e = Math.max(e, (2 * Math.abs(c.model.labels[r * m + j] - c.expert.labels[r * m + j])) / (space.high[j] - space.low[j]));
      agree[b].err += e;
      agree[b].ok += e <= 0.1 ? 1 : 0;
    }
  }
  console.error(`seed ${seed}: ${N} transitions, ${rows} model next states`);
}
console.log(`### ${env}, ${demos} demonstration(s), process noise ${pn}, seeds ${seeds.join(',')}, K = ${TILT_CANDIDATES}, density steps ${values['density-steps']}\n`);
console.log(`Reading A: the model's labels at its sampled next states against the expert's, by distance from the data (standardised, nearest recorded state)${space.kind === 'continuous' ? '; continuous: agreement = gap <= 0.1 in the [-1, 1] scale' : ''}\n`);
console.log(`| distance | next states | share | agreement |${space.kind === 'continuous' ? ' mean gap |' : ''}`);
console.log(`|---|---|---|---|${space.kind === 'continuous' ? '---|' : ''}`);
const total = agree.reduce((a, b) => a + b.n, 0);
agree.forEach((a, i) => {
  if (a.n === 0) return;
  const lo = i === 0 ? 0 : bins[i - 1];
  console.log(`| ${lo}-${bins[i] === Infinity ? 'inf' : bins[i]} | ${a.n} | ${(a.n / total).toFixed(3)} | ${(a.ok / a.n).toFixed(3)} |${space.kind === 'continuous' ? ` ${(a.err / a.n).toFixed(3)} |` : ''}`);
});
if (lrRows.length) {
  console.log(`\nReading B's oracle weights (mixture of ${perturbed.length} perturbed kernels): effective sample size share (sum w)^2 / (N sum w^2) and the largest weight (mean 1)\n`);
  console.log('| seed | H | N | ESS share | max weight |\n|---|---|---|---|---|');
  lrRows.forEach((r) => console.log(r));
}
