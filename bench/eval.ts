// Wall time of the default evaluation per environment: 9-point sweeps (0.5x..2x) of the 4 default
// parameters (src/core/eval/defaults.ts), 20 episodes each (720 episodes stepped together in one VecEnv),
// with two policies:
//   expert: the built-in controller (cheap to evaluate);
//   mlp:    a trained-size policy (2 x 64 tanh, plain-TypeScript forward pass through loadPolicy) whose
//           forward pass runs on every batch, but whose actions are the expert's, so episodes last as long
//           as the expert's and the figure is the cost of a good policy (a random MLP fails in a few steps).
// Also one run each of the worst-case box (eps = ln 1.5, default points) and the worst-case KL kernel
// (rho 0.05, K = 16, H = 40) for the same policies.
// Run: npx tsx bench/eval.ts [--runs 3] [--envs CartPole-v1,Pendulum-v1] [--no-extra]
import os from 'node:os';
import { initHostMlp, mlpSizes } from '../src/core/algos/mlp';
import { loadPolicy, policyToJson } from '../src/core/algos/policy';
import { envIds, getEnvSpec } from '../src/core/envs';
import { DEFAULT_EVAL_PARAMS, EVAL_DEFAULTS, defaultFactors, evaluateSweeps, evaluateWorstBox, evaluateWorstKernel } from '../src/core/eval';
import { expertActor } from '../src/core/experts';
import type { EnvId } from '../src/core/envs';
import type { Actor } from '../src/core/policy';
import { Rng } from '../src/core/rng';

const argv = process.argv.slice(2);
const flag = (name: string) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1] : undefined; };
const RUNS = Number(flag('runs') ?? 3);
const ENVS = (flag('envs')?.split(',') ?? envIds) as EnvId[];
const EXTRA = !argv.includes('--no-extra');

function mlpActor(envId: EnvId): Actor {
  const spec = getEnvSpec(envId);
  const space = spec.actionSpace;
  const obsDim = spec.obsNames.length;
  const outDim = space.kind === 'discrete' ? space.n : space.dim;
  const layers = initHostMlp(mlpSizes(obsDim, [64, 64], outDim), new Rng(1));
  const policy = loadPolicy(policyToJson({
    envId, obsDim, action: space.kind === 'discrete' ? { kind: 'discrete', n: space.n } : { kind: 'continuous', dim: space.dim, low: space.low, high: space.high },
    hidden: [64, 64], layers, normaliser: { mean: new Float32Array(obsDim), std: new Float32Array(obsDim).fill(1) }, algorithm: { algo: 'bench' },
  }));
  const expert = expertActor(envId);
  let sink = 0;
  return {
    obsDim, actionKind: space.kind, actionDim: expert.actionDim,
    act(obs, n) {
      const a = policy.act(obs, n); // the cost of a trained-size network
      sink += a[0];
      return expert.act(obs, n);
    },
    get sink() { return sink; },
  } as Actor;
}

const median = (xs: number[]) => { const s = xs.slice().sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const time = async (f: () => unknown) => { const t = performance.now(); await f(); return (performance.now() - t) / 1000; };

console.log(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}, Node ${process.version}`);
console.log(`default evaluation: sweeps of 4 parameters x ${EVAL_DEFAULTS.sweepPoints} factors x ${EVAL_DEFAULTS.episodes} episodes; median of ${RUNS} runs (min..max)\n`);
console.log('| environment | policy | sweeps: seconds | episodes | env steps | steps/s | box: seconds (points) | kernel: seconds |');
console.log('|---|---|---|---|---|---|---|---|');
for (const envId of ENVS) {
  for (const [name, actor] of [['expert', expertActor(envId)], ['mlp 2x64', mlpActor(envId)]] as const) {
    const ctx = { envId, episodes: EVAL_DEFAULTS.episodes, seed: EVAL_DEFAULTS.seed };
    const sweeps = DEFAULT_EVAL_PARAMS[envId].map((param) => ({ param, factors: defaultFactors() }));
    const times: number[] = [];
    let steps = 0, episodes = 0;
    for (let r = 0; r < RUNS; r++) {
      times.push(await time(() => {
        const res = evaluateSweeps(actor, ctx, sweeps);
        steps = 0; episodes = 0;
        for (const s of res) for (const p of s.points) { steps += p.meanLength * p.returns.length; episodes += p.returns.length; }
      }));
    }
    const m = median(times);
    let boxCell = '', kernelCell = '';
    if (EXTRA) {
      let points = 0;
      const tb = await time(async () => { points = (await evaluateWorstBox(actor, ctx, { params: DEFAULT_EVAL_PARAMS[envId], eps: EVAL_DEFAULTS.boxEps })).evaluated.length; });
      boxCell = `${tb.toFixed(2)} (${points})`;
      const tk = await time(() => evaluateWorstKernel(actor, ctx, { rho: EVAL_DEFAULTS.kernelRho }));
      kernelCell = tk.toFixed(2);
    }
    console.log(`| ${envId} | ${name} | ${m.toFixed(2)} (${Math.min(...times).toFixed(2)}..${Math.max(...times).toFixed(2)}) | ${episodes} | ${steps} | ${(steps / m).toExponential(2)} | ${boxCell} | ${kernelCell} |`);
  }
}
