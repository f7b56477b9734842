// Mean returns of the built-in experts as imperfect experts, per environment and noise level, so a study
// can pick levels that hurt the demonstrator without destroying it (issue 10; docs/imperfect-experts.md).
// Run: npx tsx bench/imperfect-experts.ts [--episodes 100] [--seed 2026]
// Each row is one generateDemos call (same seed, so the same initial states in every row); the figures are
// the mean return over the episodes with a 95% normal-approximation CI (mean +- 1.96 sd / sqrt(n)), the
// standard deviation, the worst episode, and the normalised score (R - R_random) / (R_expert - R_random)
// with R_random the epsilon = 1 row (a uniformly random policy) and R_expert the perfect row.
import { episodeReturns } from '../src/core/data/dataset';
import { envIds, getEnvSpec } from '../src/core/envs';
import { generateDemos, type DemoOptions } from '../src/core/experts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const EPISODES = arg('episodes', 100);
const SEED = arg('seed', 2026);

type Noise = Pick<DemoOptions, 'epsilon' | 'actionNoise' | 'processNoise'>;

function levels(id: string): [string, Noise][] {
  const continuous = getEnvSpec(id).actionSpace.kind === 'continuous';
  return [
    ['perfect', {}],
    ['epsilon 0.1', { epsilon: 0.1 }],
    ['epsilon 0.3', { epsilon: 0.3 }],
    ['epsilon 0.5', { epsilon: 0.5 }],
    ...(continuous ? ([['action noise 0.2', { actionNoise: 0.2 }], ['action noise 0.5', { actionNoise: 0.5 }], ['action noise 1', { actionNoise: 1 }]] as [string, Noise][]) : []),
    ['process noise 1', { processNoise: 1 }],
    ['process noise 2', { processNoise: 2 }],
    ['process noise 5', { processNoise: 5 }],
    ['epsilon 0.1 + process noise 1', { epsilon: 0.1, processNoise: 1 }],
    ['epsilon 0.3 + process noise 2', { epsilon: 0.3, processNoise: 2 }],
    ['random (epsilon 1)', { epsilon: 1 }],
  ];
}

function stats(xs: number[]) {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, n - 1));
  return { mean, sd, half: (1.96 * sd) / Math.sqrt(n), min: Math.min(...xs) };
}

console.log(`# Imperfect built-in experts: return over ${EPISODES} episodes, seed ${SEED}\n`);
for (const id of envIds) {
  const rows = levels(id).map(([label, noise]) => {
    const t0 = performance.now();
    const d = generateDemos(id, { episodes: EPISODES, seed: SEED, ...noise });
    return { label, ...stats(episodeReturns(d)!), ms: performance.now() - t0 };
  });
  const expert = rows[0].mean, random = rows[rows.length - 1].mean;
  console.log(`## ${id}\n`);
  console.log('| setting | mean return (95% CI) | sd | worst episode | normalised |');
  console.log('|---|---|---|---|---|');
  for (const r of rows) {
    const norm = (r.mean - random) / (expert - random);
    console.log(`| ${r.label} | ${r.mean.toFixed(1)} ± ${r.half.toFixed(1)} | ${r.sd.toFixed(1)} | ${r.min.toFixed(1)} | ${norm.toFixed(2)} |`);
  }
  console.log('');
}
