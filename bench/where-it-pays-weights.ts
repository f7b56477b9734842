// Hypothesis check for docs/results/where-it-pays.md: with epsilon-imperfect demonstrations, do the robust
// weights concentrate on the transitions whose action the expert would not have taken (the epsilon-replaced
// ones)? Trains DRO-BC, BE-DROIL and BE-DROIL with the MBIL loss as in the study (300 steps, batch 64),
// then prints, per member, the share of the adversary's weight that lands on those transitions against
// their share of the data. Figures only.
//   npx tsx bench/where-it-pays-weights.ts [envId] [epsilon] [seeds] [rho] [processNoise]
// (processNoise: the demonstrations' process noise, as `droil demos --process-noise`; default 0)
import { initBackend } from '../src/core/tf';
import { createTrainer } from '../src/core/algos/ensemble';
import { getEnvSpec } from '../src/core/environments/registry';
import { expertActor } from '../src/core/experts/actor';
import { generateDemos } from '../src/core/experts/demos';
import { balanceTargetsFor } from '../src/core/mbil/balance';
import { visitTransitionWeights } from './lib/transition-weights';

const envId = process.argv[2] ?? 'Acrobot-v1';
const epsilon = Number(process.argv[3] ?? 0.3);
const seeds = Number(process.argv[4] ?? 3);
const rho = Number(process.argv[5] ?? 2);
const processNoise = Number(process.argv[6] ?? 0);
await initBackend('wasm');
const space = getEnvSpec(envId).actionSpace;
const bounds = space.kind === 'discrete' ? { numActions: space.n } : { actionLow: space.low, actionHigh: space.high };
console.log(`${envId}, 1 demonstration, epsilon ${epsilon}${processNoise > 0 ? `, process noise ${processNoise}` : ''}, rho ${rho}, 300 steps, batch 64`);
console.log('| seed | member | transitions off-expert | weight on them (after training) | its own loss share on them |');
console.log('|---|---|---|---|---|');
for (let seed = 0; seed < seeds; seed++) {
  const data = generateDemos(envId, { episodes: 1, seed, epsilon, processNoise });
  const N = data.terminals.length;
  const expertA = expertActor(envId).act(data.observations, N);
  const off = Array.from({ length: N }, (_, i) => expertA[i] !== data.actions[i]);
  const balance = (await balanceTargetsFor(data, { envId, seed, ...bounds })).targets;
  const members = [{ algo: 'dro-bc', rho, seed }, { algo: 'be-droil', rho, seed }, { algo: 'be-droil', rho, seed, loss: 'mbil' }, { algo: 'bc', seed }];
  const t = createTrainer({ envId, seed, steps: 300, batchSize: 64, members, ...bounds }, data, balance);
  await t.run();
  const mass = members.map(() => 0), lossOff = members.map(() => 0), lossAll = members.map(() => 0);
  await visitTransitionWeights(t, N, (i, j, w, l) => {
    if (off[i]) { mass[j] += w; lossOff[j] += l; }
    lossAll[j] += l;
  });
  t.dispose();
  const share = off.filter(Boolean).length / N;
  members.forEach((m, j) => console.log(`| ${seed} | ${m.algo}${m.loss ? '-mbil' : ''} | ${(100 * share).toFixed(0)}% of ${N} | ${(100 * mass[j] / N).toFixed(0)}% | ${(100 * lossOff[j] / lossAll[j]).toFixed(0)}% |`));
}
