// Scores a stored linear policy (experts-data/*.json or a search's .best.json) the way docs/mujoco.md's expert table
// does: 10 episodes from the starts generateDemos draws from Rng(seed) (default 2026), nominal model. Prints mean
// (min..max) return, steps and final x, how many episodes ended (fell) before the time limit, D4RL's normalised score
// of the mean and, for the planar tasks, the largest |rooty| per episode and how many episodes flipped past pi/2.
//   npx tsx bench/mujoco-expert-eval.ts POLICY.json [episodes] [seed]
//   npx tsx bench/mujoco-expert-eval.ts 'ant-gait:[x0..x7]' [episodes] [seed]   (Ant-v5's trot gait, ant-gait.ts)
//   npx tsx bench/mujoco-expert-eval.ts SAC-ACTOR.json [episodes] [seed]   (a droil-policy file squashed by tanh,
//     locomotion-experts.ts squashedMlpController: bench/mujoco-sac.py --export)
import { readFileSync } from 'node:fs';
import { getEnvSpec, VecEnv } from '../src/core/envs';
import { loadMujocoEnvs } from '../src/core/mujoco/registry';
import { linearController } from '../src/core/mujoco/hopper-expert';
import { squashedMlpController } from '../src/core/mujoco/locomotion-experts';
import { d4rlScore } from '../src/core/mujoco/d4rl';
import { antGaitController, antGaitFromVector } from '../src/core/mujoco/ant-gait';
import { Rng } from '../src/core/rng';

await loadMujocoEnvs();
const [file, episodesArg, seedArg] = process.argv.slice(2);
type Act = (obs: ArrayLike<number>, oo: number, a: Float64Array, ao: number) => void;
let p: { envId: string }, m: number, act: Act;
if (file.startsWith('ant-gait:')) {
  p = { envId: 'Ant-v5' };
  m = 8;
  act = antGaitController(antGaitFromVector(JSON.parse(file.slice('ant-gait:'.length)) as number[]));
} else if ((JSON.parse(readFileSync(file, 'utf8')) as { format?: string }).format === 'droil-policy') {
  const mlp = JSON.parse(readFileSync(file, 'utf8')) as { envId: string; action: { dim: number } };
  p = mlp;
  m = mlp.action.dim;
  act = squashedMlpController(mlp, file);
} else {
  const lin = JSON.parse(readFileSync(file, 'utf8')) as { envId: string; W: number[]; mu: number[]; sigma: number[] };
  const n = lin.mu.length;
  p = lin;
  m = lin.W.length / n;
  act = linearController(Array.from({ length: m }, (_, k) => lin.W.slice(k * n, (k + 1) * n)), lin.mu, lin.sigma);
}
const episodes = Number(episodesArg ?? 10);
const env = new VecEnv(p.envId, episodes, {});
const resets = new Rng(Number(seedArg ?? 2026)).derive('demos/reset');
for (let e = 0; e < episodes; e++) env.resetOne(e, resets.nextSeed());
const ret = new Float64Array(episodes), steps = new Int32Array(episodes), x = new Float64Array(episodes);
// The planar tasks' largest |rooty| (state[2]) per episode: past pi/2 the cheetah has flipped onto its back.
const pitch = new Float64Array(episodes);
const planar = p.envId !== 'Ant-v5';
const a = new Float64Array(episodes * m);
while (env.numActive > 0) {
  const was = Uint8Array.from(env.active);
  for (let e = 0; e < episodes; e++) if (was[e]) act(env.observations, e * env.obsDim, a, e * m);
  env.step(a);
  for (let e = 0; e < episodes; e++) {
    if (!was[e]) continue;
    ret[e] += env.rewards[e];
    steps[e]++;
    x[e] = env.states[e * env.stateDim];
    if (planar) pitch[e] = Math.max(pitch[e], Math.abs(env.states[e * env.stateDim + 2]));
  }
}
const f = (v: ArrayLike<number>, d = 1) => { const s = Array.from(v); return `${(s.reduce((a2, b) => a2 + b, 0) / s.length).toFixed(d)} (${Math.min(...s).toFixed(d)}..${Math.max(...s).toFixed(d)})`; };
const limit = getEnvSpec(p.envId).maxEpisodeSteps;
const mean = Array.from(ret).reduce((a2, b) => a2 + b, 0) / episodes;
console.log(`${p.envId} ${file}: return ${f(ret)} steps ${f(steps, 0)} final x ${f(x)} fell (< ${limit} steps) ${steps.filter((n) => n < limit).length}/${episodes} D4RL ${d4rlScore(p.envId, mean)?.toFixed(1)}${planar ? ` max |rooty| ${f(pitch, 2)}, flipped (> pi/2) ${pitch.filter((v) => v > Math.PI / 2).length}/${episodes}` : ''} load ${(await import('node:os')).loadavg()[0].toFixed(1)}`);
