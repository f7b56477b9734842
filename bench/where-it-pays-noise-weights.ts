// Hypothesis check for docs/results/where-it-pays.md, continuous actions: with action-noise demonstrations,
// do the robust weights concentrate on the transitions whose recorded action is furthest from the expert's
// (the largest noise draws)? Trains BC and BE-DROIL as the study's bench does (benchMember, same ensemble,
// the trainer's default 3000 steps x batch 256 unless given), then prints per member: the share of the
// adversary's weight on the 20% of transitions with the largest |recorded - expert| action, the weighted
// mean |noise| over the plain mean, and the share of the member's loss on those transitions. Figures only.
//   npx tsx bench/where-it-pays-noise-weights.ts [envId] [actionNoise] [demos] [seeds] [rhos] [steps]
import { initBackend } from '../src/core/tf';
import { createTrainer } from '../src/core/algos/ensemble';
import { getEnvSpec } from '../src/core/environments/registry';
import { expertActor } from '../src/core/experts/actor';
import { generateDemos } from '../src/core/experts/demos';
import { benchMember } from '../src/core/eval/benchmark';
import { visitTransitionWeights } from './lib/transition-weights';

const envId = process.argv[2] ?? 'Pendulum-v1';
const actionNoise = Number(process.argv[3] ?? 1);
const demos = Number(process.argv[4] ?? 10);
const seeds = Number(process.argv[5] ?? 3);
const rhos = (process.argv[6] ?? '0.5,2').split(',').map(Number);
const steps = process.argv[7] !== undefined ? Number(process.argv[7]) : undefined;
await initBackend('wasm');
const space = getEnvSpec(envId).actionSpace;
if (space.kind !== 'continuous') throw new Error(`${envId}: continuous actions only (discrete: bench/where-it-pays-weights.ts)`);
const D = space.dim;
console.log(`${envId}, ${demos} demonstrations, action noise ${actionNoise}, rho ${rhos.join(', ')}, ${steps ?? 'default'} steps`);
console.log('| seed | member | weight on the top-20% noise transitions | weighted mean noise / mean noise | loss share on them |');
console.log('|---|---|---|---|---|');
for (let seed = 0; seed < seeds; seed++) {
  const data = generateDemos(envId, { episodes: demos, seed, actionNoise });
  const N = data.terminals.length;
  const expertA = expertActor(envId).act(data.observations, N);
  // |recorded - expert| per transition (L2 over action components; the expert's action clipped as recorded ones are)
  const noise = Array.from({ length: N }, (_, i) => {
    let s = 0;
    for (let k = 0; k < D; k++) {
      const e = Math.min(space.high[k], Math.max(space.low[k], expertA[i * D + k]));
      s += (data.actions[i * D + k] - e) ** 2;
    }
    return Math.sqrt(s);
  });
  const cut = [...noise].sort((a, b) => b - a)[Math.floor(0.2 * N)];
  const top = noise.map((n) => n > cut);
  const members = [benchMember('bc', seed, null), ...rhos.map((r) => benchMember('be-droil', seed, r))];
  const t = createTrainer({ envId, seed, members, actionLow: space.low, actionHigh: space.high, ...(steps !== undefined ? { steps } : {}) }, data);
  await t.run();
  const M = members.length, wTop = new Array(M).fill(0), wNoise = new Array(M).fill(0), wAll = new Array(M).fill(0), lTop = new Array(M).fill(0), lAll = new Array(M).fill(0);
  await visitTransitionWeights(t, N, (i, j, w, l) => {
    wAll[j] += w; wNoise[j] += w * noise[i]; lAll[j] += l;
    if (top[i]) { wTop[j] += w; lTop[j] += l; }
  });
  t.dispose();
  const meanNoise = noise.reduce((a, b) => a + b, 0) / N;
  members.forEach((m, j) => {
    const name = m.algo === 'bc' ? 'bc' : `be-droil rho=${m.rho}`;
    console.log(`| ${seed} | ${name} | ${(100 * wTop[j] / wAll[j]).toFixed(0)}% (data: ${(100 * top.filter(Boolean).length / N).toFixed(0)}% of ${N}) | ${(wNoise[j] / wAll[j] / meanNoise).toFixed(2)} | ${(100 * lTop[j] / lAll[j]).toFixed(0)}% |`);
  });
}
