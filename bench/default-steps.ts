// How many training steps the page's default comparison needs (issue 9, item 3): BC and BE-DROIL (rho 0.2)
// on N CartPole-v1 expert demonstrations, trained for several step counts, then the nominal return over 10
// evaluation episodes (the page's evaluation seed). Prints returns and training time; never a test.
//   npx tsx bench/default-steps.ts [--demos 10] [--steps 200,300,500,1000] [--seeds 0,1,2] [--backend wasm]
import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import { initBackend, type BackendName } from '../src/core/tf';
import { createTrainer } from '../src/core/algos/ensemble';
import { loadPolicy } from '../src/core/algos/policy';
import { generateDemos } from '../src/core/experts';
import { evaluateConditions, EVAL_DEFAULTS } from '../src/core/eval';

const { values } = parseArgs({ options: { demos: { type: 'string', default: '10' }, steps: { type: 'string', default: '200,300,500,1000' }, seeds: { type: 'string', default: '0,1,2' }, backend: { type: 'string', default: 'wasm' } } });
await initBackend(values.backend as BackendName);
console.log(`load average ${loadavg().map((v) => v.toFixed(1)).join(' ')}; CartPole-v1, ${values.demos} demos, BC + BE-DROIL rho 0.2 (one ensemble), nominal return over 10 episodes`);
for (const seed of values.seeds!.split(',').map(Number)) {
  const data = generateDemos('CartPole-v1', { episodes: Number(values.demos), seed });
  for (const steps of values.steps!.split(',').map(Number)) {
    const t = createTrainer({ members: [{ algo: 'bc', seed }, { algo: 'be-droil', rho: 0.2, seed }], steps, logEvery: Math.max(5, Math.min(50, Math.round(steps / 150))), envId: 'CartPole-v1', numActions: 2 }, data);
    const t0 = performance.now();
    await t.run();
    const ms = performance.now() - t0;
    const policies = (await t.snapshot()).map((j) => loadPolicy(j));
    t.dispose();
    const ret = policies.map((p) => evaluateConditions(p, { envId: 'CartPole-v1', episodes: 10, seed: EVAL_DEFAULTS.seed }, [{ label: 'nominal', params: {} }]).results[0].summary.mean);
    console.log(`seed ${seed} steps ${String(steps).padStart(5)}: BC ${ret[0].toFixed(1).padStart(6)}  BE-DROIL ${ret[1].toFixed(1).padStart(6)}  (training ${(ms / 1000).toFixed(1)} s)`);
  }
}
