// MBIL against BC and BE-DROIL on built-in demonstrations, paired by seed: for every environment, number of
// demonstrations and seed, the same data (generateDemos(env, {episodes, seed}), as droil bench does), BC and
// BE-DROIL and MBIL (a BC member with MBIL's loss, after the density fit) trained as one ensemble of the
// engine with the same seed, and every policy evaluated from
// the same initial states, nominal and under one-parameter perturbations (the environment's four default
// parameters at x0.5 and x2). Prints the cost of each phase and a markdown table of paired differences
// (X - BC, mean and 95% CI over seeds). Asserts nothing.
// Run: npx tsx bench/mbil.ts [--envs CartPole-v1,Pendulum-v1] [--demos 1,3] [--seeds 3] [--steps 1000]
//                            [--density-steps 300] [--episodes 10] [--rho 0.2]
import os from 'node:os';
import { initBackend } from '../src/core/tf';
import { generateDemos } from '../src/core/experts';
import { getEnvSpec } from '../src/core/envs';
import { createTrainer } from '../src/core/algos/ensemble';
import { loadPolicy } from '../src/core/algos/policy';
import type { Actor } from '../src/core/policy';
import { balanceTargetsFor } from '../src/core/mbil';
import { DEFAULT_EVAL_PARAMS, evaluateNominal, evaluateSweeps } from '../src/core/eval';
import { formatMeanCi, pairedDifference, summarize } from '../src/core/eval/stats';
import type { EnvId } from '../src/core/envs';

const argv = process.argv.slice(2);
const flag = (name: string) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1] : undefined; };
const ENVS = flag('envs')?.split(',') ?? ['CartPole-v1', 'Pendulum-v1'];
const DEMOS = (flag('demos') ?? '1,3').split(',').map(Number);
const SEEDS = Number(flag('seeds') ?? 3);
const STEPS = Number(flag('steps') ?? 1000);
const DENSITY_STEPS = Number(flag('density-steps') ?? 300);
const EPISODES = Number(flag('episodes') ?? 10);
const RHO = Number(flag('rho') ?? 0.2);

const choice = await initBackend((flag('backend') ?? 'wasm') as 'wasm');
console.log(`backend ${choice.backend}; ${os.cpus().length} cores (${os.cpus()[0]?.model}); load ${os.loadavg()[0].toFixed(1)}`);
console.log(`command: npx tsx bench/mbil.ts ${argv.join(' ')}`);
const METHODS = ['bc', 'be-droil', 'mbil'] as const;
type Row = { env: string; demos: number; condition: string; returns: Record<(typeof METHODS)[number], number[]> };
const rows = new Map<string, Row>();
const add = (env: string, demos: number, condition: string, method: (typeof METHODS)[number], value: number) => {
  const key = `${env}|${demos}|${condition}`;
  if (!rows.has(key)) rows.set(key, { env, demos, condition, returns: { bc: [], 'be-droil': [], mbil: [] } });
  rows.get(key)!.returns[method].push(value);
};

for (const envId of ENVS) {
  const spec = getEnvSpec(envId);
  const bounds = spec.actionSpace.kind === 'continuous' ? { actionLow: [...spec.actionSpace.low], actionHigh: [...spec.actionSpace.high] } : { numActions: spec.actionSpace.n };
  const sweeps = DEFAULT_EVAL_PARAMS[envId as EnvId].map((param) => ({ param, factors: [0.5, 2] }));
  for (const demos of DEMOS) {
    for (let seed = 0; seed < SEEDS; seed++) {
      const data = generateDemos(envId, { episodes: demos, seed });
      let t0 = performance.now();
      const fit = await balanceTargetsFor(data, { envId, seed, densitySteps: DENSITY_STEPS, ...bounds });
      const tDensity = (performance.now() - t0) / 1000;
      t0 = performance.now();
      const engine = createTrainer({ envId, steps: STEPS, seed, ...bounds, members: [{ algo: 'bc', seed }, { algo: 'be-droil', rho: RHO, seed }, { algo: 'bc', loss: 'mbil', seed }] }, data, fit.targets);
      await engine.run();
      const [bcJson, beJson, mbilJson] = await engine.snapshot();
      engine.dispose();
      const tEngine = (performance.now() - t0) / 1000;
      const nll = Object.entries(fit.densityCurves).map(([k, c]) => `${k} ${c![c!.length - 1].dataNll.toFixed(2)}`).join(', ');
      console.log(`${envId} demos=${demos} seed=${seed}: MBIL densities ${tDensity.toFixed(0)} s (NLL ${nll}); BC+BE-DROIL+MBIL ${tEngine.toFixed(0)} s`);
      const ctx = { envId, episodes: EPISODES, seed: 12345 + seed };
      const actors: Record<(typeof METHODS)[number], Actor> = { bc: loadPolicy(bcJson), 'be-droil': loadPolicy(beJson), mbil: loadPolicy(mbilJson) };
      for (const method of METHODS) {
        add(envId, demos, 'nominal', method, evaluateNominal(actors[method], ctx).result.summary.mean);
        const sw = evaluateSweeps(actors[method], ctx, sweeps);
        for (const s of sw) s.points.forEach((p) => add(envId, demos, p.label, method, p.summary.mean));
        add(envId, demos, 'worst of sweep', method, Math.min(...sw.map((s) => s.worst.mean)));
      }
    }
  }
}

console.log(`\n| env | demos | condition | BC return | BE-DROIL − BC | MBIL − BC |`);
console.log(`|---|---|---|---|---|---|`);
for (const r of rows.values()) {
  const bc = summarize(r.returns.bc);
  const d = (m: 'be-droil' | 'mbil') => formatMeanCi(pairedDifference(r.returns[m], r.returns.bc));
  console.log(`| ${r.env} | ${r.demos} | ${r.condition} | ${formatMeanCi(bc)} | ${d('be-droil')} | ${d('mbil')} |`);
}
console.log(`\n${SEEDS} seeds, ${EPISODES} evaluation episodes per condition, ${STEPS} policy steps, ${DENSITY_STEPS} density steps, rho ${RHO}; mean and 95% CI over seeds.`);
