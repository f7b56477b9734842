// MBIL against BC on built-in demonstrations: density pre-training time and NLL, policy training time, and
// the nominal return of both (same seeds, same evaluation starts). Prints figures; asserts nothing.
// Run: npx tsx bench/mbil.ts [--envs CartPole-v1,Pendulum-v1] [--demos 3] [--steps 3000] [--density-steps 1000] [--seeds 0,1]
import os from 'node:os';
import { initBackend } from '../src/core/tf';
import { generateDemos } from '../src/core/experts';
import { getEnvSpec } from '../src/core/envs';
import { createTrainer } from '../src/core/algos/ensemble';
import { loadPolicy } from '../src/core/algos/policy';
import { createMbilTrainer } from '../src/core/mbil/trainer';
import { evaluateNominal } from '../src/core/eval';

const argv = process.argv.slice(2);
const flag = (name: string) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1] : undefined; };
const ENVS = flag('envs')?.split(',') ?? ['CartPole-v1', 'Pendulum-v1'];
const DEMOS = Number(flag('demos') ?? 3);
const STEPS = Number(flag('steps') ?? 3000);
const DENSITY_STEPS = Number(flag('density-steps') ?? 1000);
const SEEDS = (flag('seeds') ?? '0,1').split(',').map(Number);

const choice = await initBackend((flag('backend') ?? 'wasm') as 'wasm');
console.log(`backend ${choice.backend}; ${os.cpus().length} cores (${os.cpus()[0]?.model}); load ${os.loadavg()[0].toFixed(1)}`);
for (const envId of ENVS) {
  const spec = getEnvSpec(envId);
  const data = generateDemos(envId, { episodes: DEMOS, seed: 100 });
  const bounds = spec.actionSpace.kind === 'continuous' ? { actionLow: [...spec.actionSpace.low], actionHigh: [...spec.actionSpace.high] } : { numActions: spec.actionSpace.n };
  const common = { envId, steps: STEPS, ...bounds };
  const members = SEEDS.map((seed) => ({ seed }));
  let t0 = performance.now();
  const bc = createTrainer({ ...common, members: members.map((m) => ({ ...m, algo: 'bc' })) }, data);
  await bc.run();
  const bcPolicies = await bc.snapshot();
  bc.dispose();
  const bcTime = (performance.now() - t0) / 1000;
  t0 = performance.now();
  const mbil = createMbilTrainer({ ...common, members, densitySteps: DENSITY_STEPS }, data);
  const curves = await mbil.pretrain();
  const densTime = (performance.now() - t0) / 1000;
  t0 = performance.now();
  let lastDiag = '';
  await mbil.run({ onProgress: (d) => { lastDiag = d.members.map((m) => `L ${m.mbilLoss.toFixed(3)} bc ${m.bcLoss.toFixed(3)} r2 ${m.balanceLoss.toFixed(3)} r ${m.balanceResidual.toFixed(3)}`).join(' | '); } });
  const mbilPolicies = await mbil.snapshot();
  mbil.dispose();
  const polTime = (performance.now() - t0) / 1000;
  const nll = Object.entries(curves).map(([k, c]) => `${k} NLL ${c![0].dataNll.toFixed(2)} -> ${c![c!.length - 1].dataNll.toFixed(2)}`).join(', ');
  console.log(`\n${envId}, ${DEMOS} demos (${data.terminals.length} transitions), seeds ${SEEDS}`);
  console.log(`  BC: ${STEPS} steps in ${bcTime.toFixed(1)} s`);
  console.log(`  MBIL densities: ${DENSITY_STEPS} steps in ${densTime.toFixed(1)} s; ${nll}`);
  console.log(`  MBIL policy: ${STEPS} steps in ${polTime.toFixed(1)} s; last diagnostics ${lastDiag}`);
  const ctx = { envId, episodes: 20, seed: 7 };
  SEEDS.forEach((seed, i) => {
    const rb = evaluateNominal(loadPolicy(bcPolicies[i]), ctx).result.summary;
    const rm = evaluateNominal(loadPolicy(mbilPolicies[i]), ctx).result.summary;
    console.log(`  seed ${seed}: nominal return BC ${rb.mean.toFixed(1)} ± ${rb.std.toFixed(1)}, MBIL ${rm.mean.toFixed(1)} ± ${rm.std.toFixed(1)}`);
  });
}
